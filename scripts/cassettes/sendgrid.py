"""SendGrid's cassettes: the upstream specs' own examples (specs/evidence/sendgrid).

There is no recorded SendGrid traffic: every answer is an ``examples.response`` of Twilio's files
(values kept; where an id is changed so that one scenario's requests agree, ``changes`` says so).
"""

from __future__ import annotations

from cassettes.common import Cassette, doc, load

DA = "twilio/sendgrid-oai spec/yaml/tsg_domain_authentication_v3.yaml @ dbe0e0d2"
VS = "twilio/sendgrid-oai spec/yaml/tsg_verified_senders_v3.yaml @ dbe0e0d2"
DOMAINS = "https://www.twilio.com/docs/sendgrid/api-reference/domain-authentication"
SENDERS = "https://www.twilio.com/docs/sendgrid/api-reference/sender-verification"
NEW_SENDER = {"nickname": "Example Orders", "address": "1234 Fake St.", "city": "San Francisco",
              "country": "USA"}  # fmt: skip
"""The create example's postal address (what SendGrid requires besides the address)."""


def cassettes() -> list[Cassette]:
    c = "sendgrid"
    domain = load(c, "spec_domains_get_200.json")
    domain_id = domain["id"]
    sender = load(c, "spec_senders_list_200.json")["results"][0]
    sender_id = sender["id"]
    base = f"/v3/whitelabel/domains/{domain_id}"

    got = doc(
        c,
        "spec_domains_get_200.json",
        "GET",
        base,
        200,
        page=f"{DOMAINS}/retrieve-an-authenticated-domain; {DA}",
    )
    missing = doc(
        c,
        None,
        "GET",
        "/v3/whitelabel/domains/1",
        404,
        page=f"{DOMAINS}/retrieve-an-authenticated-domain; {DA} (ErrorResponse)",
        value={"errors": [{"field": None, "message": "authenticated domain not found"}]},
        changes=[
            "the errors body the overlay gives every domain route; the message text is inferred"
        ],
    )
    validated = doc(
        c,
        "spec_domains_validate_200.json",
        "POST",
        f"{base}/validate",
        200,
        page=f"{DOMAINS}/validate-a-domain-authentication; {DA}",
        value={**load(c, "spec_domains_validate_200.json"), "id": domain_id},
        changes=[f"id {domain_id}: the domain of the get example (the example has 1)"],
    )
    listed_senders = doc(
        c,
        "spec_senders_list_200.json",
        "GET",
        "/v3/verified_senders?limit=100",
        200,
        page=f"{SENDERS}/get-all-verified-senders; {VS}",
        changes=["query limit=100: the page size sendfrom asks"],
    )
    one_sender = doc(
        c,
        "spec_senders_list_200.json",
        "GET",
        f"/v3/verified_senders?id={sender_id}",
        200,
        page=f"{SENDERS}/get-all-verified-senders; {VS}",
        value={"results": [sender]},
        changes=[f"only the sender {sender_id}: the list filtered by id="],
    )
    return [
        Cassette(c, "domains_list", "list authenticated domains (one page)", [
            doc(c, "spec_domains_list_200.json", "GET",
                "/v3/whitelabel/domains?limit=100&offset=0&exclude_subusers=true",
                200, page=f"{DOMAINS}/list-all-authenticated-domains; {DA}",
                changes=["query limit=100&offset=0&exclude_subusers=true: the first page "
                         "sendfrom asks, of the account's own domains"]),
        ]),
        Cassette(c, "domains_get", "get an authenticated domain", [got]),
        Cassette(c, "domains_get_not_found", "get a missing domain: 404", [missing]),
        Cassette(c, "domains_create", "authenticate a domain (its dns in the answer)", [
            doc(c, "spec_domains_create_201.json", "POST", "/v3/whitelabel/domains", 201,
                page=f"{DOMAINS}/authenticate-a-domain; {DA}",
                request_body={"domain": "example.com"}),
        ]),
        Cassette(c, "domains_update", "update a domain's settings: the domain answered", [
            doc(c, "spec_domains_get_200.json", "PATCH", base, 200,
                page=f"{DOMAINS}/update-an-authenticated-domain; {DA}",
                request_body={"default": True},
                changes=["the get example: upstream gives this PATCH's answer no example of its "
                         "own (and the wrong schema, corrected by the overlay)"]),
        ]),
        Cassette(c, "domains_verify", "validate, then get the domain", [validated, got]),
        Cassette(c, "domains_delete", "delete an authenticated domain (204)", [
            doc(c, None, "DELETE", base, 204,
                page=f"{DOMAINS}/delete-an-authenticated-domain; {DA}",
                value=""),
        ]),
        Cassette(c, "domains_dns_records", "DNS records of a domain (emulated: get)", [got]),
        Cassette(c, "identities_list", "list verified senders (one page)", [listed_senders]),
        Cassette(c, "identities_get", "get a sender (emulated: the list by id)", [one_sender]),
        Cassette(c, "identities_create", "create a verified sender", [
            doc(c, "spec_senders_create_201.json", "POST", "/v3/verified_senders", 201,
                page=f"{SENDERS}/create-verified-sender-request; {VS}",
                request_body={"from_email": "orders@example.com", "reply_to": "orders@example.com",
                              "from_name": "Example Orders", **NEW_SENDER}),
        ]),
        Cassette(c, "identities_update", "edit a verified sender (only the fields given)", [
            doc(c, "spec_senders_update_200.json", "PATCH", f"/v3/verified_senders/{sender_id}",
                200, page=f"{SENDERS}/edit-verified-sender; {VS}",
                request_body={"from_name": "Example Orders"}),
        ]),
        Cassette(c, "identities_delete", "delete a verified sender (204)", [
            doc(c, None, "DELETE", f"/v3/verified_senders/{sender_id}", 204,
                page=f"{SENDERS}/delete-verified-sender; {VS}", value=""),
        ]),
        Cassette(c, "identities_resend_verification", "resend the verification email (204)", [
            doc(c, None, "POST", f"/v3/verified_senders/resend/{sender_id}", 204,
                page=f"{SENDERS}/resend-verified-sender-request; {VS}", value=""),
        ]),
    ]  # fmt: skip
