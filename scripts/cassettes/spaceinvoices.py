"""Space Invoices' cassettes: its documented examples, on the account and on an organization."""

from __future__ import annotations

import itertools
import json
from typing import Any

from cassettes.common import SEEDS, Cassette, Interaction, doc, load

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


def cassettes() -> list[Cassette]:
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
