"""What the provider-agnostic tests need to know about each provider, kept with the provider.

Each registered provider has ``tests/providers/<name>/facts.py`` holding ``FACTS``, one
``ProviderFacts``; ``facts(name)`` loads it. A test that runs on every provider parametrizes over
``sendfrom.providers.PROVIDERS`` and reads what differs from here, never from a table keyed by
provider names (``tests/tools/test_structure.py`` holds the tests to that). Adding a provider
means adding its folder under ``tests/providers/``; no shared test changes.

A field says how the provider behaves where the public API and the adapter's declarations
(``capabilities``, ``unsupported_arguments``, ``required_options``, ...) do not already say it;
tests ask the adapter for those. A provider from outside the registry (``tests/fifth``, an
``--extra-provider``) gets ``ProviderFacts(name=...)``: every default is the common behaviour.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx

from sendfrom import errors
from sendfrom.providers import PROVIDERS, adapter_class

if TYPE_CHECKING:
    from fakes import Fake
    from sendfrom import RateLimit
    from sendfrom.testing import Simulator

Call = Callable[[Any], Any]
"""A call of the public API on a client (sync or async: the test awaits what it returns)."""


class LengthCase(NamedTuple):
    """A request field with a ``maxLength`` in the spec, and a call sending a value of length n."""

    schema: str
    """The request schema (``components/schemas/<schema>``) that declares the limit."""
    field: str
    """The schema's field, also the field the ``InvalidRequestError`` names."""
    make: Callable[[int], Call]
    """The call that sends a value of length n in that field."""


class WrongType(NamedTuple):
    """An argument of the wrong type, refused before sending, with the field the error names."""

    operation: str
    call: Call
    field: str


class BadOption(NamedTuple):
    """A ``provider_options`` value the spec's request model refuses, and the field named."""

    call: Call
    field: str


class DocExample(NamedTuple):
    """A documented payload in ``specs/evidence/<name>/``, with the exchange it belongs to."""

    file: str
    method: str
    url: str
    kind: str
    """``"request"`` or ``"response"`` (the success answer the spec declares)."""


class Recording(NamedTuple):
    """A recorded exchange of specs/evidence/<name>/: the answer's file (None: no body)."""

    file: str | None
    method: str
    url: str
    status: int
    request_body: Any = None
    """The request's body as recorded (None: none, or not recorded)."""

    @property
    def name(self) -> str:
        """The file without ``.json``, or method, URL and status for an exchange with no body."""
        if self.file is None:
            return f"{self.method}-{self.url}-{self.status}"
        return self.file.removesuffix(".json")


@dataclass(frozen=True, kw_only=True)
class Double:
    """The canned server of tests/providers/test_providers.py (an ``httpx.MockTransport``)."""

    build: Callable[[], Fake]
    """A fresh double, built from the provider's recorded and documented payloads."""
    ids: Mapping[str, str]
    """``{"identity": ..., "domain": ...}``: ids the double knows (``"unused"`` where none)."""
    scope: Mapping[str, str] = field(default_factory=dict)
    """The scope settings a client of the double needs (its routes hold them)."""
    create_identity: Mapping[str, Any] | None = None
    """``identities.create``'s arguments the double accepts (None: a generic address, name and
    domain id)."""
    update_identity: Mapping[str, Any] | None = None
    """``identities.update``'s arguments (None: ``{"name": "x"}``)."""
    identities_listed: int | None = None
    """How many identities the double lists over its pages (None: it lists none)."""


@dataclass(frozen=True, kw_only=True)
class BadInput:
    """What tests/unit/test_bad_input.py holds against the provider, beyond the generic cases."""

    lengths: tuple[LengthCase, ...] = ()
    """Every maxLength of a request field the facade sends, at and over the limit."""
    bounded_requests: frozenset[str] = frozenset()
    """The request schemas the facade sends: each of their maxLength fields needs a case."""
    lengths_held_stricter: frozenset[tuple[str, str]] = frozenset()
    """(schema, field) whose maxLength the facade replaces by a stricter rule (DNS, RFC 5321)."""
    wrong_types: tuple[WrongType, ...] = ()
    """Arguments of the wrong type the provider's operations refuse."""
    bad_options: tuple[BadOption, ...] = ()
    """``provider_options`` values its spec's request models refuse."""
    full_arguments: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """For each supported operation with a body: every unified argument it sends, valid."""


@dataclass(frozen=True, kw_only=True)
class SpecCalls:
    """How tests/conformance/test_call.py runs every spec operation through ``client.call``."""

    settings: Mapping[str, str] = field(default_factory=dict)
    """``connect`` settings for the calls (a scope the operations' paths take)."""
    seed: Callable[[Any, Any], dict[str, Any]] = lambda _sim, _client: {}
    """Makes what the operations address, given the simulator and a client: path values by name,
    and a value of each query parameter an operation requires (a page's size)."""
    bodies: Mapping[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)
    """A body that succeeds, for each operation that takes one, from the seeded values."""
    unseeded: frozenset[str] = frozenset()
    """Operations run on an empty simulator (a create of the one thing there can be)."""


@dataclass(frozen=True, kw_only=True)
class Fuzzing:
    """How tests/conformance/test_conformance.py seeds the simulator schemathesis fuzzes."""

    seed: Callable[[Any], dict[str, str]] = lambda _sim: {}
    """Makes objects on the simulator; the path values that address them, by parameter name."""
    bodies: Mapping[str, Callable[[dict[str, str]], dict[str, Any]]] = field(default_factory=dict)
    """A body that can succeed, by operation id, from the seeded values (random ones fail)."""


def _unchanged(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
    return response


@dataclass(frozen=True, kw_only=True)
class ProviderFacts:
    """Everything the cross-cutting tests rely on about one provider; see each field."""

    name: str
    """The registered name (``sendfrom.providers.PROVIDERS``)."""

    # ---- how objects come about
    identity_needs_domain: bool = False
    """``identities.create`` needs ``name=`` and the ``domain_id=`` of one of the provider's own
    domains (so a test creates the domain first: one more POST)."""
    one_address: bool = False
    """The account holds one address, whose domain is its one domain: a domain is made by creating
    the address, the domain's id is its name, and lists hold one object at most."""
    required_scope: tuple[str, ...] = ()
    """``connect`` settings a real client cannot do without (tests give each a value)."""

    # ---- what it answers
    auth: tuple[str, str] = ("Authorization", "Bearer ")
    """The header its generated client sends the key in, and what precedes the key there."""
    conflict_status: int = 409
    """The status its simulator (as the provider) answers a duplicate create with."""
    same_name_domains: bool = False
    """A second domain of one name is no duplicate (so a duplicate create is an identity's, and
    two racing domain ensures make two)."""
    nestjs_errors: bool = False
    """Errors come NestJS-style: a 400 whose ``message`` says "already exists" for a duplicate."""
    verification_is_a_flag: bool = False
    """Verification is a boolean: a failed check reads as pending (no FAILED to report)."""
    list_404_is_empty: bool = False
    """A 404 to a list means there is nothing yet: the list is empty, not an error."""
    documented_rate_limit: RateLimit | None = None
    """The limit its documentation states (``rate_limit=True`` uses it); None: none documented."""

    # ---- its settings and pages
    domain_setting: Mapping[str, Any] | None = None
    """A domain setting to update through ``provider_options`` where domains have no
    description (None: not needed, or none the tests use)."""
    domain_setting_echo: Callable[[Mapping[str, Any]], Any] | None = None
    """Where ``domain_setting``'s value shows in the updated domain's ``raw`` payload."""
    page_parameter: str | None = None
    """The query parameter that carries ``page_size`` on the wire, where the client picks it."""
    repeatable_lists: tuple[str, ...] = ()
    """The lists (``"identities"``, ``"domains"``) that go page by page and so would loop on a
    server that repeats its first page (and says more follow): each must end."""
    claim_more_pages: Callable[[httpx.Request, httpx.Response], httpx.Response] = _unchanged
    """A list answer altered to say more pages follow (the repeated first page of the above)."""
    get_by_listing: tuple[str, ...] = ()
    """The kinds whose ``get`` is served by listing page after page."""

    # ---- faults (tests/faults/test_faults.py)
    fault_read: tuple[str, tuple[Any, ...]] = ("domains.list", ())
    """An idempotent read (a GET) and its arguments: the call the read faults are put on."""
    fault_read_follow_up: int = 0
    """Requests the read makes after the faulted one when it succeeds."""
    incomplete_answer: Any = None
    """A 2xx body to ``fault_read`` that lacks what the spec requires."""
    incomplete_answer_error: type[Exception] = errors.ResponseFormatError
    """What the read raises on ``incomplete_answer``."""
    unauthenticated_path: str | None = None
    """A GET path (after the base URL) the simulator answers 401 without the key."""

    # ---- the spec and its evidence
    doc_examples: tuple[DocExample, ...] = ()
    """Every documented payload of specs/evidence/<name>/, held against the spec."""
    recordings: tuple[Recording, ...] = ()
    """Every recorded exchange of an operation, held against the spec (answer and request)."""
    payloads_checked_elsewhere: frozenset[str] = frozenset()
    """Evidence files that are no documentation example (checked by the provider's own tests,
    or no operation's)."""

    # ---- tables of the shared suites
    double: Double | None = None
    """The canned server of tests/providers/test_providers.py."""
    bad_input: BadInput = BadInput()
    """The provider's cases of tests/unit/test_bad_input.py."""
    spec_calls: SpecCalls = SpecCalls()
    """How every spec operation runs through ``client.call`` (tests/conformance/test_call.py)."""
    fuzzing: Fuzzing = Fuzzing()
    """How the fuzzed simulator is seeded (tests/conformance/test_conformance.py)."""


_LOADED: dict[str, ProviderFacts] = {}


def facts(name: str) -> ProviderFacts:
    """The facts of a provider: ``tests/providers/<name>/facts.py``'s ``FACTS`` for a registered
    one, the defaults for one registered from outside (tests/fifth, ``--extra-provider``)."""
    if name not in _LOADED:
        if name in PROVIDERS:
            found = importlib.import_module(f"providers.{name}.facts").FACTS
            assert isinstance(found, ProviderFacts), f"{name}'s FACTS is no ProviderFacts"
            assert found.name == name, f"tests/providers/{name}/facts.py names {found.name}"
        else:
            found = ProviderFacts(name=name)
        _LOADED[name] = found
    return _LOADED[name]


def every(predicate: Callable[[ProviderFacts], object]) -> list[str]:
    """The registered providers whose facts satisfy ``predicate``, sorted."""
    return [name for name in PROVIDERS if predicate(facts(name))]


def supports(provider: str, operation: str) -> bool:
    """Whether the provider's adapter declares ``operation`` supported."""
    return operation in adapter_class(provider).capabilities


# ---- making objects the way each provider can


def identity_arguments(
    provider: str, email: str, domain_id: str | None, name: str
) -> dict[str, Any]:
    """``identities.create``'s arguments on ``provider``: the domain and a name where it needs
    them, a name where it takes one, and a sample of each option it requires."""
    arguments: dict[str, Any] = {"email": email}
    refused = adapter_class(provider).unsupported_arguments.get("identities.create", {})
    if facts(provider).identity_needs_domain:
        arguments["domain_id"] = domain_id
    if "name" not in refused:
        arguments["name"] = name
    required = adapter_class(provider).required_options.get("identities.create", ())
    if required:
        arguments["provider_options"] = {key: f"Sample {key}" for key in required}
    return arguments


def make_domain(client: Any, name: str = "example.com", local: str = "info") -> str:
    """A domain on a sync client, made the way the provider makes domains: its id."""
    if facts(client.provider).one_address:
        client.identities.create(f"{local}@{name}")
        return name
    return str(client.domains.create(name).id)


async def amake_domain(client: Any, name: str = "example.com", local: str = "info") -> str:
    """``make_domain`` on an async client."""
    if facts(client.provider).one_address:
        await client.identities.create(f"{local}@{name}")
        return name
    return str((await client.domains.create(name)).id)


def make_identity(sim: Simulator, client: Any, email: str, name: str = "Info") -> str:
    """An identity on a sync client, made the way the provider allows (seeded on the simulator
    where its API cannot create one, as its dashboard would): its id."""
    if not supports(client.provider, "identities.create"):
        made: dict[str, Any] = sim.add_identity(email)  # type: ignore[attr-defined]
        return str(made["id"])
    domain_id = None
    if facts(client.provider).identity_needs_domain:
        domain_id = client.domains.create(email.rpartition("@")[2]).id
    arguments = identity_arguments(client.provider, email, domain_id, name)
    return str(client.identities.create(**arguments).id)


def email_of_length(length: int) -> str:
    """A valid address of ``length`` characters: a local part within RFC 5321's 64 octets, the
    rest in domain labels of at most 63."""
    local = "a" * min(64, length - 6)
    body = length - len(local) - 1 - len(".com")
    labels = []
    while body > 63:
        labels.append("b" * 62)
        body -= 63
    labels.append("b" * body)
    address = f"{local}@{'.'.join(labels)}.com"
    assert len(address) == length
    return address


def required_scope(provider: str, value: str = "acc-1") -> dict[str, str]:
    """The scope settings a real client of ``provider`` cannot do without, each set to ``value``."""
    return dict.fromkeys(facts(provider).required_scope, value)
