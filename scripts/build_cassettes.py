"""Build the vcrpy cassettes in tests/cassettes/<provider>/ from recorded and documented payloads.

    python scripts/build_cassettes.py            # (re)write every built cassette
    python scripts/build_cassettes.py --check    # exit 1, naming the files, when one is stale

Every cassette is built from files in ../shared (the provider payloads and the seeds), never typed
in by hand, so the suite is reproducible: run this script, and the same bytes come out. Each one
says where each of its interactions came from in its top-level ``source`` block (vcrpy reads only
``interactions`` and ``version`` and ignores it), including every change made to the original
(a request URI adjusted to what sendfrom sends, a placeholder replaced by a valid address, ...).

Request URIs are what sendfrom sends: each spec's default server URL (``servers[0].url``) and the
query the adapter builds. A cassette re-recorded against a real account by ``make record`` carries
``source.kind: recorded`` and is left alone here unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import functools
import http
import itertools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PROVIDERS_DIR = SHARED / "providers"
SEEDS = SHARED / "seeds"
CASSETTES = ROOT / "tests" / "cassettes"
HEADER = (
    "# Built by scripts/build_cassettes.py from ../shared (see `source`); do not edit by hand.\n"
    "# Re-record against a real account with `make record PROVIDER=<provider>`.\n"
)
JSON = {"Content-Type": "application/json"}
_UNSET: Any = object()


@functools.cache
def server_url(provider: str) -> str:
    """The default base URL of a provider: its spec's first server."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load((ROOT / "specs" / f"{provider}.yaml").read_text(), Loader=loader)
    return str(spec["servers"][0]["url"]).rstrip("/")


def shared_path(path: Path) -> str:
    """A path under ../shared as written in a cassette's ``source``: relative to the repository."""
    return "../" + str(path.relative_to(SHARED.parent))


@dataclass
class Interaction:
    """One request sendfrom sends and the response the provider gave (or documents)."""

    method: str
    path: str
    """Below the provider's server URL, with the query sendfrom sends."""
    status: int
    body: str
    """The response body, verbatim where the source is kept as is ("" for none)."""
    headers: dict[str, str]
    request_body: Any = None
    """The JSON request body, or None for none."""
    source: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cassette:
    """One cassette: a scenario of one provider, replayed by tests/test_cassettes.py."""

    provider: str
    name: str
    summary: str
    interactions: list[Interaction]
    notes: list[str] = field(default_factory=list)


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _request_text(value: Any) -> str:
    """A JSON request body as httpx 0.28 encodes ``json=``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _source(provenance: str, file: str | None, origin: str | None, **extra: Any) -> dict:
    """One interaction's provenance: where its response (``file``) and the facts came from."""
    entry: dict[str, Any] = {"provenance": provenance}
    if file is not None:
        entry["file"] = file
    if origin is not None:
        entry["origin"] = origin
    entry.update({k: v for k, v in extra.items() if v})
    return entry


# ---- MailerSend: the recorded exchanges of ../shared/providers/mailersend/_index.json

MS_DIR = PROVIDERS_DIR / "mailersend"
MS_INDEX: list[dict[str, Any]] = json.loads((MS_DIR / "_index.json").read_text())
MS_URL = server_url("mailersend")
MS_SEED = SEEDS / "002_0cd6390aa2159adb.txt"


def _ms_provenance(entry: dict[str, Any]) -> str:
    name = str(entry["file"] or entry["source_path"])
    if "SenderIdentitiesTest" in name or "testUpdateDomainSettingsAllFields" in name:
        return "mock"  # hand-made fixtures of mailersend-java, not captured traffic
    return "recorded"


def _ms_origin(entry: dict[str, Any]) -> str:
    return f"{entry['source_repo']}@{entry['source_commit'][:12]}:{entry['source_path']}"


def _ms_changes(entry: dict[str, Any], method: str, path: str, request_body: Any) -> list[str]:
    changes = []
    recorded_url = str(entry["url"]).split(" (")[0]
    if MS_URL + path != recorded_url:
        changes.append(f"request URI: recorded {recorded_url}, sendfrom sends {MS_URL + path}")
    if request_body != entry["request_body"]:
        recorded = json.dumps(entry["request_body"])
        changes.append(f"request body: recorded {recorded}, here {json.dumps(request_body)}")
    if method != entry["method"]:
        changes.append(f"method: recorded {entry['method']}, here {method}")
    return changes


def ms(
    file: str,
    path: str,
    *,
    request_body: Any = _UNSET,
    method: str | None = None,
    extra_changes: Iterable[str] = (),
) -> Interaction:
    """A MailerSend exchange with a body file, status and headers as recorded in _index.json."""
    entry = next(e for e in MS_INDEX if e["file"] == file)
    method = method or entry["method"]
    body = entry["request_body"] if request_body is _UNSET else request_body
    changes = _ms_changes(entry, method, path, body) + list(extra_changes)
    return Interaction(
        method=method,
        path=path,
        status=entry["status"],
        body=(MS_DIR / file).read_text(),
        headers=dict(entry["response_headers"]),
        request_body=body,
        source=_source(
            _ms_provenance(entry),
            shared_path(MS_DIR / file),
            _ms_origin(entry),
            headers="status and headers from providers/mailersend/_index.json",
            changes=changes,
        ),
    )


def ms_bodiless(cassette: str, method: str, path: str) -> Interaction:
    """A MailerSend exchange recorded without a body (a 204), found by its source file."""
    entry = next(
        e
        for e in MS_INDEX
        if e["file"] is None and e["method"] == method and cassette in e["source_path"]
    )
    return Interaction(
        method=method,
        path=path,
        status=entry["status"],
        body="",
        headers=dict(entry["response_headers"]),
        source=_source(
            _ms_provenance(entry),
            None,
            _ms_origin(entry),
            headers="status and headers from providers/mailersend/_index.json (no body recorded)",
            changes=_ms_changes(entry, method, path, None),
        ),
    )


def _seed_json(seed: Path, heading: str, marker: str) -> tuple[str, Any]:
    """The JSON text that follows ``marker`` after ``heading`` in a seed, and its value."""
    text = seed.read_text()
    start = text.index(heading)
    at = text.index("{", text.index(marker, start))
    value, end = json.JSONDecoder().raw_decode(text, at)
    return text[at:end], value


def ms_seed(
    heading: str, method: str, path: str, status: int, request_body: Any = None
) -> Interaction:
    """A MailerSend exchange documented on the sender-identity page (seed 002)."""
    marker = f"Response Code: {status} {http.HTTPStatus(status).phrase.upper()}"
    if status == 201:
        marker = "Response Code: 201 CREATED"
    where = shared_path(MS_SEED)
    if heading == "Delete a sender identity":  # documented as "200 OK" with no body
        body, headers = "", {}
        note = "the page documents 200 OK and shows no body and no headers"
    else:
        body, _ = _seed_json(MS_SEED, heading, marker)
        headers, note = dict(JSON), "Content-Type as documented on the page"
    return Interaction(
        method=method,
        path=path,
        status=status,
        body=body,
        headers=headers,
        request_body=request_body,
        source=_source(
            "documented",
            where,
            "https://developers.mailersend.com/api/v1/sender-identity",
            section=heading,
            headers=note,
        ),
    )


def ms_seed_request(heading: str) -> Any:
    """The documented request body of a section of MailerSend's sender-identity page."""
    return _seed_json(MS_SEED, heading, "Request body")[1]


def ms_doc(file: str, method: str, path: str) -> Interaction:
    """A MailerSend response copied from its reference page (docs_*.json)."""
    return Interaction(
        method=method,
        path=path,
        status=200,
        body=(MS_DIR / file).read_text(),
        headers=dict(JSON),
        source=_source(
            "documented",
            shared_path(MS_DIR / file),
            "https://developers.mailersend.com/api/v1/sender-identity",
            headers="Content-Type as documented on the page",
        ),
    )


MS_DOMAIN = "65qngkdovk8lwr12"  # igor.fail, the domain of the 2025 recordings
MS_DOMAIN_2022 = "jpzkmgq7e5vl059v"  # test-sdk.com, the domain of the 2022 recordings
MS_IDENTITY_DOC = "7nxe3yjmeq28vp0k"  # the documented identity
MS_IDENTITY_MOCK = "ident-id-123"  # the identity of mailersend-java's hand-made mocks
MS_LIST = "?page=1&limit=100"  # sendfrom's first page (limit = MailerSend's maximum)


def mailersend() -> list[Cassette]:
    c = "mailersend"
    create = ms_seed_request("Add a sender identity")
    update = ms_seed_request("Update a sender identity")
    py_create_422 = "py_identities_create_not_available_0_post_422.json"
    return [
        # identities
        Cassette(c, "identities_list", "list identities (documented example)", [
            ms_doc("docs_identities_list_200.json", "GET", "/identities" + MS_LIST),
        ]),
        Cassette(c, "identities_get", "get one identity (documented example)", [
            ms_doc("docs_identities_get_200.json", "GET", f"/identities/{MS_IDENTITY_DOC}"),
        ]),
        Cassette(c, "identities_get_not_found", "get an identity that does not exist: 404", [
            ms("py_identities_get_single_0_get_404.json", "/identities/test-identity-id"),
        ]),
        Cassette(c, "identities_create_delete", "create an identity, then delete it", [
            ms_seed("Add a sender identity", "POST", "/identities", 201, create),
            ms_seed("Delete a sender identity", "DELETE", f"/identities/{MS_IDENTITY_DOC}", 200),
        ]),
        Cassette(c, "identities_create_email_taken", "create an identity: 422, email taken", [
            ms(py_create_422, "/identities"),
        ]),
        Cassette(c, "identities_create_throttled", "create an identity: 429 throttled", [
            ms(
                "py_general_429_create_throttle.json",
                "/identities",
                request_body=create,
                extra_changes=[
                    "endpoint: recorded on POST /v1/inbound (the only recorded 429); its "
                    "request body replaced by the documented identity create body",
                ],
            ),
        ]),
        Cassette(c, "identities_update", "update an identity (documented example)", [
            ms_seed(
                "Update a sender identity", "PUT", f"/identities/{MS_IDENTITY_DOC}", 200, update
            ),
        ]),
        Cassette(c, "identities_update_not_found", "update an identity that does not exist", [
            ms("py_identities_update_by_id_0_put_404.json", "/identities/test-identity-id"),
        ]),
        Cassette(c, "identities_delete", "delete an identity: 204 with text/html", [
            ms_bodiless("SenderIdentitiesTest_TestDeleteIdentity", "DELETE",
                        f"/identities/{MS_IDENTITY_MOCK}"),
        ]),
        Cassette(c, "identities_delete_not_found", "delete an identity that does not exist", [
            ms("py_identities_delete_by_id_0_delete_404.json", "/identities/test-identity-id"),
        ]),
        Cassette(c, "identities_resend_verification", "resend the verification email", [
            ms(
                "java_SenderIdentitiesTest_TestResendConfirmation_200.json",
                f"/identities/{MS_IDENTITY_MOCK}/resend",
            ),
        ]),
        # domains, 2025 recordings
        Cassette(c, "domains_list", "list domains (one page)", [
            ms("py_domains_list_basic_0_get_200.json", "/domains" + MS_LIST),
        ]),
        Cassette(c, "domains_get", "get one domain", [
            ms("py_domains_get_success_0_get_200.json", f"/domains/{MS_DOMAIN}"),
        ]),
        Cassette(c, "domains_get_not_found", "get a domain that does not exist: 404", [
            ms("py_domains_get_not_found_0_get_404.json", "/domains/non-existent-domain-id"),
        ]),
        Cassette(c, "domains_create_delete", "create a domain (201), then delete it (204)", [
            ms("py_domains_create_minimal_0_post_201.json", "/domains"),
            ms_bodiless("domains_create_minimal", "DELETE", "/domains/y7zpl98d72545vx6"),
        ]),
        Cassette(c, "domains_delete_not_found", "delete a domain that does not exist: 404", [
            ms("py_domains_delete_not_found_0_delete_404.json", "/domains/non-existent-domain-id"),
        ]),
        Cassette(c, "domains_update", "pause sending on a domain (settings)", [
            ms("py_domains_update_settings_pause_0_put_200.json", f"/domains/{MS_DOMAIN}/settings"),
        ]),
        Cassette(c, "domains_update_tracking", "change a domain's tracking settings", [
            ms(
                "py_domains_update_settings_tracking_0_put_200.json",
                f"/domains/{MS_DOMAIN}/settings",
            ),
        ]),
        Cassette(c, "domains_settings_workflow", "update, read back, update, read back", [
            ms("py_domains_settings_workflow_0_put_200.json", f"/domains/{MS_DOMAIN}/settings"),
            ms("py_domains_settings_workflow_1_get_200.json", f"/domains/{MS_DOMAIN}"),
            ms("py_domains_settings_workflow_2_put_200.json", f"/domains/{MS_DOMAIN}/settings"),
            ms("py_domains_settings_workflow_3_get_200.json", f"/domains/{MS_DOMAIN}"),
        ]),
        Cassette(
            c,
            "domains_verify",
            "verify a domain: /verify, then the domain's fresh state",
            [
                ms("py_domains_verification_status_0_get_200.json", f"/domains/{MS_DOMAIN}/verify"),
                ms("py_domains_get_success_0_get_200.json", f"/domains/{MS_DOMAIN}"),
            ],
            notes=["two recordings of the same domain, from two cassettes of mailersend-python"],
        ),
        Cassette(c, "domains_verify_not_found", "verify a domain that does not exist: 404", [
            ms(
                "py_domains_verification_not_found_0_get_404.json",
                "/domains/non-existent-domain-id/verify",
            ),
        ]),
        Cassette(c, "domains_dns_records", "the DNS records of a domain", [
            ms(
                "py_domains_dns_records_success_0_get_200.json",
                f"/domains/{MS_DOMAIN}/dns-records",
            ),
        ]),
        Cassette(c, "domains_dns_records_not_found", "DNS records of a missing domain: 404", [
            ms(
                "py_domains_dns_records_not_found_0_get_404.json",
                "/domains/non-existent-domain-id/dns-records",
            ),
        ]),
        # domains, 2022 recordings (mailersend-java): older shapes the spec still accepts
        Cassette(c, "domains_list_2022", "list domains, as recorded in 2022", [
            ms("java_DomainsTest_DomainsListTest_200.json", "/domains" + MS_LIST),
        ]),
        Cassette(c, "domains_get_2022", "get a domain, as recorded in 2022", [
            ms("java_DomainsTest_SingleDomainTest_200.json", f"/domains/{MS_DOMAIN_2022}"),
        ]),
        Cassette(c, "domains_create_2022", "create a domain, as recorded in 2022", [
            ms(
                "java_DomainsTest_AddDomainTest_201.json",
                "/domains",
                request_body={"name": "domain-to-add.com"},
                extra_changes=["request body: not recorded; the name is the response's"],
            ),
        ]),
        Cassette(
            c,
            "domains_verify_2022",
            "verify a domain, as recorded in 2022",
            [
                ms(
                    "java_DomainsTest_VerifyDomainTest_200.json",
                    f"/domains/{MS_DOMAIN_2022}/verify",
                ),
                ms("java_DomainsTest_SingleDomainTest_200.json", f"/domains/{MS_DOMAIN_2022}"),
            ],
            notes=["two recordings of the same domain, from two fixtures of mailersend-java"],
        ),
        Cassette(c, "domains_dns_records_2022", "DNS records (DKIM as TXT), as recorded in 2022", [
            ms(
                "java_DomainsTest_DomainDnsRecordsTest_200.json",
                f"/domains/{MS_DOMAIN_2022}/dns-records",
            ),
        ]),
    ]  # fmt: skip


# ---- Invent, Vortex, Space Invoices: documented examples only

ASSUMED_JSON = "Content-Type: not shown by the docs; application/json assumed"


def doc(
    provider: str,
    file: str | None,
    method: str,
    path: str,
    status: int,
    *,
    page: str,
    request_body: Any = None,
    value: Any = _UNSET,
    changes: Iterable[str] = (),
    seed: tuple[Path, str] | None = None,
) -> Interaction:
    """A documented exchange: the response is ``file`` verbatim, or ``value`` derived from it.

    ``seed`` (a seed file and the call it documents) names the source of a response that is
    only in a seed document (no payload file).
    """
    where = shared_path(PROVIDERS_DIR / provider / file) if file else None
    section = None
    if seed is not None:
        where, section = shared_path(seed[0]), seed[1]
    if value is _UNSET:
        assert file is not None
        body = (PROVIDERS_DIR / provider / file).read_text()
    else:
        body = value if isinstance(value, str) else _json_text(value)
    return Interaction(
        method=method,
        path=path,
        status=status,
        body=body,
        headers=dict(JSON),
        request_body=request_body,
        source=_source(
            "documented",
            where,
            page,
            section=section,
            headers=ASSUMED_JSON,
            changes=list(changes),
        ),
    )


def load(provider: str, file: str) -> Any:
    return json.loads((PROVIDERS_DIR / provider / file).read_text())


INVENT_PAGE = "https://docs.useinvent.com/api-reference"


def invent() -> list[Cassette]:
    c = "invent"
    identities = "/orgs/c/emails/identities"
    listing = f"{identities}?page=1&take=100"
    list_page = f"{INVENT_PAGE}/get-email-identities"
    variant = "docs_get_email_identities_200_orgs-emails_page_variant.json"
    domain = load(c, "docs_add_email_domain_200.json") | {"domain": "example.com"}
    return [
        Cassette(c, "identities_list", "list identities (documented example)", [
            doc(c, "docs_get_email_identities_200.json", "GET", listing, 200, page=list_page),
        ]),
        Cassette(c, "identities_list_variant", "list identities: example without status", [
            doc(c, variant, "GET", listing, 200,
                page=f"{INVENT_PAGE}/orgs-emails/get-email-identities"),
        ]),
        Cassette(c, "identities_get", "get an identity (emulated: list, then pick)", [
            doc(c, "docs_get_email_identities_200.json", "GET", listing, 200, page=list_page),
        ]),
        Cassette(c, "identities_get_not_found", "get a missing identity (emulated): 404", [
            doc(c, "docs_get_email_identities_200.json", "GET", listing, 200, page=list_page),
        ]),
        Cassette(c, "identities_update", "update an identity (documented example)", [
            doc(
                c,
                "docs_update_email_identity_200.json",
                "PATCH",
                f"{identities}/%3Cstring%3E",
                200,
                page=f"{INVENT_PAGE}/update-an-email-identity",
                request_body=load(c, "docs_update_email_identity_request.json"),
                changes=["path identity_id: the example's placeholder id '<string>'"],
            ),
        ]),
        Cassette(c, "domains_create", "add an email domain (documented example)", [
            doc(
                c,
                "docs_add_email_domain_200.json",
                "POST",
                "/orgs/c/emails/domains",
                200,
                page=f"{INVENT_PAGE}/add-an-email-domain",
                request_body={"domain": "example.com"},
                value=domain,
                changes=[
                    "domain: the placeholder '<string>' replaced by 'example.com' in the request "
                    "(docs_add_email_domain_request.json) and the response (sendfrom accepts "
                    "domain names only)",
                ],
            ),
        ]),
    ]  # fmt: skip


VORTEX_PAGE = "https://docs.vortexsoftware.com/api-reference/email-domains"
VORTEX_ACCOUNT = "123e4567-e89b-12d3-a456-426614174000"  # the examples' accountId


def vortex() -> list[Cassette]:
    c = "vortex"
    base = f"/api/v1/accounts/{VORTEX_ACCOUNT}/email-domains"
    domain_id = load(c, "docs_get_email_domains_200.json")[0]["id"]
    list_page = f"{VORTEX_PAGE}/get-email-domains"
    first = doc(c, "docs_get_email_domains_200.json", "GET", f"{base}?start=0", 200, page=list_page)
    empty = doc(
        c,
        "docs_get_email_domains_200.json",
        "GET",
        f"{base}?start=1",
        200,
        page=list_page,
        value="[]",
        changes=[
            "derived: the documented array without its one item. The page size is "
            "undocumented; sendfrom pages with start=0, 1, ... and stops on an empty page",
        ],
    )
    account = [f"path accountId: the examples' accountId {VORTEX_ACCOUNT}"]
    return [
        Cassette(c, "domains_list", "list email domains (a page, then an empty page)",
                 [first, empty]),
        Cassette(c, "domains_get", "get a domain (emulated: list, then pick)", [first]),
        Cassette(c, "domains_get_not_found", "get a missing domain (emulated): 404",
                 [first, empty]),
        Cassette(c, "domains_create", "create an email domain (documented example)", [
            doc(
                c,
                "docs_create_email_domain_response.json",
                "POST",
                base,
                201,
                page=f"{VORTEX_PAGE}/create-email-domain",
                request_body=load(c, "docs_create_email_domain_request.json"),
                changes=[
                    *account,
                    "status 201: not visible on the page (the spec declares 200 and 201)",
                ],
            ),
        ]),
        Cassette(c, "domains_update", "update an email domain (documented example)", [
            doc(
                c,
                "docs_update_email_domain_200.json",
                "PATCH",
                f"{base}/{domain_id}",
                200,
                page=f"{VORTEX_PAGE}/update-email-domain",
                request_body=load(c, "docs_update_email_domain_request.json"),
                changes=[*account, "path id: the example domain's id"],
            ),
        ]),
        Cassette(c, "domains_verify", "check a domain's DKIM status (documented example)", [
            doc(
                c,
                "docs_check_dkim_status_200.json",
                "PATCH",
                f"{base}/{domain_id}/checkDkimStatus",
                200,
                page=f"{VORTEX_PAGE}/check-dkim-status",
                changes=[*account, "path id: the example domain's id"],
            ),
        ]),
        Cassette(c, "domains_dns_records", "DNS records of a domain (emulated: list)", [first]),
    ]  # fmt: skip


SI_PAGE = "https://spaceinvoices.com/docs/EmailAddress.html"
SI_SEED = SEEDS / "003_0b6b220e5f948b0d.txt"
SI_EMAIL = "billing@example.com"
SI_ORG = "string"  # the example's organizationId, used as the path's organization id


def si_seed_response(url: str, method: str) -> tuple[str, str]:
    """The documented response body (verbatim text) of one Space Invoices call, from seed 003."""
    text = SI_SEED.read_text()
    blocks = text.split("Response:\n")
    for before, after in itertools.pairwise(blocks):
        call = before.rsplit("fetch(", 1)[-1]
        if call.startswith(f"'https://api.spaceinvoices.com/v1{url}'") and (
            f"method: '{method}'" in call
        ):
            at = after.index("{")
            _, end = json.JSONDecoder().raw_decode(after, at)
            return after[at:end], f"{method} /v1{url}"
    raise LookupError(f"seed 003 documents no response for {method} {url}")


def spaceinvoices() -> list[Cassette]:
    c = "spaceinvoices"
    obj = "docs_emailaddress_object.json"
    address = load(c, obj) | {"email": SI_EMAIL}
    derived = [f"email: the placeholder 'string' replaced by {SI_EMAIL!r} (sendfrom needs one)"]

    def get(org: str | None = None) -> Interaction:
        path = f"/organizations/{org}/email-address" if org else "/email-address"
        return doc(c, obj, "GET", path, 200, page=SI_PAGE, value=address, changes=derived)

    def seeded(method: str, url: str, org: str | None = None, request_body: Any = None) -> Any:
        seed_url = f"/organizations/{{id}}{url}" if org else url
        body, where = si_seed_response(seed_url, method)
        path = f"/organizations/{org}{url}" if org else url
        changes = [f"path id: the example's organizationId {org!r}"] if org else []
        return doc(
            c,
            None,
            method,
            path,
            200,
            page=SI_PAGE,
            value=body,
            seed=(SI_SEED, where),
            request_body=request_body,
            changes=changes,
        )

    create_body = {"email": SI_EMAIL}
    create_changes = [f"request email: the placeholder 'string' replaced by {SI_EMAIL!r}"]
    org_create = doc(
        c,
        obj,
        "POST",
        f"/organizations/{SI_ORG}/email-address",
        200,
        page=SI_PAGE,
        value=address,
        request_body=create_body,
        changes=[*derived, *create_changes, f"path id: the example's organizationId {SI_ORG!r}"],
    )
    account_create = seeded("POST", "/email-address", request_body=create_body)
    account_create.source["changes"] = create_changes
    return [
        Cassette(c, "identities_list", "the account's one address, as a list", [get()]),
        Cassette(c, "identities_get", "the account's address by id", [get()]),
        Cassette(c, "identities_get_not_found", "an id that is not the address's: 404", [get()]),
        Cassette(c, "identities_create", "create the account's address ({}), read it back", [
            account_create, get(),
        ]),
        Cassette(c, "identities_delete", "check the id, then delete the account's address", [
            get(), seeded("DELETE", "/email-address"),
        ]),
        Cassette(c, "identities_resend_verification", "check the id, then resend", [
            get(), seeded("POST", "/email-address/resend-verification", request_body={}),
        ]),
        Cassette(c, "domains_list", "the address's domain, as a list", [get()]),
        Cassette(c, "domains_get", "the address's domain by name", [get()]),
        Cassette(c, "domains_verify", "the address, then its verification status", [
            get(), seeded("GET", "/email-address/status"),
        ]),
        Cassette(c, "domains_dns_records", "the CNAMEs of the address's DKIM tokens", [get()]),
        Cassette(c, "organization_identities_create", "create an organization's address", [
            org_create,
        ]),
        Cassette(c, "organization_identities_delete", "delete an organization's address", [
            get(SI_ORG), seeded("DELETE", "/email-address", SI_ORG),
        ]),
        Cassette(c, "organization_identities_resend_verification", "resend, organization", [
            get(SI_ORG),
            seeded("POST", "/email-address/resend-verification", SI_ORG, request_body={}),
        ]),
        Cassette(c, "organization_domains_verify", "an organization's address and its status", [
            get(SI_ORG), seeded("GET", "/email-address/status", SI_ORG),
        ]),
    ]  # fmt: skip


BUILDERS = (invent, mailersend, spaceinvoices, vortex)


# ---- rendering


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line strings, so bodies stay readable in review."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|"
        if "\n" in value and not any(line != line.rstrip() for line in value.split("\n"))
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _interaction(base: str, item: Interaction) -> dict[str, Any]:
    request_headers = {"Accept": ["application/json"]}
    request_body = ""
    if item.request_body is not None:
        request_headers["Content-Type"] = ["application/json"]
        request_body = _request_text(item.request_body)
    return {
        "request": {
            "method": item.method,
            "uri": base + item.path,
            "body": request_body,
            "headers": request_headers,
        },
        "response": {
            "status": {"code": item.status, "message": http.HTTPStatus(item.status).phrase},
            "headers": {k: [v] for k, v in item.headers.items()},
            "body": {"string": item.body},
        },
    }


def render(cassette: Cassette) -> str:
    """The YAML text of a cassette."""
    base = server_url(cassette.provider)
    kinds = sorted({i.source["provenance"] for i in cassette.interactions})
    source: dict[str, Any] = {
        "kind": "built",
        "builder": "scripts/build_cassettes.py",
        "provider": cassette.provider,
        "scenario": cassette.name,
        "summary": cassette.summary,
        "provenance": kinds,
        "derived": any(i.source.get("changes") for i in cassette.interactions),
        "interactions": [i.source for i in cassette.interactions],
    }
    if cassette.notes:
        source["notes"] = cassette.notes
    document = {
        "source": source,
        "interactions": [_interaction(base, i) for i in cassette.interactions],
        "version": 1,
    }
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + text


def build() -> dict[Path, str]:
    """Every built cassette: its path and text."""
    out: dict[Path, str] = {}
    for builder in BUILDERS:
        for cassette in builder():
            path = CASSETTES / cassette.provider / f"{cassette.name}.yaml"
            assert path not in out, f"two cassettes named {path}"
            out[path] = render(cassette)
    return out


def is_recorded(path: Path) -> bool:
    """Whether ``path`` holds a cassette re-recorded by ``make record`` (left alone by default)."""
    if not path.exists():
        return False
    document = yaml.safe_load(path.read_text())
    return isinstance(document, dict) and (document.get("source") or {}).get("kind") == "recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a cassette is stale")
    parser.add_argument("--force", action="store_true", help="overwrite recorded cassettes too")
    args = parser.parse_args(argv)
    built = build()
    stale, kept = [], []
    for path, text in built.items():
        if is_recorded(path) and not args.force:
            kept.append(path)
            continue
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    for path in kept:
        print(f"kept (recorded by make record): {path.relative_to(ROOT)}")
    if args.check and stale:
        names = "\n  ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"stale cassettes (run scripts/build_cassettes.py):\n  {names}", file=sys.stderr)
        return 1
    if not args.check:
        print(f"{len(stale)} cassette(s) written, {len(built) - len(stale)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
