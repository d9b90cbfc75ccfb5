"""Postmark's cassettes: the real traffic postmarker recorded (specs/evidence/postmark/recorded/,
Betamax cassettes of 2016-2017), decoded.

Betamax keeps each body base64-encoded and, where Postmark answered ``Content-Encoding: gzip``,
still compressed: ``exchanges`` decodes both (the cassette's answer is the JSON text Postmark sent,
so the Content-Encoding and Content-Length headers go). The token was already replaced by
``ACCOUNT_TOKEN`` in the recordings; no request header is kept in a cassette. Where sendfrom sends
something other than what postmarker sent (a page size, a path's trailing slash, a body),
``changes`` says so. The two error answers no recording shows are built from Postmark's
documented error codes (provenance ``documented``; their messages are inferred).
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cassettes.common import (
    JSON,
    PROVIDERS_DIR,
    Cassette,
    Interaction,
    evidence_path,
    json_text,
    source_entry,
)

RECORDED = PROVIDERS_DIR / "postmark" / "recorded"
ORIGIN = "Stranger6667/postmarker@a060d4955e8b:test/cassettes/{name}"
ERRORS = "https://postmarkapp.com/developer/api/overview#error-codes"


@dataclass(frozen=True)
class Exchange:
    """One recorded request and Postmark's answer, decoded."""

    file: str
    method: str
    path: str
    """With the query, as recorded (``/senders/?count=1&offset=0``)."""
    request_body: Any
    status: int
    body: Any
    content_type: str


def _decoded(body: dict[str, Any]) -> bytes:
    raw = base64.b64decode(body.get("base64_string") or "")
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


@functools.cache
def exchanges(name: str) -> tuple[Exchange, ...]:
    """Every exchange of ``recorded/postmarker_<name>.json`` (``domains`` or ``senders``)."""
    file = RECORDED / f"postmarker_{name}.json"
    recorded = json.loads(file.read_text())
    found = []
    for item in recorded["http_interactions"]:
        request, response = item["request"], item["response"]
        url = urlsplit(request["uri"])
        sent = _decoded(request["body"])
        answer = _decoded(response["body"])
        found.append(
            Exchange(
                file=file.name,
                method=request["method"],
                path=url.path + (f"?{url.query}" if url.query else ""),
                request_body=json.loads(sent) if sent else None,
                status=response["status"]["code"],
                body=json.loads(answer) if answer else None,
                content_type=response["headers"]["Content-Type"][0],
            )
        )
    return tuple(found)


def recorded(
    name: str,
    method: str,
    recorded_path: str,
    *,
    path: str | None = None,
    request_body: Any = None,
    value: Any = None,
    changes: tuple[str, ...] = (),
    index: int = 0,
) -> Interaction:
    """The ``index``-th recorded exchange of ``method recorded_path``, as sendfrom sends it."""
    matching = [e for e in exchanges(name) if (e.method, e.path) == (method, recorded_path)]
    exchange = matching[index]
    notes = list(changes)
    if path is not None and path != recorded_path:
        notes.insert(0, f"request path: recorded {recorded_path}, sendfrom sends {path}")
    if request_body != exchange.request_body:
        notes.append(
            f"request body: recorded {json.dumps(exchange.request_body)}, "
            f"sendfrom sends {json.dumps(request_body)}"
        )
    return Interaction(
        method=method,
        path=path or recorded_path,
        status=exchange.status,
        body=json_text(exchange.body if value is None else value),
        headers={"Content-Type": exchange.content_type},
        request_body=request_body,
        source=source_entry(
            "recorded",
            evidence_path(RECORDED / exchange.file),
            ORIGIN.format(name=exchange.file),
            headers="Content-Type as recorded (the body decoded: no Content-Encoding)",
            changes=notes,
        ),
    )


def documented_error(
    method: str, path: str, code: int, message: str, request_body: Any = None
) -> Interaction:
    """A 422 with one of Postmark's documented error codes (no recording shows it)."""
    return Interaction(
        method=method,
        path=path,
        status=422,
        body=json_text({"ErrorCode": code, "Message": message}),
        headers=dict(JSON),
        request_body=request_body,
        source=source_entry(
            "documented",
            None,
            f"{ERRORS} (ErrorCode {code}); the body's shape as every recorded error",
            changes=["the message text is inferred"],
        ),
    )


def cassettes() -> list[Cassette]:
    c = "postmark"
    dom, sig = "domains", "senders"
    got = recorded(dom, "GET", "/domains/64054")
    listed = exchanges(dom)[2].body
    listed_senders = exchanges(sig)[0].body
    return [
        Cassette(c, "domains_list", "list domains (one page)", [
            recorded(dom, "GET", "/domains?count=2&offset=0", path="/domains?count=500&offset=0",
                     value={**listed, "TotalCount": len(listed["Domains"])},
                     changes=("TotalCount: recorded 13 (of an account with more), here the two "
                              "domains the page holds, so the list ends with it",)),
        ]),
        Cassette(c, "domains_get", "get a domain (DKIM verified, no return path set)", [got]),
        Cassette(c, "domains_get_not_found", "get a missing domain: 422 ErrorCode 510", [
            documented_error("GET", "/domains/1", 510, "Domain not found."),
        ]),
        Cassette(c, "domains_create", "create a domain (its first DKIM key pending)", [
            recorded(dom, "POST", "/domains", request_body={"Name": "newsuperdomain.name"}),
        ]),
        Cassette(c, "domains_update", "set a domain's return path", [
            recorded(dom, "PUT", "/domains/386143",
                     request_body={"ReturnPathDomain": "pm.newsuperdomain.name"}),
        ]),
        Cassette(c, "domains_verify", "the DKIM check, then the return-path check", [
            recorded(dom, "PUT", "/domains/386143/verifyDkim"),
            recorded(dom, "PUT", "/domains/386143/verifyReturnPath"),
        ]),
        Cassette(c, "domains_delete", "delete a domain (200, ErrorCode 0)", [
            recorded(dom, "DELETE", "/domains/386143"),
        ]),
        Cassette(c, "domains_dns_records", "DNS records of a domain (emulated: get)", [got]),
        Cassette(c, "identities_list", "list sender signatures (one page)", [
            recorded(sig, "GET", "/senders/?count=1&offset=0", path="/senders?count=500&offset=0",
                     value={**listed_senders, "TotalCount": 1},
                     changes=("TotalCount: recorded 288, here the one signature the page "
                              "holds, so the list ends with it",)),
        ]),
        Cassette(c, "identities_get", "get a sender signature (confirmed)", [
            recorded(sig, "GET", "/senders/128462"),
        ]),
        Cassette(c, "identities_create", "create a sender signature (unconfirmed)", [
            recorded(sig, "POST", "/senders/", path="/senders",
                     request_body={"FromEmail": "exampleX@blablaz.com", "Name": "Test"}),
        ]),
        Cassette(c, "identities_create_exists", "create a taken address: 422 ErrorCode 504", [
            documented_error("POST", "/senders", 504, "Sender Signature already exists.",
                             request_body={"FromEmail": "exampleX@blablaz.com", "Name": "Test"}),
        ]),
        Cassette(c, "identities_update", "rename a sender signature", [
            recorded(sig, "PUT", "/senders/128462", request_body={"Name": "Test"}),
        ]),
        Cassette(c, "identities_delete", "delete a sender signature (200, ErrorCode 0)", [
            recorded(sig, "DELETE", "/senders/723694"),
        ]),
        Cassette(c, "identities_resend_verification", "re-send the confirmation email", [
            recorded(sig, "POST", "/senders/723694/resend"),
        ]),
    ]  # fmt: skip
