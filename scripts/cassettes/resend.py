"""Resend's cassettes: the official Python SDK's own mocked answers (specs/evidence/resend)."""

from __future__ import annotations

from cassettes.common import Cassette, doc, load

SDK_TESTS = (
    "github.com/resend/resend-python tests/domains_test.py"
    " @ b972ed98ab40bece6d5d285ebb78cca271fb9ddf"
)
PAGE = "https://resend.com/docs/api-reference/domains"


def cassettes() -> list[Cassette]:
    c = "resend"
    domain_id = load(c, "sdk_domains_get_200.json")["id"]
    created = load(c, "sdk_domains_create_201.json")
    listed = doc(
        c,
        "sdk_domains_list_200.json",
        "GET",
        "/domains?limit=100",
        200,
        page=f"{PAGE}/list-domains; {SDK_TESTS} (test_domains_list)",
        changes=["query limit=100: sendfrom asks for the largest page the spec allows"],
    )
    got = doc(
        c,
        "sdk_domains_get_200.json",
        "GET",
        f"/domains/{domain_id}",
        200,
        page=f"{PAGE}/get-domain; {SDK_TESTS} (test_domains_get)",
    )
    got_with_records = doc(
        c,
        "sdk_domains_get_200.json",
        "GET",
        f"/domains/{domain_id}",
        200,
        page=f"{PAGE}/get-domain; {SDK_TESTS} (test_domains_get, test_domains_create)",
        value={**load(c, "sdk_domains_get_200.json"), "records": created["records"]},
        changes=[
            "records: those of test_domains_create's answer (a get answers the records"
            " too: get-domain page); the SDK's get mock leaves them out"
        ],
    )
    missing = doc(
        c,
        None,
        "GET",
        "/domains/missing-domain-id",
        404,
        page="https://resend.com/docs/api-reference/errors (not_found)",
        value={"statusCode": 404, "message": "Domain not found", "name": "not_found"},
        changes=["the error body of the errors page; the message text is inferred"],
    )
    verify = doc(
        c,
        "sdk_domains_verify_200.json",
        "POST",
        f"/domains/{domain_id}/verify",
        200,
        page=f"{PAGE}/verify-domain; {SDK_TESTS} (test_domains_verify)",
    )
    update = doc(
        c,
        "sdk_domains_update_200.json",
        "PATCH",
        f"/domains/{domain_id}",
        200,
        page=f"{PAGE}/update-domain; {SDK_TESTS} (test_domains_update)",
        request_body={"open_tracking": True},
    )
    return [
        Cassette(c, "domains_list", "list domains (one page, has_more false)", [listed]),
        Cassette(c, "domains_get", "get a domain", [got]),
        Cassette(c, "domains_get_not_found", "get a missing domain: 404 not_found", [missing]),
        Cassette(c, "domains_create", "create a domain (its records in the answer)", [
            doc(c, "sdk_domains_create_201.json", "POST", "/domains", 201,
                page=f"{PAGE}/create-domain; {SDK_TESTS} (test_domains_create)",
                request_body={"name": "example.com"}),
        ]),
        Cassette(c, "domains_update", "update a domain's settings, then get it", [update, got]),
        Cassette(c, "domains_verify", "ask Resend to verify, then get the domain", [verify, got]),
        Cassette(c, "domains_delete", "remove a domain", [
            doc(c, "sdk_domains_remove_200.json", "DELETE",
                f"/domains/{load(c, 'sdk_domains_remove_200.json')['id']}", 200,
                page=f"{PAGE}/delete-domain; {SDK_TESTS} (test_domains_remove)"),
        ]),
        Cassette(c, "domains_dns_records", "DNS records of a domain (emulated: get)",
                 [got_with_records]),
    ]  # fmt: skip
