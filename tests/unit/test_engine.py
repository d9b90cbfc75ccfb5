"""Retries, error mapping and response parsing, through the public client on a MockTransport.

No test sleeps: the retry policy's ``sleep``/``asleep`` record the waits, ``now`` is fixed and
``jitter`` is 1.0 so backoff is exact.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

import sendfrom
from sendfrom._engine import RetryPolicy
from sendfrom.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    UnprocessableEntityError,
)
from speclib import load_payload

KEY = "ms-live-8f3c0a1b2d4e"
BASE = "https://api.mailersend.com/v1"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")
IDENTITIES = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentities_200.json")
NOT_FOUND = load_payload("mailersend", "py_identities_get_single_0_get_404.json")
THROTTLED = load_payload("mailersend", "py_general_429_create_throttle.json")
MULTI_422 = load_payload("mailersend", "py_general_422_multiple_errors.json")
TAKEN_422 = {
    "message": "The email has already been taken. (and 1 more error)",
    "errors": {
        "email": ["The email has already been taken."],
        "domain_id": ["The selected domain id is invalid."],
    },
}
NOW = 1_700_000_000.0
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

Step = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


# ---- a scripted server


def reply(status: int, body: Any = None, **kwargs: Any) -> Step:
    """A step answering ``status`` with a JSON ``body`` (or the given content/headers)."""

    def step(_request: httpx.Request) -> httpx.Response:
        if body is not None:
            return httpx.Response(status, json=copy.deepcopy(body), **kwargs)
        return httpx.Response(status, **kwargs)

    return step


def fail(exc_type: type[httpx.TransportError], message: str = "boom") -> Step:
    """A step raising an httpx transport error, as a real transport would."""

    def step(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return step


class Server:
    """Answers each request with the next step of its script; a request past the end fails."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert self.steps, f"unexpected request {request.method} {request.url}"
        return self.steps.pop(0)(request)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self.handle(request)

    @property
    def count(self) -> int:
        return len(self.requests)


def policy(sleeps: list[float], **overrides: Any) -> RetryPolicy:
    settings: dict[str, Any] = {
        "max_retries": 2,
        "sleep": sleeps.append,
        "now": lambda: NOW,
        "jitter": lambda: 1.0,
    }
    settings.update(overrides)
    return RetryPolicy(**settings)


def connect(server: Server, sleeps: list[float], **overrides: Any) -> sendfrom.Client:
    return sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server.handle)),
        retry_policy=policy(sleeps, **overrides),
    )


def connect_async(
    server: Server, sleeps: list[float], **overrides: Any
) -> tuple[sendfrom.AsyncClient, list[float]]:
    """An async client whose policy records async waits in ``sleeps`` and forbids blocking ones."""
    blocking: list[float] = []

    async def asleep(seconds: float) -> None:
        sleeps.append(seconds)

    client = sendfrom.connect_async(
        "mailersend",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.ahandle)),
        retry_policy=policy(blocking, asleep=asleep, **overrides),
    )
    return client, blocking


def create(client: sendfrom.Client) -> sendfrom.SenderIdentity:
    return client.identities.create(
        email="hi@test-sdk.com", name="Hi", domain_id="jpzkmgq7e5vl059v"
    )


def page(ids: list[str], current: int, last: int) -> dict[str, Any]:
    """A MailerSend identities page holding the example identity under each id."""
    body = copy.deepcopy(IDENTITIES)
    body["data"] = [{**IDENTITY["data"], "id": i} for i in ids]
    body["meta"].update(current_page=current, last_page=last)
    return body


# ---- retries: rate limits and Retry-After


def test_429_then_200_retries_once_honouring_retry_after_seconds() -> None:
    server = Server(reply(429, THROTTLED, headers={"Retry-After": "3"}), reply(200, IDENTITY))
    sleeps: list[float] = []

    identity = connect(server, sleeps).identities.get("ident-id-123")

    assert identity.id == "ident-id-123"
    assert identity.email == "test@example.com"
    assert server.count == 2
    assert sleeps == [3.0]
    assert [r.url for r in server.requests] == [f"{BASE}/identities/ident-id-123"] * 2


def test_retry_after_as_an_http_date_is_measured_from_now() -> None:
    when = format_datetime(datetime.fromtimestamp(NOW + 12, UTC), usegmt=True)
    server = Server(reply(429, headers={"Retry-After": when}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert server.count == 2
    assert sleeps == [pytest.approx(12.0)]


def test_retry_after_date_in_the_past_means_no_wait() -> None:
    when = format_datetime(datetime.fromtimestamp(NOW - 600, UTC), usegmt=True)
    server = Server(reply(429, headers={"Retry-After": when}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [0.0]


@pytest.mark.parametrize(
    "header",
    ["3600", format_datetime(datetime.fromtimestamp(NOW + 3600, UTC), usegmt=True)],
)
def test_retry_after_is_capped_at_60_seconds(header: str) -> None:
    server = Server(reply(429, headers={"Retry-After": header}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [60.0]


def test_unparseable_retry_after_falls_back_to_backoff() -> None:
    server = Server(reply(429, headers={"Retry-After": "soon"}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [0.5]


def test_rate_limit_that_persists_raises_with_retry_after() -> None:
    server = Server(*[reply(429, THROTTLED, headers={"Retry-After": "7"})] * 3)
    sleeps: list[float] = []

    with pytest.raises(RateLimitError) as info:
        connect(server, sleeps).identities.get("ident-id-123")

    assert server.count == 3
    assert sleeps == [7.0, 7.0]
    assert info.value.retry_after == 7.0
    assert info.value.status_code == 429
    assert info.value.message == THROTTLED["message"]


def test_rate_limit_without_retry_after_has_none() -> None:
    server = Server(reply(429, THROTTLED))
    with pytest.raises(RateLimitError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")
    assert info.value.retry_after is None


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"X-RateLimit-Reset": str(int(NOW) + 9)}, 9.0),  # SendGrid's: a Unix time
        ({"RateLimit-Reset": "4"}, 4.0),  # the IETF draft's (Resend's): seconds left
        ({"X-RateLimit-Reset": str(int(NOW) - 30)}, 0.0),  # a reset already past
        ({"X-RateLimit-Reset": str(int(NOW) + 3600)}, 60.0),  # capped like Retry-After
        ({"X-RateLimit-Reset": "9", "Retry-After": "2"}, 2.0),  # Retry-After says it first
    ],
)
def test_a_429_without_retry_after_waits_until_the_rate_limit_window_resets(
    headers: dict[str, str], wait: float
) -> None:
    server = Server(reply(429, THROTTLED, headers=headers), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [pytest.approx(wait)]


def test_a_reset_header_is_the_rate_limit_errors_retry_after() -> None:
    # the error is measured on the real clock, not the policy's fixed one
    reset = str(int(time.time()) + 30)
    server = Server(reply(429, THROTTLED, headers={"X-RateLimit-Reset": reset}))
    with pytest.raises(RateLimitError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")
    assert info.value.retry_after == pytest.approx(30.0, abs=2.0)


@pytest.mark.parametrize("reset", ["soon", "nan", "inf", ""])
def test_an_unreadable_reset_falls_back_to_backoff(reset: str) -> None:
    server = Server(reply(429, headers={"X-RateLimit-Reset": reset}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [0.5]


def test_a_reset_header_on_a_5xx_is_not_a_wait() -> None:
    """Off a 429 the header only describes the window: the 503 backs off as usual."""
    server = Server(reply(503, headers={"RateLimit-Reset": "30"}), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [0.5]


# ---- retries: backoff


def test_backoff_without_retry_after_doubles() -> None:
    server = Server(reply(503), reply(503), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.get("ident-id-123")

    assert sleeps == [0.5, 1.0]


def test_backoff_is_capped_by_max_delay() -> None:
    server = Server(reply(503), reply(503), reply(503), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps, max_retries=3, max_delay=0.75).identities.get("ident-id-123")

    assert sleeps == [0.5, 0.75, 0.75]


def test_backoff_jitter_only_shortens_the_wait() -> None:
    server = Server(reply(503), reply(503), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps, jitter=lambda: 0.0).identities.get("ident-id-123")

    assert sleeps == [0.375, 0.75]


# ---- retries: which methods, which failures


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_get_is_retried_on_server_errors_and_408(status: int) -> None:
    server = Server(reply(status), reply(200, IDENTITY))
    sleeps: list[float] = []

    identity = connect(server, sleeps).identities.get("ident-id-123")

    assert identity.id == "ident-id-123"
    assert server.count == 2
    assert len(sleeps) == 1


def test_get_gives_up_after_max_retries_plus_one_attempts() -> None:
    server = Server(reply(503), reply(502), reply(500, {"message": "Server Error"}))
    sleeps: list[float] = []

    with pytest.raises(ServerError) as info:
        connect(server, sleeps).identities.get("ident-id-123")

    assert server.count == 3
    assert len(sleeps) == 2
    assert info.value.status_code == 500  # the last answer is the one reported
    assert info.value.message == "Server Error"


def test_put_is_retried_on_500() -> None:
    server = Server(reply(500), reply(200, IDENTITY))
    sleeps: list[float] = []

    connect(server, sleeps).identities.update("ident-id-123", name="New")

    assert [r.method for r in server.requests] == ["PUT", "PUT"]
    assert server.requests[0].content == server.requests[1].content


def test_delete_is_retried_on_503() -> None:
    server = Server(reply(503), reply(204))
    sleeps: list[float] = []

    assert connect(server, sleeps).identities.delete("ident-id-123") is None

    assert [r.method for r in server.requests] == ["DELETE", "DELETE"]


@pytest.mark.parametrize("status", [500, 502, 503, 408])
def test_post_is_not_retried_on_server_errors(status: int) -> None:
    server = Server(reply(status), reply(201, IDENTITY))
    sleeps: list[float] = []

    with pytest.raises(APIStatusError) as info:
        create(connect(server, sleeps))

    assert info.value.status_code == status
    assert server.count == 1
    assert sleeps == []


def test_post_is_retried_on_429_with_the_same_body() -> None:
    server = Server(reply(429, THROTTLED, headers={"Retry-After": "2"}), reply(201, IDENTITY))
    sleeps: list[float] = []

    identity = create(connect(server, sleeps))

    assert identity.id == "ident-id-123"
    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert server.requests[0].content == server.requests[1].content
    assert sleeps == [2.0]


@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout])
def test_post_is_retried_when_the_request_never_left(
    exc_type: type[httpx.TransportError],
) -> None:
    server = Server(fail(exc_type), reply(201, IDENTITY))
    sleeps: list[float] = []

    identity = create(connect(server, sleeps))

    assert identity.id == "ident-id-123"
    assert server.count == 2
    assert sleeps == [0.5]


@pytest.mark.parametrize("exc_type", [httpx.ReadTimeout, httpx.RemoteProtocolError])
def test_post_is_not_retried_when_the_request_may_have_arrived(
    exc_type: type[httpx.TransportError],
) -> None:
    server = Server(fail(exc_type), reply(201, IDENTITY))
    sleeps: list[float] = []

    with pytest.raises(APIConnectionError):
        create(connect(server, sleeps))

    assert server.count == 1
    assert sleeps == []


def test_connection_errors_on_get_are_retried_then_succeed() -> None:
    server = Server(fail(httpx.ConnectError), fail(httpx.ReadError), reply(200, IDENTITY))
    sleeps: list[float] = []

    assert connect(server, sleeps).identities.get("ident-id-123").id == "ident-id-123"
    assert server.count == 3


def test_read_timeout_on_get_ends_in_api_timeout_error() -> None:
    server = Server(*[fail(httpx.ReadTimeout, "timed out")] * 3)
    sleeps: list[float] = []

    with pytest.raises(APITimeoutError) as info:
        connect(server, sleeps).identities.get("ident-id-123")

    assert server.count == 3
    assert sleeps == [0.5, 1.0]
    assert isinstance(info.value, APIConnectionError)
    assert "timed out" in info.value.message


def test_persistent_connect_error_is_a_connection_error_not_a_timeout() -> None:
    server = Server(*[fail(httpx.ConnectError, "connection refused")] * 3)
    with pytest.raises(APIConnectionError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert not isinstance(info.value, APITimeoutError)
    assert "connection refused" in info.value.message
    assert server.count == 3


@pytest.mark.parametrize(
    "step",
    [
        reply(503),
        reply(429, headers={"Retry-After": "1"}),
        fail(httpx.ConnectError),
        fail(httpx.ReadTimeout),
    ],
)
def test_max_retries_zero_makes_exactly_one_request(step: Step) -> None:
    server = Server(step, reply(200, IDENTITY))
    sleeps: list[float] = []

    with pytest.raises(APIError):
        connect(server, sleeps, max_retries=0).identities.get("ident-id-123")

    assert server.count == 1
    assert sleeps == []


def test_connect_max_retries_sets_the_default_policy() -> None:
    server = Server(reply(503), reply(200, IDENTITY))
    client = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(server.handle)),
    )
    with pytest.raises(ServerError):
        client.identities.get("ident-id-123")
    assert server.count == 1


def test_success_is_not_retried_and_does_not_wait() -> None:
    server = Server(reply(200, IDENTITY))
    sleeps: list[float] = []
    connect(server, sleeps).identities.get("ident-id-123")
    assert server.count == 1
    assert sleeps == []


def test_list_crosses_pages_lazily_and_retries_a_page() -> None:
    server = Server(
        reply(200, page(["a", "b"], 1, 2)),
        reply(503),
        reply(200, page(["c"], 2, 2)),
    )
    sleeps: list[float] = []
    identities = connect(server, sleeps).identities.list()

    assert server.count == 0  # nothing is fetched before iteration
    assert next(identities).id == "a"
    assert server.count == 1
    assert [i.id for i in identities] == ["b", "c"]
    assert server.count == 3
    assert [r.url.params["page"] for r in server.requests] == ["1", "2", "2"]
    assert sleeps == [0.5]


# ---- every failure says where it happened


FAILURES = {
    "404": reply(404, NOT_FOUND),
    "500": reply(500),
    "connect": fail(httpx.ConnectError),
    "timeout": fail(httpx.ReadTimeout),
    "not-json": reply(200, content=b"<html>ok</html>"),
    "wrong-shape": reply(200, {"data": {"id": "x"}}),
}


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_every_failure_is_an_api_error_with_request_context(kind: str) -> None:
    server = Server(FAILURES[kind])

    with pytest.raises(sendfrom.SendfromError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")

    error = info.value
    assert isinstance(error, APIError)
    assert error.provider == "mailersend"
    assert error.operation == "identities.get"
    assert error.request_method == "GET"
    assert error.request_url == f"{BASE}/identities/ident-id-123"
    assert error.message
    assert "mailersend" in str(error)
    assert "identities.get" in str(error)
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(error)
    assert KEY not in repr(error)


def test_list_error_names_the_list_operation_and_page() -> None:
    server = Server(reply(401, {"message": "Unauthenticated."}))
    with pytest.raises(AuthenticationError) as info:
        list(connect(server, []).identities.list())
    assert info.value.operation == "identities.list"
    assert info.value.request_method == "GET"
    url = httpx.URL(info.value.request_url)
    assert url.path == "/v1/identities"
    assert url.params["page"] == "1"


def test_post_error_names_the_create_operation() -> None:
    server = Server(reply(422, TAKEN_422))
    with pytest.raises(UnprocessableEntityError) as info:  # taken *and* invalid: not a conflict
        create(connect(server, []))
    assert info.value.operation == "identities.create"
    assert info.value.request_method == "POST"
    assert info.value.request_url == f"{BASE}/identities"


# ---- status codes to classes


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (599, ServerError),
        (418, APIStatusError),
    ],
)
def test_status_maps_to_its_class(status: int, cls: type[APIStatusError]) -> None:
    server = Server(reply(status, {"message": f"said {status}"}))

    with pytest.raises(APIStatusError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")

    assert type(info.value) is cls
    assert info.value.status_code == status
    assert info.value.message == f"said {status}"
    assert info.value.body == {"message": f"said {status}"}


def test_recorded_404_body_gives_its_message() -> None:
    server = Server(reply(404, NOT_FOUND))
    with pytest.raises(NotFoundError) as info:
        connect(server, []).identities.get("test-identity-id")
    assert info.value.message == "Resource not found."
    assert server.count == 1  # a 404 is not retried


def test_request_id_header_is_kept() -> None:
    server = Server(reply(404, NOT_FOUND, headers={"X-Request-Id": "req-42"}))
    with pytest.raises(NotFoundError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert info.value.request_id == "req-42"


@pytest.mark.parametrize("header", ["X-Request-Id", "X-Amzn-RequestId", "Request-Id", "CF-Ray"])
def test_each_provider_style_request_id_header_is_kept(header: str) -> None:
    """What support asks for: whichever header the provider (or its CDN) names the request by."""
    server = Server(reply(404, NOT_FOUND, headers={header: "req-7"}))
    with pytest.raises(NotFoundError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert info.value.request_id == "req-7"


def test_the_providers_own_request_id_wins_over_the_cdns() -> None:
    headers = {"CF-Ray": "ray-1", "Request-Id": "req-3", "X-Amzn-RequestId": "amzn-2"}
    server = Server(reply(404, NOT_FOUND, headers=headers))
    with pytest.raises(NotFoundError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert info.value.request_id == "amzn-2"
    server = Server(reply(404, NOT_FOUND, headers={**headers, "X-Request-Id": "req-1"}))
    with pytest.raises(NotFoundError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert info.value.request_id == "req-1"


def test_422_fills_fields_from_the_mailersend_body() -> None:
    server = Server(reply(422, TAKEN_422))

    with pytest.raises(UnprocessableEntityError) as info:
        create(connect(server, []))

    error = info.value
    assert error.fields == {
        "email": ["The email has already been taken."],
        "domain_id": ["The selected domain id is invalid."],
    }
    assert error.message == "The email has already been taken. (and 1 more error)"
    assert error.body == TAKEN_422
    assert server.count == 1


def test_422_keeps_dotted_field_keys() -> None:
    server = Server(reply(422, MULTI_422))
    with pytest.raises(UnprocessableEntityError) as info:
        create(connect(server, []))
    assert info.value.fields == MULTI_422["errors"]
    assert "ids.0" in info.value.fields


def test_html_502_gives_a_server_error_with_a_readable_message() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    server = Server(reply(502, content=html.encode(), headers={"Content-Type": "text/html"}))

    with pytest.raises(ServerError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")

    error = info.value
    assert error.status_code == 502
    assert error.message.startswith("Bad Gateway")
    assert error.body == html


def test_proxy_html_page_message_has_no_markup_or_line_breaks() -> None:
    server = Server(reply(502, content=NGINX_502.encode(), headers={"Content-Type": "text/html"}))

    with pytest.raises(ServerError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")

    message = info.value.message
    assert "Bad Gateway" in message
    assert "<" not in message
    assert "\n" not in message
    assert "\r" not in message


@pytest.mark.parametrize(("status", "reason"), [(502, "Bad Gateway"), (503, "Service Unavailable")])
def test_empty_error_body_gives_the_reason_phrase(status: int, reason: str) -> None:
    server = Server(reply(status))

    with pytest.raises(ServerError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")

    assert info.value.message == reason
    assert info.value.status_code == status
    assert not info.value.body


def test_json_error_body_without_a_message_falls_back_to_the_reason_phrase() -> None:
    server = Server(reply(409, {"unexpected": True}))
    with pytest.raises(ConflictError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert info.value.message == "Conflict"
    assert info.value.body == {"unexpected": True}


# ---- 2xx bodies that are not what the spec says


@pytest.mark.parametrize(
    "content", [b"<html>maintenance</html>", b"", b'{"data": ', b"\xff\xfe not utf-8"]
)
def test_2xx_body_that_is_not_json_is_a_response_format_error(content: bytes) -> None:
    server = Server(reply(200, content=content))

    with pytest.raises(ResponseFormatError) as info:
        connect(server, []).identities.get("ident-id-123")

    assert info.value.body == content
    assert "JSON" in info.value.message
    assert server.count == 1  # not retried


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"id": "x"}},
        {"identity": IDENTITY["data"]},
        [IDENTITY["data"]],
        {"data": {**IDENTITY["data"], "is_verified": "perhaps"}},
    ],
)
def test_2xx_body_with_the_wrong_shape_is_a_response_format_error(body: Any) -> None:
    server = Server(reply(200, body))

    with pytest.raises(ResponseFormatError) as info:
        connect(server, []).identities.get("ident-id-123")

    assert isinstance(info.value.body, bytes)
    assert info.value.body.startswith((b"{", b"["))


def test_missing_required_fields_are_named() -> None:
    server = Server(reply(200, {"data": {"id": "x"}}))
    with pytest.raises(ResponseFormatError) as info:
        connect(server, []).identities.get("ident-id-123")
    assert "email" in info.value.message
    assert info.value.body == b'{"data":{"id":"x"}}'


def test_list_page_with_the_wrong_shape_is_a_response_format_error() -> None:
    server = Server(reply(200, {"data": "nope"}))
    with pytest.raises(ResponseFormatError) as info:
        list(connect(server, []).identities.list())
    assert info.value.operation == "identities.list"


# ---- timeouts


def test_default_timeout_is_30s_with_a_5s_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, float]] = []

    def handle_request(_transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=IDENTITY, request=request)

    # Stands in for the network on the client sendfrom creates itself; nothing leaves the process.
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    with sendfrom.connect("mailersend", api_key=KEY) as client:
        client.identities.get("ident-id-123")

    assert seen[0]["connect"] == 5.0
    assert seen[0]["read"] == 30.0


def test_timeout_argument_applies_to_the_client_sendfrom_creates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[dict[str, float]] = []

    def handle_request(_transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=IDENTITY, request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    with sendfrom.connect("mailersend", api_key=KEY, timeout=7.0) as client:
        client.identities.get("ident-id-123")

    assert seen[0]["read"] == 7.0


def test_timeout_argument_applies_to_a_given_http_client() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=IDENTITY)

    client = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        timeout=7.0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    client.identities.get("ident-id-123")

    assert seen[0]["read"] == 7.0


# ---- the async runner


async def test_async_429_then_200_honours_retry_after() -> None:
    server = Server(reply(429, THROTTLED, headers={"Retry-After": "3"}), reply(200, IDENTITY))
    sleeps: list[float] = []
    client, blocking = connect_async(server, sleeps)

    identity = await client.identities.get("ident-id-123")

    assert identity.id == "ident-id-123"
    assert server.count == 2
    assert sleeps == [3.0]
    assert blocking == []  # never time.sleep on the event loop


async def test_async_retry_after_http_date_and_cap() -> None:
    soon = format_datetime(datetime.fromtimestamp(NOW + 12, UTC), usegmt=True)
    server = Server(
        reply(429, headers={"Retry-After": soon}),
        reply(503, headers={"Retry-After": "600"}),
        reply(200, IDENTITY),
    )
    sleeps: list[float] = []
    client, _ = connect_async(server, sleeps)

    await client.identities.get("ident-id-123")

    assert sleeps == [pytest.approx(12.0), 60.0]


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_async_get_is_retried_on_server_errors(status: int) -> None:
    server = Server(reply(status), reply(200, IDENTITY))
    sleeps: list[float] = []
    client, blocking = connect_async(server, sleeps)

    assert (await client.identities.get("ident-id-123")).id == "ident-id-123"
    assert server.count == 2
    assert sleeps == [0.5]
    assert blocking == []


async def test_async_post_is_not_retried_on_500_but_is_on_429() -> None:
    server = Server(reply(500))
    client, _ = connect_async(server, [])
    with pytest.raises(ServerError):
        await client.identities.create(email="hi@test-sdk.com", name="Hi", domain_id="d1")
    assert server.count == 1

    server = Server(reply(429), reply(201, IDENTITY))
    sleeps: list[float] = []
    client, _ = connect_async(server, sleeps)
    await client.identities.create(email="hi@test-sdk.com", name="Hi", domain_id="d1")
    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert server.requests[0].content == server.requests[1].content
    assert sleeps == [0.5]


async def test_async_connect_error_on_post_is_retried() -> None:
    server = Server(fail(httpx.ConnectError), reply(201, IDENTITY))
    sleeps: list[float] = []
    client, _ = connect_async(server, sleeps)

    identity = await client.identities.create(email="hi@test-sdk.com", name="Hi", domain_id="d1")

    assert identity.id == "ident-id-123"
    assert server.count == 2


async def test_async_read_timeout_on_post_is_not_retried() -> None:
    server = Server(fail(httpx.ReadTimeout), reply(201, IDENTITY))
    client, _ = connect_async(server, [])
    with pytest.raises(APITimeoutError):
        await client.identities.create(email="hi@test-sdk.com", name="Hi", domain_id="d1")
    assert server.count == 1


async def test_async_read_timeout_on_get_ends_in_api_timeout_error() -> None:
    server = Server(*[fail(httpx.ReadTimeout)] * 3)
    sleeps: list[float] = []
    client, blocking = connect_async(server, sleeps)

    with pytest.raises(APITimeoutError) as info:
        await client.identities.get("ident-id-123")

    assert server.count == 3
    assert sleeps == [0.5, 1.0]
    assert blocking == []
    assert info.value.operation == "identities.get"
    assert info.value.request_url == f"{BASE}/identities/ident-id-123"


async def test_async_max_retries_zero_makes_one_request() -> None:
    server = Server(reply(503), reply(200, IDENTITY))
    sleeps: list[float] = []
    client, _ = connect_async(server, sleeps, max_retries=0)
    with pytest.raises(ServerError):
        await client.identities.get("ident-id-123")
    assert server.count == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("status", "cls"),
    [(401, AuthenticationError), (404, NotFoundError), (409, ConflictError), (500, ServerError)],
)
async def test_async_status_maps_to_its_class(status: int, cls: type[APIStatusError]) -> None:
    server = Server(reply(status, {"message": "nope"}))
    client, _ = connect_async(server, [], max_retries=0)
    with pytest.raises(cls) as info:
        await client.identities.get("ident-id-123")
    assert info.value.provider == "mailersend"
    assert info.value.request_method == "GET"
    assert info.value.message == "nope"


async def test_async_422_fills_fields() -> None:
    server = Server(reply(422, TAKEN_422))
    client, _ = connect_async(server, [])
    with pytest.raises(UnprocessableEntityError) as info:
        await client.identities.create(email="hi@test-sdk.com", name="Hi", domain_id="d1")
    assert info.value.fields == TAKEN_422["errors"]


async def test_async_html_and_empty_error_bodies() -> None:
    server = Server(
        reply(502, content=b"<html>bad gateway</html>", headers={"Content-Type": "text/html"}),
        reply(502),
    )
    client, _ = connect_async(server, [], max_retries=0)
    with pytest.raises(ServerError) as info:
        await client.identities.get("ident-id-123")
    assert info.value.message.startswith("Bad Gateway")
    with pytest.raises(ServerError) as info:
        await client.identities.get("ident-id-123")
    assert info.value.message == "Bad Gateway"


async def test_async_2xx_not_json_is_a_response_format_error() -> None:
    server = Server(reply(200, content=b"<html>ok</html>"))
    client, _ = connect_async(server, [])
    with pytest.raises(ResponseFormatError) as info:
        await client.identities.get("ident-id-123")
    assert info.value.body == b"<html>ok</html>"


async def test_async_list_crosses_pages_and_retries_a_page() -> None:
    server = Server(
        reply(200, page(["a", "b"], 1, 2)),
        fail(httpx.ConnectError),
        reply(200, page(["c"], 2, 2)),
    )
    sleeps: list[float] = []
    client, _ = connect_async(server, sleeps)

    ids = [identity.id async for identity in client.identities.list()]

    assert ids == ["a", "b", "c"]
    assert [r.url.params["page"] for r in server.requests] == ["1", "2", "2"]
    assert sleeps == [0.5]


async def test_async_waits_really_yield_to_the_event_loop() -> None:
    """With the default ``asleep`` a wait is an ``asyncio.sleep``: other tasks run meanwhile."""
    ticks: list[int] = []

    async def ticker() -> None:
        for i in range(3):
            ticks.append(i)
            await asyncio.sleep(0)

    server = Server(reply(429, headers={"Retry-After": "0.01"}), reply(200, IDENTITY))
    client = sendfrom.connect_async(
        "mailersend",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.ahandle)),
        retry_policy=RetryPolicy(max_retries=1, sleep=_no_blocking_sleep),
    )
    task = asyncio.create_task(ticker())
    await client.identities.get("ident-id-123")
    ran_during_the_wait = list(ticks)
    await task

    assert server.count == 2
    assert ran_during_the_wait == [0, 1, 2]


def _no_blocking_sleep(seconds: float) -> None:
    raise AssertionError(f"time.sleep({seconds}) called from async code")


# ---- Invent's error bodies (NestJS: `message` is a string, or a list of strings)


def _invent_error(body: dict[str, Any]) -> APIStatusError:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json=body)

    client = sendfrom.connect(
        "invent",
        api_key="k-invent",
        org_id="o1",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(APIStatusError) as info:
        client.identities.get("i-1")
    return info.value


def test_invent_error_message_as_a_plain_string_is_the_message() -> None:
    error = _invent_error({"statusCode": 400, "message": "name is too long", "error": "Bad"})
    assert error.message == "name is too long"


def test_invent_error_messages_as_a_list_are_joined() -> None:
    error = _invent_error({"statusCode": 400, "message": ["name is empty", "email is bad"]})
    assert error.message == "name is empty; email is bad"


# ---- RetryPolicy's rules, one by one (sendfrom.RetryPolicy is public: users build their own)

IDEMPOTENT = ["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize(
    ("status", "retried"),
    [(408, True), (429, True), (500, True), (503, True), (599, True), (400, False), (404, False)],
)
def test_idempotent_methods_retry_on_408_429_and_5xx(
    method: str, status: int, retried: bool
) -> None:
    assert RetryPolicy().should_retry_status(method, status) is retried


@pytest.mark.parametrize(("status", "retried"), [(429, True), (408, False), (500, False)])
def test_post_retries_only_on_429(status: int, retried: bool) -> None:
    assert RetryPolicy().should_retry_status("POST", status) is retried


def test_transport_failures_retry_when_idempotent_or_never_sent() -> None:
    request = httpx.Request("POST", "https://h/x")
    policy = RetryPolicy()
    for exc in (httpx.ConnectError("x", request=request), httpx.ConnectTimeout("x")):
        assert policy.should_retry_transport("POST", exc) is True  # provably never left
    for exc in (httpx.ReadTimeout("x"), httpx.RemoteProtocolError("x")):
        assert policy.should_retry_transport("POST", exc) is False  # may have been created
        for method in IDEMPOTENT:
            assert policy.should_retry_transport(method, exc) is True


def test_backoff_doubles_from_the_initial_delay_up_to_the_cap() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, jitter=lambda: 1.0)
    assert [policy.delay(a, None) for a in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    low = RetryPolicy(initial_delay=0.5, jitter=lambda: 0.0)
    assert low.delay(0, None) == 0.375  # jitter takes at most a quarter off
    assert policy.delay(10_000, None) == 8.0  # a huge attempt number: no OverflowError


def test_retry_after_wins_over_backoff_and_is_capped() -> None:
    policy = RetryPolicy(now=lambda: 1_000.0, jitter=lambda: 1.0)
    wait = httpx.Response(503, headers={"Retry-After": "3"})
    assert policy.delay(0, wait) == 3.0
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": "600"})) == 60.0
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": "-5"})) == 0.0
    assert policy.delay(2, httpx.Response(503, headers={"Retry-After": "soon"})) == 2.0
    assert policy.delay(1, httpx.Response(503)) == 1.0


# ---- what an error status says when the body gives no message, word for word

_LONG = "word " * 60


@pytest.mark.parametrize(
    ("status", "content", "headers", "message"),
    [
        (500, b"", {}, "Internal Server Error"),
        (599, b"", {}, "error"),  # a status with no reason phrase
        (
            502,
            b"<html><head><TITLE class='x'>502  Bad\n Gateway</TITLE></head><p>nginx</p></html>",
            {"Content-Type": "text/html"},
            "Bad Gateway: 502 Bad Gateway",
        ),
        (
            503,
            b"<p>down  for</p>\n<b>maintenance</b>",
            {"Content-Type": "text/html"},
            "Service Unavailable: down for maintenance",
        ),
        (503, _LONG.encode(), {}, "Service Unavailable: " + _LONG[:200]),
        (
            302,
            b"",
            {"Location": "https://elsewhere.example/login?token=other-secret"},
            "Found (a redirect to https://elsewhere.example/login?token=***; sendfrom does not "
            "follow redirects)",
        ),
        (301, b"", {}, "Moved Permanently (a redirect; sendfrom does not follow redirects)"),
        (300, b"", {}, "Multiple Choices (a redirect; sendfrom does not follow redirects)"),
        (
            400,
            b"[" * 100 + b"]" * 100,
            {"Content-Type": "application/json"},
            "Bad Request (the body is JSON nested too deeply to read)",
        ),
        (400, b"[" * 64 + b"]" * 64, {"Content-Type": "application/json"}, "Bad Request"),
        (
            400,
            b"[" * 65 + b"]" * 65,  # one level past the limit
            {"Content-Type": "application/json"},
            "Bad Request (the body is JSON nested too deeply to read)",
        ),
    ],
)
def test_a_body_without_a_message_gives_the_status_and_what_it_shows(
    status: int, content: bytes, headers: dict[str, str], message: str
) -> None:
    server = Server(reply(status, content=content, headers=headers))
    with pytest.raises(APIStatusError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")
    assert info.value.message == message
    assert info.value.status_code == status


# ---- transport failures, word for word


@pytest.mark.parametrize(
    ("exc", "cls", "message"),
    [
        (
            httpx.ConnectError("connection refused"),
            APIConnectionError,
            "ConnectError: connection refused",
        ),
        (httpx.ConnectError(""), APIConnectionError, "ConnectError"),
        (httpx.ReadTimeout("timed out"), APITimeoutError, "ReadTimeout: timed out"),
    ],
)
def test_a_transport_failure_names_its_kind_and_what_httpx_said(
    exc: httpx.TransportError, cls: type[APIConnectionError], message: str
) -> None:
    def step(request: httpx.Request) -> httpx.Response:
        exc.request = request
        raise exc

    with pytest.raises(APIConnectionError) as info:
        connect(Server(step), [], max_retries=0).identities.get("ident-id-123")
    assert type(info.value) is cls
    assert info.value.message == message
    assert info.value.request_method == "GET"
    assert info.value.request_url == "https://api.mailersend.com/v1/identities/ident-id-123"


def test_a_body_that_does_not_decode_says_so_and_names_the_request() -> None:
    """Decoded inside the handler, the answer never reaches sendfrom: no status, no encoding."""
    server = Server(
        reply(200, content=b"not gzip at all", headers={"Content-Encoding": "gzip"}),
    )
    with pytest.raises(ResponseFormatError) as info:
        connect(server, [], max_retries=0).identities.get("ident-id-123")
    assert info.value.message.startswith("the body does not decode as its Content-Encoding says: ")
    assert info.value.body == b""
    assert info.value.request_url == "https://api.mailersend.com/v1/identities/ident-id-123"


def test_a_failure_raised_before_httpx_knew_the_request_names_no_made_up_url() -> None:
    """A transport may raise before httpx attached the request (``exc.request`` then raises):
    the error says about:blank and the method it was sending, never a URL sendfrom made up."""
    from sendfrom._engine.http_errors import transport_error, undecodable_error
    from sendfrom._engine.plans import Call
    from sendfrom_generated.mailersend.api.identities import delete_identity

    adapter = sendfrom.connect("mailersend", api_key=KEY)._adapter
    call = Call("identities.delete", delete_identity, {"identity_id": "i1"})
    failure = transport_error(adapter, call, httpx.ConnectError("refused"))
    assert (failure.request_method, failure.request_url) == ("DELETE", "about:blank")
    assert failure.message == "ConnectError: refused"
    undecodable, response = undecodable_error(adapter, call, httpx.DecodingError("bad gzip"))
    assert response is None
    assert (undecodable.request_method, undecodable.request_url) == ("DELETE", "about:blank")


def test_an_undecodable_300_keeps_its_status_class() -> None:
    """From 300 up, a status says what went wrong (and a 3xx is an error): an undecodable body
    only details it, so the error is the status's, not a ResponseFormatError."""
    from sendfrom._engine.http_errors import undecodable_error
    from sendfrom._engine.plans import Call
    from sendfrom_generated.mailersend.api.identities import get_identity

    adapter = sendfrom.connect("mailersend", api_key=KEY)._adapter
    call = Call("identities.get", get_identity, {"identity_id": "i1"})
    request = httpx.Request("GET", "https://api.mailersend.com/v1/identities/i1")
    for status, kept in ((300, True), (299, False)):
        exc = httpx.DecodingError("bad gzip", request=request)
        exc.response = httpx.Response(status, request=request)  # type: ignore[attr-defined]
        error, response = undecodable_error(adapter, call, exc)
        assert (response is not None) is kept
        assert isinstance(error, APIStatusError) is kept
