"""A Postmark simulator: domains and sender signatures as Postmark's Account API spec and the
recorded traffic (specs/evidence/postmark/recorded/) describe them.

Authentication is the ``X-Postmark-Account-Token`` header (a 401 with ErrorCode 10 without it).
Every API error is a 422 ``{"ErrorCode", "Message"}`` (510 domain not found, 501 signature not
found, 504 signature already exists, 512 domain already exists, 505 DKIM already being renewed,
503 public domain); a delete or a resend answers 200 with ErrorCode 0. Lists page with ``count``
(1..500, required) and ``offset`` (required) and carry ``TotalCount``.

A new domain has its first DKIM key pending (``DKIMPendingHost``/``DKIMPendingTextValue``, as the
recorded create shows), its SPF TXT and its return path (when one is given) unverified; the DKIM
and return-path checks (``verifyDkim``, ``verifyReturnPath``) change nothing unless the DNS is
read (``Simulator(nameservers=...)``) or ``mark_domain`` plays the outcome; once verified, the
pending key becomes ``DKIMHost``/``DKIMTextValue``. A new signature is unconfirmed until
``mark_identity`` (its owner clicking the confirmation email).
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.postmark.mappers import dns_records_from_wire
from sendfrom.testing._core import SimRequest, SimulatedHTTPError, Simulator, route
from sendfrom_generated.postmark.api.domains_api import (
    create_domain,
    delete_domain,
    edit_domain,
    get_domain,
    list_domains,
    request_dkim_verification_for_domain,
    request_return_path_verification_for_domain,
    request_spf_verification_for_domain,
    rotate_dkim_key_for_domain,
)
from sendfrom_generated.postmark.api.sender_signatures_api import (
    create_sender_signature,
    delete_sender_signature,
    edit_sender_signature,
    get_sender_signature,
    list_sender_signatures,
    request_new_dkim_key_for_sender_signature,
    request_spf_verification_for_sender_signature,
    resend_sender_signature_confirmation_email,
)

_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_CODE = "ErrorCode"  # carried in a SimulatedHTTPError's fields, answered as the body's code
_SPF = "v=spf1 a mx include:spf.mtasv.net ~all"
_RETURN_PATH_TARGET = "pm.mtasv.net"
_PUBLIC = frozenset({"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com"})
_LISTED_DOMAIN = ("Name", "WeakDKIM", "ReturnPathDomainVerified", "SPFVerified", "DKIMVerified",
                  "ID")  # fmt: skip
_LISTED_SIGNATURE = ("Name", "Confirmed", "EmailAddress", "Domain", "ReplyToEmailAddress", "ID")
_DEFAULT_CODES = {400: 402, 401: 10, 404: 0, 405: 0, 422: 402}
"""The ErrorCode of an answer no handler chose one for (inferred: 402 is Postmark's "Invalid
JSON", 10 its "Bad or missing API token")."""


def _fail(code: int, message: str) -> SimulatedHTTPError:
    return SimulatedHTTPError(422, message, {_CODE: [str(code)]})


class PostmarkSimulator(Simulator):
    """Postmark's ``/domains`` and ``/senders`` (one account's)."""

    provider: ClassVar[str] = "postmark"
    base_url: ClassVar[str] = "https://api.postmarkapp.com"
    auth_header: ClassVar[str] = "X-Postmark-Account-Token"
    auth_prefix: ClassVar[str] = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.domains: dict[int, dict[str, Any]] = {}
        self.signatures: dict[int, dict[str, Any]] = {}
        self._next_domain = 100_000 + self._random.randrange(900_000)
        self._next_signature = 100_000 + self._random.randrange(900_000)

    # ---- wire helpers

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        fields = dict(fields or {})
        code = int(fields.pop(_CODE, [str(_DEFAULT_CODES.get(status, 0))])[0])
        if status == 401:
            message = (
                "No Account or Server API tokens were supplied in the HTTP headers. Please add"
                " a header for either X-Postmark-Server-Token or X-Postmark-Account-Token."
            )
        elif fields:  # Postmark has no per-field errors: they go into the one message
            message = "; ".join(m for ms in fields.values() for m in ms)
        return self.json(status, {"ErrorCode": code, "Message": message})

    @staticmethod
    def _done(message: str) -> httpx.Response:
        return Simulator.json(200, {"ErrorCode": 0, "Message": message})

    @staticmethod
    def _number(request: SimRequest, name: str, code: int, what: str) -> int:
        text = request.params[name]
        if not (text.isascii() and text.isdigit()):
            raise _fail(code, f"{what} not found.")
        return int(text)

    @staticmethod
    def _page(request: SimRequest) -> tuple[int, int]:
        if "count" not in request.query:
            message = "The 'count' parameter is required."
            raise SimulatedHTTPError(422, message, {"count": [message]})
        # offset is required too; the simulator reads a missing one as the first page (inferred)
        return request.int_query("count", 0, 1, 500), request.int_query("offset", 0, 0)

    def _body(self, request: SimRequest) -> dict[str, Any]:
        try:
            body = request.json()
        except SimulatedHTTPError as error:  # Postmark: malformed JSON is a 422 too
            raise _fail(402, "Received invalid JSON input.") from error
        for key, value in body.items():
            if value is not None and not isinstance(value, str):
                raise _fail(402, f"{key} must be a string.")
        return body

    def _dkim_key(self, name: str) -> dict[str, str]:
        stamp = self.now().strftime("%Y%m%d%H%M%S")
        key = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ" + self.token(178, _BASE64) + "IDAQAB"
        return {
            "DKIMPendingHost": f"{stamp}pm._domainkey.{name}",
            "DKIMPendingTextValue": f"k=rsa; p={key}",
        }

    def _fresh_records(self, name: str, return_path: str) -> dict[str, Any]:
        """A new domain's (or signature's) DNS fields, as the recorded creates answer them."""
        return {
            "SPFVerified": False, "SPFHost": name, "SPFTextValue": _SPF,
            "DKIMVerified": False, "WeakDKIM": False, "DKIMHost": "", "DKIMTextValue": "",
            **self._dkim_key(name),
            "DKIMRevokedHost": "", "DKIMRevokedTextValue": "",
            "SafeToRemoveRevokedKeyFromDNS": False, "DKIMUpdateStatus": "Pending",
            "ReturnPathDomain": return_path, "ReturnPathDomainVerified": False,
            "ReturnPathDomainCNAMEValue": _RETURN_PATH_TARGET,
        }  # fmt: skip

    # ---- domains

    def _domain(self, request: SimRequest) -> dict[str, Any]:
        found = self.domains.get(self._number(request, "domainid", 510, "Domain"))
        if found is None:
            raise _fail(510, "Domain not found.")
        return found

    @route(list_domains)
    def list_domains(self, request: SimRequest) -> httpx.Response:
        count, offset = self._page(request)
        listed = [{k: d[k] for k in _LISTED_DOMAIN} for d in self.domains.values()]
        return self.json(
            200, {"TotalCount": len(listed), "Domains": listed[offset : offset + count]}
        )

    @route(create_domain)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        body = self._body(request)
        name = (body.get("Name") or "").strip().lower().rstrip(".")
        if not name:
            raise _fail(514, "Name is a required field to create a domain.")
        if "." not in name or " " in name or len(name) > 255:
            raise _fail(516, "Name format is invalid.")
        if any(d["Name"] == name for d in self.domains.values()):
            raise _fail(512, "This domain already exists.")
        domain_id = self._next_domain
        self._next_domain += 1
        # Without one, the return path is pm-bounces.<name> (inferred: what Postmark's own
        # examples use; a domain without a return path could never be verified, DESIGN §3).
        return_path = (body.get("ReturnPathDomain") or f"pm-bounces.{name}").lower()
        self.domains[domain_id] = {
            "ID": domain_id,
            "Name": name,
            **self._fresh_records(name, return_path),
        }
        return self.json(200, self.domains[domain_id])

    @route(get_domain)
    def get_domain(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._domain(request))

    @route(edit_domain)
    def edit_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = self._body(request)
        if body.get("ReturnPathDomain") is not None:
            new = body["ReturnPathDomain"].lower()
            if new != domain["ReturnPathDomain"]:
                domain.update(ReturnPathDomain=new, ReturnPathDomainVerified=False)
        return self.json(200, domain)

    @route(delete_domain)
    def delete_domain(self, request: SimRequest) -> httpx.Response:
        domain = self.domains.pop(self._domain(request)["ID"])
        return self._done(f"Domain {domain['Name']} removed.")

    @route(request_dkim_verification_for_domain)
    def verify_dkim(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        self.check_domain_dns(str(domain["ID"]))
        return self.json(200, domain)

    @route(request_return_path_verification_for_domain)
    def verify_return_path(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        self.check_domain_dns(str(domain["ID"]))
        return self.json(200, domain)

    @route(request_spf_verification_for_domain)
    def verify_spf(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        return self.json(200, {k: domain[k] for k in ("SPFVerified", "SPFHost", "SPFTextValue")})

    @route(rotate_dkim_key_for_domain)
    def rotate_dkim(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        self._renew(domain)
        keys = ("DKIMHost", "DKIMPendingHost", "DKIMPendingTextValue", "DKIMRevokedHost",
                "DKIMRevokedTextValue", "DKIMUpdateStatus", "DKIMVerified", "ID", "Name",
                "SafeToRemoveRevokedKeyFromDNS", "WeakDKIM")  # fmt: skip
        return self.json(200, {k: domain[k] for k in keys})

    def _renew(self, item: dict[str, Any]) -> None:
        """A new DKIM key pending beside the current one (505 while one already is)."""
        if item["DKIMPendingHost"]:
            raise _fail(505, "This DKIM is already being renewed.")
        item.update(self._dkim_key(item.get("Domain") or item["Name"]), DKIMUpdateStatus="Pending")

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        domain = self.domains.get(int(domain_id)) if domain_id.isdigit() else None
        if domain is None:
            return super().domain_records(domain_id)
        return dns_records_from_wire(domain)  # type: ignore[arg-type]

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(int(domain_id)) if domain_id.isdigit() else None
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        verified = status is VerificationStatus.VERIFIED
        if verified and domain["DKIMPendingHost"]:
            # the pending key is found: it becomes the domain's key (the spec's rotatedkim text)
            if domain["DKIMHost"]:
                domain.update(DKIMRevokedHost=domain["DKIMHost"],
                              DKIMRevokedTextValue=domain["DKIMTextValue"])  # fmt: skip
            domain.update(
                DKIMHost=domain["DKIMPendingHost"],
                DKIMTextValue=domain["DKIMPendingTextValue"],
                DKIMPendingHost="",
                DKIMPendingTextValue="",
            )
        domain.update(
            DKIMVerified=verified,
            DKIMUpdateStatus="Verified" if verified else "Pending",
            SPFVerified=verified,
            ReturnPathDomainVerified=verified and bool(domain["ReturnPathDomain"]),
        )

    # ---- sender signatures

    def _signature(self, request: SimRequest) -> dict[str, Any]:
        found = self.signatures.get(self._number(request, "signatureid", 501, "Sender signature"))
        if found is None:
            raise _fail(501, "Sender signature not found.")
        return found

    @route(list_sender_signatures)
    @route("GET", "/senders/")  # postmarker's spelling (recorded: GET /senders/?count=1&offset=0)
    def list_signatures(self, request: SimRequest) -> httpx.Response:
        count, offset = self._page(request)
        listed = [{k: s[k] for k in _LISTED_SIGNATURE} for s in self.signatures.values()]
        return self.json(
            200, {"TotalCount": len(listed), "SenderSignatures": listed[offset : offset + count]}
        )

    @route(create_sender_signature)
    @route("POST", "/senders/")  # postmarker's spelling (recorded: POST /senders/)
    def create_signature(self, request: SimRequest) -> httpx.Response:
        body = self._body(request)
        email, name = (body.get("FromEmail") or "").strip(), (body.get("Name") or "").strip()
        if not email or not name:
            raise _fail(520, "You are missing a required field to create a Sender Signature.")
        local, _, domain = email.rpartition("@")
        if not local or "." not in domain or " " in email:
            raise _fail(522, "Value for field FromEmail is invalid.")
        if domain.lower() in _PUBLIC:
            raise _fail(503, "You cannot use a public domain.")
        if any(s["EmailAddress"].lower() == email.lower() for s in self.signatures.values()):
            raise _fail(504, "Sender Signature already exists.")
        signature_id = self._next_signature
        self._next_signature += 1
        self.signatures[signature_id] = {
            "Domain": domain,
            "EmailAddress": email,
            "ReplyToEmailAddress": body.get("ReplyToEmail") or "",
            "Name": name,
            "Confirmed": False,
            **self._fresh_records(domain, (body.get("ReturnPathDomain") or "").lower()),
            "ID": signature_id,
        }
        return self.json(200, self.signatures[signature_id])

    @route(get_sender_signature)
    def get_signature(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._signature(request))

    @route(edit_sender_signature)
    def edit_signature(self, request: SimRequest) -> httpx.Response:
        signature = self._signature(request)
        body = self._body(request)
        if body.get("Name") is not None:  # a name left out (or null) is kept (inferred)
            if not body["Name"].strip():
                raise _fail(520, "You are missing a required field to edit a Sender Signature.")
            signature["Name"] = body["Name"].strip()
        if body.get("ReplyToEmail") is not None:
            signature["ReplyToEmailAddress"] = body["ReplyToEmail"]
        if body.get("ReturnPathDomain") is not None:
            signature["ReturnPathDomain"] = body["ReturnPathDomain"].lower()
        return self.json(200, signature)

    @route(delete_sender_signature)
    def delete_signature(self, request: SimRequest) -> httpx.Response:
        signature = self.signatures.pop(self._signature(request)["ID"])
        return self._done(f"Signature {signature['EmailAddress']} removed.")

    @route(resend_sender_signature_confirmation_email)
    def resend_signature(self, request: SimRequest) -> httpx.Response:
        email = self._signature(request)["EmailAddress"]
        return self._done(f"Confirmation email for Sender Signature {email} was re-sent.")

    @route(request_spf_verification_for_sender_signature)
    def verify_signature_spf(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._signature(request))

    @route(request_new_dkim_key_for_sender_signature)
    def renew_signature_dkim(self, request: SimRequest) -> httpx.Response:
        signature = self._signature(request)
        self._renew(signature)
        return self._done(f"A new DKIM key was requested for {signature['Domain']}.")

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        signature = self.signatures.get(int(identity_id)) if identity_id.isdigit() else None
        if signature is None:
            super()._set_identity_status(identity_id, status)
            return
        signature["Confirmed"] = status is VerificationStatus.VERIFIED
