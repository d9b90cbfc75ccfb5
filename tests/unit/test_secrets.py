"""The API key is a secret: never in a repr, an exception, a log line or a cassette.

Failures are produced two ways: a ``MockTransport`` double (401, 500, connection error, timeout,
a 2xx that breaks the spec), and a real HTTP server on loopback so that httpx and httpcore do their
real work (and their real DEBUG logging). The doubles echo the key back in their bodies, as a
careless provider might ("invalid key ms-live-..."): sendfrom must not pass it on.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import yaml

import sendfrom
from provider_facts import required_scope
from sendfrom._engine import RetryPolicy
from sendfrom.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ResponseFormatError,
    SendfromError,
    ServerError,
)
from sendfrom.providers import PROVIDERS, adapter_class
from speclib import ROOT, load_payload

KEY = "sk-live-5ecr3t-0123456789abcdef"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")
LOGGERS = ("httpx", "httpcore", "sendfrom", "sendfrom_generated", "")


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    assert_no_key_in_logs(caplog)


def assert_no_key_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage()
        assert KEY not in repr(record.args)


def chain_of(error: BaseException) -> list[BaseException]:
    """The exception and every exception a traceback of it would print (causes and contexts)."""
    found: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return found


def texts_of(error: BaseException) -> list[str]:
    """Everything an exception shows: str, repr, args, attributes, and its whole chain."""
    seen: list[str] = []
    for current in chain_of(error):
        seen += [str(current), repr(current), repr(current.args)]
        seen += [repr(v) for v in vars(current).values()]
    return seen


def assert_clean(error: BaseException) -> None:
    for text in texts_of(error):
        assert KEY not in text, text


def echo(status: int) -> Callable[[httpx.Request], httpx.Response]:
    """A double answering ``status`` with a body that repeats the request's credentials."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen = {k: v for k, v in request.headers.items() if k.lower() != "accept"}
        assert KEY in str(seen)  # the key was sent ...
        body = {"message": f"rejected key {KEY}", "error": {"message": f"auth {seen}"}}
        body["errors"] = {"token": [f"{KEY} is not valid"]}
        return httpx.Response(status, json=body, headers={"x-echo": KEY})

    return handler


def raising(exc: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc(f"failed with headers {dict(request.headers)}", request=request)

    return handler


def not_the_spec(_request: httpx.Request) -> httpx.Response:
    body = f'{{"id": 5, "email": 5, "data": 5, "unexpected": "{KEY}"}}'
    return httpx.Response(200, content=body.encode())


def not_json(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=f"<html>{KEY}</html>".encode())


def connect(provider: str, handler: Callable[[httpx.Request], httpx.Response]) -> sendfrom.Client:
    return sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        max_retries=0,
        **required_scope(provider),
    )


def connect_async(
    provider: str, handler: Callable[[httpx.Request], httpx.Response]
) -> sendfrom.AsyncClient:
    async def ahandler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    return sendfrom.connect_async(
        provider,
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(ahandler)),
        max_retries=0,
        **required_scope(provider),
    )


def list_call(provider: str) -> Callable[[Any], Any]:
    if adapter_class(provider).capabilities.get("identities.list"):
        return lambda c: list(c.identities.list())
    return lambda c: list(c.domains.list())


# ---- reprs


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_key_in_client_reprs(provider: str) -> None:
    scope = required_scope(provider)
    clients: list[Any] = [
        sendfrom.connect(provider, api_key=KEY, **scope),
        sendfrom.connect_async(provider, api_key=KEY, **scope),
        sendfrom.connect(provider, api_key=KEY, rate_limit=sendfrom.RateLimit(5), **scope),
    ]
    clients += [c.with_options(max_retries=0, timeout=3.0) for c in clients]
    for client in clients:
        shown = [repr(client), str(client), repr(client.native), repr(client._adapter.settings)]
        shown += [repr(client.identities), repr(client.domains), repr(client._runner.policy)]
        for text in shown:
            assert KEY not in text, text


def test_no_key_in_settings_or_secret_reprs() -> None:
    settings = sendfrom.connect("mailersend", api_key=KEY)._adapter.settings
    assert settings.api_key is not None
    assert KEY not in repr(settings)
    assert KEY not in str(settings.api_key)
    assert KEY not in f"{settings.api_key}"


# ---- exceptions, through a double


FAILURES: list[tuple[str, Callable[[httpx.Request], httpx.Response], type[SendfromError]]] = [
    ("401", echo(401), AuthenticationError),
    ("500", echo(500), ServerError),
    ("connect error", raising(httpx.ConnectError), APIConnectionError),
    ("read timeout", raising(httpx.ReadTimeout), APITimeoutError),
    ("connect timeout", raising(httpx.ConnectTimeout), APITimeoutError),
    ("broken pipe", raising(httpx.WriteError), APIConnectionError),
    ("not the spec", not_the_spec, ResponseFormatError),
    ("not json", not_json, ResponseFormatError),
]
FAILURE_PARAMS = [pytest.param(handler, cls, id=name) for name, handler, cls in FAILURES]


@pytest.mark.parametrize(("handler", "cls"), FAILURE_PARAMS)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_key_in_any_exception(
    provider: str, handler: Callable[[httpx.Request], httpx.Response], cls: type[SendfromError]
) -> None:
    with pytest.raises(cls) as info:
        list_call(provider)(connect(provider, handler))
    assert_clean(info.value)
    assert isinstance(info.value, APIError)
    assert info.value.provider == provider


@pytest.mark.parametrize(("handler", "cls"), FAILURE_PARAMS)
async def test_no_key_in_any_async_exception(
    handler: Callable[[httpx.Request], httpx.Response], cls: type[SendfromError]
) -> None:
    async with connect_async("mailersend", handler) as client:
        with pytest.raises(cls) as info:
            await client.identities.get("ident-id-123")
    assert_clean(info.value)


def test_echoed_key_is_replaced_but_the_rest_of_the_message_is_kept() -> None:
    with pytest.raises(AuthenticationError) as info:
        connect("mailersend", echo(401)).identities.get("x")
    error = info.value
    assert error.message == "rejected key ***"
    assert error.body["message"] == "rejected key ***"
    assert error.status_code == 401


def test_a_short_key_is_scrubbed_too() -> None:
    """docs/errors.md says "never": a short key is replaced as well, at the cost of a word."""

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": "key k9 rejected"})

    client = sendfrom.connect(
        "mailersend",
        api_key="k9",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(AuthenticationError) as info:
        client.identities.get("x")
    assert info.value.message == "key *** rejected"
    assert "k9" not in str(info.value)


GETS: dict[str, Callable[[Any], Any]] = {
    "identities.get": lambda c: c.identities.get("ident-1"),
    "domains.get": lambda c: c.domains.get("example.com"),
    "domains.dns_records": lambda c: c.domains.dns_records("example.com"),
    "identities.delete": lambda c: c.identities.delete("ident-1"),
}


@pytest.mark.parametrize("operation", sorted(GETS))
@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_key_anywhere_in_the_exception_chain(provider: str, operation: str) -> None:
    """A plan that catches an error and raises its own (Space Invoices' emulated 404s) must not
    leave the echoing original in ``__context__``, where every printed traceback shows it."""
    client = connect(provider, echo(404))
    if not client.supports(operation):
        pytest.skip(f"{provider} has no {operation}")
    with pytest.raises(SendfromError) as info:
        GETS[operation](client)
    for error in chain_of(info.value):
        assert_clean(error)
    printed = "".join(traceback.format_exception(info.value))
    assert KEY not in printed


def test_a_foreign_exception_showing_the_key_is_cut_from_the_chain() -> None:
    from sendfrom._engine import scrub

    error = SendfromError("outer")
    try:
        try:
            raise ValueError(f"inner {KEY}")
        except ValueError as inner:
            raise error from inner
    except SendfromError:
        pass
    scrub(error, KEY)
    assert error.__cause__ is None
    assert KEY not in "".join(traceback.format_exception(error))


def test_no_key_in_configuration_and_input_errors() -> None:
    errors: list[BaseException] = []
    for bad in (
        lambda: sendfrom.connect("mailersnd", api_key=KEY),
        lambda: sendfrom.connect("vortex", api_key=KEY),
        lambda: sendfrom.connect("vortex", api_key=KEY, account_id="a", rate_limit=True),
        lambda: sendfrom.connect("mailersend", api_key=KEY).with_options(timeout=-1),
        lambda: sendfrom.connect("mailersend", api_key=KEY).identities.get("a/b"),
        lambda: sendfrom.connect("mailersend", api_key=KEY).identities.create(email="x"),
        lambda: sendfrom.connect("vortex", api_key=KEY, account_id="a").identities.get("i"),
    ):
        with pytest.raises(SendfromError) as info:
            bad()
        errors.append(info.value)
    for error in errors:
        assert_clean(error)


# ---- a real HTTP server on loopback: real httpx/httpcore, real DEBUG logging


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.endswith("/ok"):
            self._reply(200, IDENTITY)
        elif self.path.endswith("/denied"):
            self._reply(401, {"message": f"bad key {self.headers.get('Authorization')}"})
        elif self.path.endswith("/boom"):
            self._reply(503, {"message": f"down for {self.headers.get('Authorization')}"})
        else:
            self._reply(200, {"data": {"unexpected": self.headers.get("Authorization")}})

    def _reply(self, status: int, body: Any) -> None:
        import json

        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("path", "cls"),
    [("ok", None), ("denied", AuthenticationError), ("boom", ServerError), ("odd", None)],
)
def test_real_http_round_trip_keeps_the_key_out_of_logs_and_errors(
    server: str, path: str, cls: type[SendfromError] | None, caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(max_retries=1, sleep=lambda _: None)
    with sendfrom.connect(
        "mailersend", api_key=KEY, base_url=server, retry_policy=policy
    ) as client:
        if cls is None:
            try:
                client.identities.get(path)
            except ResponseFormatError as error:
                assert_clean(error)
        else:
            with pytest.raises(cls) as info:
                client.identities.get(path)
            assert_clean(info.value)
    assert any(r.name.startswith("httpcore") for r in caplog.records)  # DEBUG logs were on
    assert_no_key_in_logs(caplog)


async def test_real_async_round_trip_keeps_the_key_out_of_logs(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with sendfrom.connect_async(
        "mailersend", api_key=KEY, base_url=server, max_retries=0
    ) as client:
        await client.identities.get("ok")
        with pytest.raises(AuthenticationError) as info:
            await client.identities.get("denied")
        assert_clean(info.value)
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert_no_key_in_logs(caplog)


def test_real_connection_refused(caplog: pytest.LogCaptureFixture) -> None:
    base = f"http://127.0.0.1:{free_port()}/v1"
    with (
        sendfrom.connect("mailersend", api_key=KEY, base_url=base, max_retries=0) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.identities.get("x")
    assert_clean(info.value)
    assert_no_key_in_logs(caplog)


def test_real_timeout(caplog: pytest.LogCaptureFixture) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts, never answers
    try:
        base = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        with (
            sendfrom.connect(
                "mailersend", api_key=KEY, base_url=base, max_retries=0, timeout=0.2
            ) as client,
            pytest.raises(APITimeoutError) as info,
        ):
            client.identities.get("x")
        assert_clean(info.value)
    finally:
        listener.close()
    assert_no_key_in_logs(caplog)


# ---- cassettes

CASSETTES = ROOT / "tests" / "cassettes"
SECRET_HEADER = re.compile(r"auth|token|api-?key|secret|cookie|session|signature", re.I)
SECRET_PARAMS = {"access_token", "api_key", "apikey", "api-key", "token", "key", "secret"}
PLACEHOLDER = re.compile(r"^\s*(bearer\s+)?(<?redacted>?|\*+|x+|<[^>]*>|)\s*$", re.I)
KEY_FORMATS = [
    re.compile(r"mlsn\.[0-9a-f]{20,}"),  # MailerSend
    re.compile(r"VRTX\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),  # Vortex
    re.compile(r"Bearer\s+(?!<)[A-Za-z0-9._~+/=-]{16,}"),  # any bearer token
]


def known_keys() -> set[str]:
    """The keys this suite connects with, and any real key in the environment."""
    keys = {KEY, "test-key", "ms-live-8f3c0a1b2d4e"}
    keys |= {
        value.strip()
        for name, value in os.environ.items()
        if re.search(r"API_?KEY|TOKEN|SECRET", name) and len(value.strip()) >= 8
    }
    return keys


def cassettes() -> list[Path]:
    return sorted(CASSETTES.rglob("*.yaml")) if CASSETTES.is_dir() else []


def secrets_in(path: Path) -> list[str]:
    """What in a cassette looks like a credential."""
    text = path.read_text(encoding="utf-8")
    found = [f"known key {k[:4]}..." for k in known_keys() if k in text]
    found += [
        f"key-shaped text {m.group(0)[:10]}..." for p in KEY_FORMATS for m in p.finditer(text)
    ]
    document = yaml.safe_load(text) or {}
    for interaction in document.get("interactions") or []:
        request = interaction.get("request") or {}
        response = interaction.get("response") or {}
        for where, headers in (
            ("request", request.get("headers")),
            ("response", response.get("headers")),
        ):
            for name, values in (headers or {}).items():
                for value in values if isinstance(values, list) else [values]:
                    if SECRET_HEADER.search(name) and not PLACEHOLDER.match(str(value)):
                        found.append(f"{where} header {name}")
        for name, value in parse_qsl(urlsplit(str(request.get("uri", ""))).query):
            if name.lower() in SECRET_PARAMS and not PLACEHOLDER.match(value):
                found.append(f"query parameter {name}")
    return found


@pytest.mark.skipif(not CASSETTES.is_dir(), reason="no tests/cassettes directory")
@pytest.mark.parametrize("path", cassettes(), ids=lambda p: str(p.relative_to(CASSETTES)))
def test_no_key_in_a_cassette(path: Path) -> None:
    assert secrets_in(path) == []


def test_the_cassette_scan_finds_credentials(tmp_path: Path) -> None:
    cassette = {
        "interactions": [
            {
                "request": {
                    "method": "GET",
                    "uri": "https://api.example.com/v1/x?access_token=abcdef123456",
                    "headers": {"Authorization": ["Bearer abcdefghijklmnopqrstuvwxyz"]},
                },
                "response": {
                    "headers": {"X-Api-Key": ["plain"]},
                    "body": {"string": f"echo {KEY} mlsn.{'ab' * 16}"},
                },
            }
        ]
    }
    path = tmp_path / "leaky.yaml"
    path.write_text(yaml.safe_dump(cassette))
    found = secrets_in(path)
    assert any(f.startswith("known key") for f in found)
    assert any(f.startswith("key-shaped text mlsn") for f in found)
    assert "request header Authorization" in found
    assert "response header X-Api-Key" in found
    assert "query parameter access_token" in found

    clean = {
        "interactions": [
            {
                "request": {"uri": "https://x/v1?page=1", "headers": {"Authorization": ["***"]}},
                "response": {"headers": {"Content-Type": ["application/json"]}},
            }
        ]
    }
    path.write_text(yaml.safe_dump(clean))
    assert secrets_in(path) == []
