"""The fifth provider (tests/fifth/: Postbox) is one unit: a spec, a package and a registry line.

tests/conformance/test_simulators.py runs the provider-agnostic suite on it; these check what
makes that run
mean something: that it runs at all, that the example follows the rules a real spec does, that
sendfrom learns of Postbox only through ``register`` (and forgets it after), and that what the
adapter declares reaches every surface that reads declarations.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

import sendfrom
from extra_providers import FIFTH, provider_names, registered
from sendfrom.capabilities import capability_matrix
from sendfrom.providers import PROVIDERS, Provider, adapter_class, provider
from sendfrom.testing import simulator, simulator_of
from speclib import ROOT, load_spec, operations


def test_the_suite_runs_on_the_fifth_provider(request: pytest.FixtureRequest) -> None:
    assert provider_names(request.config)[: len(PROVIDERS) + 1] == [*PROVIDERS, "postbox"]


@pytest.mark.usefixtures("extra_generated")  # which tells speclib where its spec is
def test_the_fifth_spec_follows_the_rules_of_specs() -> None:
    spec = load_spec("postbox")
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    for op in operations("postbox"):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", op.operation_id)
        assert len(op.body["tags"]) == 1
        assert op.body["x-provenance"] in {"documented", "recorded", "inferred"}
        assert op.body["x-source"]


def test_nothing_outside_the_unit_names_the_fifth_provider() -> None:
    """Postbox is known only through its directory: not in src/, generated/, specs/ or scripts/."""
    named = [
        str(path.relative_to(ROOT))
        for part in ("src", "generated", "specs", "scripts")
        for path in (ROOT / part).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        if b"postbox" in path.read_bytes().lower()
    ]
    assert named == []
    assert (FIFTH / "specs" / "postbox.yaml").is_file()


def test_registered_for_one_test_only(extra_generated: list[Provider]) -> None:
    """Generated and imported, it is still unknown until registered, and unknown again after: no
    other test sees a fifth name in its messages."""
    unknown = pytest.raises(sendfrom.ConfigurationError, match="unknown provider 'postbox'")
    with unknown:
        provider("postbox")
    with registered(extra_generated):
        assert provider("postbox").title == "Postbox"
    with unknown:
        provider("postbox")


def test_registered_its_declarations_reach_every_surface(extra_providers: list[str]) -> None:
    assert extra_providers == ["postbox"]
    matrix = capability_matrix(["postbox"])["postbox"]
    assert matrix["domains.verify"] == "native"
    assert matrix["identities.create"] == "unsupported"
    with simulator("Post-Box").connect() as client:  # any spelling connect takes
        assert client.provider == "postbox"
        assert client.supports("domains.create", "description")
        assert not client.supports("identities.list")
        created = client.domains.create("example.com", description="Outbound")
        assert created.description == "Outbound"
        assert simulator_of(client).provider == "postbox"
        assert client.native.base_url == "https://api.postbox.example/v1"  # from the spec
    generated = Path(sys.modules[adapter_class("postbox").generated].__file__ or "")
    assert not generated.is_relative_to(ROOT / "generated"), "generated at test time"


@pytest.mark.usefixtures("extra_providers")
def test_registered_it_refuses_a_unified_key_in_provider_options() -> None:
    with simulator("postbox").connect() as client:
        with pytest.raises(sendfrom.InvalidRequestError, match="description argument"):
            client.domains.create("example.com", provider_options={"note": "x"})
        assert simulator_of(client).requests == []
