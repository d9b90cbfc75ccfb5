"""Invent's cassettes: its documented examples."""

from __future__ import annotations

from cassettes.common import Cassette, doc, load

INVENT_PAGE = "https://docs.useinvent.com/api-reference"


def cassettes() -> list[Cassette]:
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
