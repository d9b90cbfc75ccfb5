"""What the cassette suite shares: where cassettes live, how they are matched and scrubbed, and the
scan that proves no key reached one.

Recording (``make record``) and replaying use the same ``vcr_config``: requests are matched on
method, URL (path and query) and body; before anything is written, every request header but
``Accept`` and ``Content-Type`` is dropped, secret-looking query and body parameters are removed,
secret-looking response headers are dropped, and the live key (``SENDFROM_API_KEY``) is replaced
wherever it still appears.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from sendfrom.providers import PROVIDERS
from speclib import ROOT

CASSETTES = ROOT / "tests" / "cassettes"
TEST_KEY = "test-key"
"""The key the replay tests connect with: it must never appear in a cassette."""
REDACTED = "<REDACTED>"

KEPT_REQUEST_HEADERS = frozenset({"accept", "content-type"})
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie"}
)
SECRET_PARAMETERS = ("access_token", "api_key", "apikey", "api-key", "token", "key", "secret")
_SECRET_HEADER_NAME = re.compile(r"auth|token|api-?key|secret|cookie|session|signature", re.I)


def cassette_root() -> Path:
    """Where the cassettes are: ``SENDFROM_CASSETTE_DIR`` (a recording's target) or the suite's."""
    configured = os.environ.get("SENDFROM_CASSETTE_DIR")
    return Path(configured) if configured else CASSETTES


def cassette_files(root: Path | None = None) -> list[Path]:
    """Every cassette under ``root``, provider by provider."""
    base = root or cassette_root()
    return sorted(p for provider in PROVIDERS for p in (base / provider).glob("*.yaml"))


def load_cassette(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def body_text(body: Any) -> str:
    """A cassette body (request ``body`` or response ``body.string``) as text."""
    if isinstance(body, dict):
        body = body.get("string")
    if body is None:
        return ""
    return body.decode("utf-8") if isinstance(body, bytes) else str(body)


def body_json(body: Any) -> Any:
    """A cassette body as JSON; None when it is empty."""
    text = body_text(body)
    return json.loads(text) if text.strip() else None


# ---- scrubbing (vcrpy hooks)


def _live_keys() -> list[str]:
    key = os.environ.get("SENDFROM_API_KEY", "").strip()
    return [key] if key else []


def _redact_text(value: Any) -> Any:
    for key in _live_keys():
        if isinstance(value, bytes):
            value = value.replace(key.encode(), REDACTED.encode())
        elif isinstance(value, str):
            value = value.replace(key, REDACTED)
    return value


def scrub_request(request: Any) -> Any:
    """Keep only harmless request headers; take the live key out of the URL and the body."""
    for name in list(request.headers):
        if name.lower() not in KEPT_REQUEST_HEADERS:
            del request.headers[name]
    request.uri = _redact_text(request.uri)
    request.body = _redact_text(request.body)
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop secret-looking response headers; take the live key out of the body."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if _SECRET_HEADER_NAME.search(name):
            del headers[name]
    body = response.get("body") or {}
    if "string" in body:
        body["string"] = _redact_text(body["string"])
    return response


def cassette_config() -> dict[str, Any]:
    """The vcrpy settings of the cassette suite, for replaying and for recording alike."""
    return {
        "match_on": ("method", "scheme", "host", "port", "path", "query", "body"),
        "filter_headers": sorted(SECRET_HEADERS),
        "filter_query_parameters": list(SECRET_PARAMETERS),
        "filter_post_data_parameters": list(SECRET_PARAMETERS),
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "record_on_exception": False,
        "allow_playback_repeats": False,
    }


# ---- the secret scan

_PATTERNS = {
    "a Bearer token": re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]{6,}"),
    "a MailerSend key (mlsn.*)": re.compile(r"\bmlsn\.[A-Za-z0-9]{8,}"),
    "a Vortex key (VRTX.*)": re.compile(r"\bVRTX\.[A-Za-z0-9._-]+"),
    "an AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    "a JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
}
_LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9_+=-])[A-Za-z0-9_+=-]{32,}(?![A-Za-z0-9_+=-])")
_DKIM_PUBLIC_KEY = re.compile(r"((?:v=DKIM1|k=rsa)[^\"]*?\bp=)[A-Za-z0-9+/=\\]+")
"""A DKIM record's public key (``p=``): long and random, and public by design (a record opens
with ``v=DKIM1``, or with its ``k=rsa`` key type where the version tag is left out)."""


def _is_random_token(token: str) -> bool:
    """Mixed case with digits and near-uniform characters: what generated keys look like.

    Identifiers such as ``java_DomainsTest_DomainsListTest_200`` are long and mixed too, but
    their characters repeat (about 4.05 bits of entropy per character; 99% of random
    32-character base62 keys have more than 4.2).
    """
    counts = Counter(token)
    entropy = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    return (
        entropy >= 4.15
        and any(c.isupper() for c in token)
        and any(c.islower() for c in token)
        and any(c.isdigit() for c in token)
    )


def _strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a cassette, and inside every JSON body, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key, f"{where}/<key>")
            yield from _strings(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}/{index}")
    elif isinstance(node, bytes | str):
        text = node.decode("utf-8", "replace") if isinstance(node, bytes) else node
        yield where, text
        if text.lstrip().startswith(("{", "[")):
            try:
                parsed = json.loads(text)
            except ValueError:
                return
            yield from _strings(parsed, f"{where}<json>")


def _structural(index: int, interaction: dict[str, Any]) -> Iterator[str]:
    """Credential headers and query parameters of one interaction."""
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    for name in request.get("headers") or {}:
        if name.lower() in SECRET_HEADERS or _SECRET_HEADER_NAME.search(name):
            yield f"interaction {index}: request header {name!r}"
    for name in response.get("headers") or {}:
        if name.lower() in SECRET_HEADERS:
            yield f"interaction {index}: response header {name!r}"
    query = parse_qsl(urlsplit(str(request.get("uri", ""))).query, keep_blank_values=True)
    for name, _ in query:
        if name.lower() in SECRET_PARAMETERS:
            yield f"interaction {index}: query parameter {name!r} in the URI"


def _in_text(where: str, text: str, literals: tuple[str, ...]) -> Iterator[str]:
    """Keys, tokens and key-like strings in one string of a cassette."""
    text = _DKIM_PUBLIC_KEY.sub(r"\1<dkim-public-key>", text)
    for value in literals:
        if value in text:
            yield f"{where}: the key {value[:4]}… appears"
    for what, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            yield f"{where}: {what} ({match.group(0)[:12]}…)"
    if where.startswith("/interactions/"):  # the heuristic is for traffic, not `source`'s names
        for match in _LONG_TOKEN.finditer(text):
            if _is_random_token(match.group(0)):
                yield f"{where}: a long random token ({match.group(0)[:8]}…)"


def find_secrets(document: Any, extra_values: tuple[str, ...] = ()) -> list[str]:
    """Everything in a cassette that looks like a credential, each named by where it is."""
    problems: list[str] = []
    for index, interaction in enumerate((document or {}).get("interactions") or []):
        problems += _structural(index, interaction)
    literals = tuple(v for v in (TEST_KEY, *_live_keys(), *extra_values) if v)
    for where, text in _strings(document, ""):
        problems += _in_text(where, text, literals)
    return sorted(set(problems))
