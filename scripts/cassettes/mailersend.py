"""MailerSend's cassettes: the recorded exchanges of specs/evidence/mailersend/_index.json,
a few documented examples of its sender-identity page (seed 002) and mailersend-java's mocks."""

from __future__ import annotations

import http
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cassettes.common import (
    JSON,
    PROVIDERS_DIR,
    SEEDS,
    UNSET,
    Cassette,
    Interaction,
    evidence_path,
    server_url,
    source_entry,
)

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
    request_body: Any = UNSET,
    method: str | None = None,
    extra_changes: Iterable[str] = (),
) -> Interaction:
    """A MailerSend exchange with a body file, status and headers as recorded in _index.json."""
    entry = next(e for e in MS_INDEX if e["file"] == file)
    method = method or entry["method"]
    body = entry["request_body"] if request_body is UNSET else request_body
    changes = _ms_changes(entry, method, path, body) + list(extra_changes)
    return Interaction(
        method=method,
        path=path,
        status=entry["status"],
        body=(MS_DIR / file).read_text(),
        headers=dict(entry["response_headers"]),
        request_body=body,
        source=source_entry(
            _ms_provenance(entry),
            evidence_path(MS_DIR / file),
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
        source=source_entry(
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
    where = evidence_path(MS_SEED)
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
        source=source_entry(
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
        source=source_entry(
            "documented",
            evidence_path(MS_DIR / file),
            "https://developers.mailersend.com/api/v1/sender-identity",
            headers="Content-Type as documented on the page",
        ),
    )


MS_DOMAIN = "65qngkdovk8lwr12"  # igor.fail, the domain of the 2025 recordings
MS_DOMAIN_2022 = "jpzkmgq7e5vl059v"  # test-sdk.com, the domain of the 2022 recordings
MS_IDENTITY_DOC = "7nxe3yjmeq28vp0k"  # the documented identity
MS_IDENTITY_MOCK = "ident-id-123"  # the identity of mailersend-java's hand-made mocks
MS_LIST = "?page=1&limit=100"  # sendfrom's first page (limit = MailerSend's maximum)


def cassettes() -> list[Cassette]:
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
