"""A Postbox simulator: ``/v1/domains`` (cursor-paged list, create, get, note update, delete,
verify, records), ``{"error": {code, message, fields}}`` errors, Bearer auth.

Domains are kept in creation order; a cursor is the id of the last domain of the previous page.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from sendfrom.models import VerificationStatus
from sendfrom.testing._core import SimRequest, SimulatedHTTPError, Simulator, route

_CODES = {401: "unauthenticated", 404: "not_found", 405: "not_allowed", 409: "conflict"}
_WORDS = {VerificationStatus.VERIFIED: "active", VerificationStatus.FAILED: "failed"}


class PostboxSimulator(Simulator):
    """Postbox's ``/v1/domains`` (one account per simulator)."""

    provider: ClassVar[str] = "postbox"
    base_url: ClassVar[str] = "https://api.postbox.example/v1"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.domains: dict[str, dict[str, Any]] = {}  # by id, in creation order

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        code = _CODES.get(status, "invalid" if status in (400, 422) else "error")
        detail: dict[str, Any] = {"code": code, "message": message}
        if fields:
            detail["fields"] = fields
        return self.json(status, {"error": detail})

    def _stamp(self) -> str:
        return self.now().isoformat().replace("+00:00", "Z")

    def _domain(self, request: SimRequest) -> dict[str, Any]:
        found = self.domains.get(request.params["domain_id"])
        if found is None:
            raise SimulatedHTTPError(404, "No such domain.")
        return found

    @route("GET", "/domains")
    def list_domains(self, request: SimRequest) -> httpx.Response:
        limit = request.int_query("limit", 20, 1, 20)
        ids = list(self.domains)
        start = 0
        cursor = request.query.get("cursor")
        if cursor is not None:
            if cursor not in self.domains:
                message = "The cursor is not valid."
                raise SimulatedHTTPError(422, message, {"cursor": [message]})
            start = ids.index(cursor) + 1
        page = ids[start : start + limit]
        following = page[-1] if start + limit < len(ids) else None
        return self.json(200, {"data": [self.domains[i] for i in page], "next_cursor": following})

    @route("POST", "/domains")
    def create_domain(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        name, note = body.get("name"), body.get("note")
        if not isinstance(name, str) or "." not in name or " " in name:
            raise SimulatedHTTPError(422, "The name is not a domain.", {"name": ["not a domain"]})
        if note is not None and not isinstance(note, str):
            raise SimulatedHTTPError(422, "The note must be text.", {"note": ["must be text"]})
        name = name.lower()
        if any(d["name"] == name for d in self.domains.values()):
            raise SimulatedHTTPError(409, f"{name} is already there.")
        stamp = self._stamp()
        domain = {
            "id": "dom_" + self.token(16),
            "name": name,
            "status": "pending",
            "note": note,
            "records": [
                self._record("ownership", "TXT", name, f"postbox-verify={self.token(24)}"),
                self._record("dkim", "CNAME", f"pb._domainkey.{name}", "dkim.postbox.example"),
                self._record("return_path", "CNAME", f"bounce.{name}", "rp.postbox.example"),
            ],
            "checked_at": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.domains[domain["id"]] = domain
        return self.json(201, domain)

    @staticmethod
    def _record(kind: str, type_: str, host: str, value: str) -> dict[str, Any]:
        return {"kind": kind, "type": type_, "host": host, "value": value, "found": None}

    @route("GET", "/domains/{domain_id}")
    def get_domain(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._domain(request))

    @route("PATCH", "/domains/{domain_id}")
    def update_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = request.json()
        if "note" not in body:
            raise SimulatedHTTPError(422, "The note is required.", {"note": ["is required"]})
        if body["note"] is not None and not isinstance(body["note"], str):
            raise SimulatedHTTPError(422, "The note must be text.", {"note": ["must be text"]})
        domain["note"] = body["note"]
        domain["updated_at"] = self._stamp()
        return self.json(200, domain)

    @route("DELETE", "/domains/{domain_id}")
    def delete_domain(self, request: SimRequest) -> httpx.Response:
        del self.domains[self._domain(request)["id"]]
        return httpx.Response(204)

    @route("POST", "/domains/{domain_id}/verify")
    def verify_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        # A check finds what mark_domain published: records never looked up become "not found".
        for record in domain["records"]:
            record["found"] = bool(record["found"])
        domain["checked_at"] = domain["updated_at"] = self._stamp()
        return self.json(200, domain)

    @route("GET", "/domains/{domain_id}/records")
    def list_domain_records(self, request: SimRequest) -> httpx.Response:
        return self.json(200, {"data": self._domain(request)["records"]})

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        domain["status"] = _WORDS.get(status, "pending")
        for record in domain["records"]:
            record["found"] = status is VerificationStatus.VERIFIED
        domain["updated_at"] = self._stamp()
