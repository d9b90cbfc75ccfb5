"""Vortex's cassettes: its documented examples (and an empty page derived from one)."""

from __future__ import annotations

from cassettes.common import Cassette, doc, load

VORTEX_PAGE = "https://docs.vortexsoftware.com/api-reference/email-domains"
VORTEX_ACCOUNT = "123e4567-e89b-12d3-a456-426614174000"  # the examples' accountId


def cassettes() -> list[Cassette]:
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
