"""What every provider simulator shares: routing, auth, recorded requests, faults and hooks.

A simulator is a plain callable ``httpx.Request -> httpx.Response`` over in-memory state, so the
same object serves an ``httpx.MockTransport`` (in-process), the loopback HTTP server and pytest.
Provider modules subclass ``Simulator`` and declare their routes with ``@route``.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Unpack
from urllib.parse import unquote, urlsplit

import httpx

from sendfrom._ratelimit import RateLimit
from sendfrom.errors import SendfromError
from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.testing._dns_reading import DnsReading
from sendfrom.testing._routing import Handler, SimRequest, SimulatedHTTPError, compile_route, route
from sendfrom.testing._throttle import Throttle

if TYPE_CHECKING:
    from sendfrom.client import AsyncClient, Client
    from sendfrom.testing._arguments import ConnectArguments

__all__ = [
    "Fault",
    "Handler",
    "SimRequest",
    "SimulatedHTTPError",
    "Simulator",
    "UnknownObjectError",
    "route",
]

StatusLike = VerificationStatus | Literal["pending", "verified", "failed"]


class UnknownObjectError(SendfromError, LookupError):
    """A test hook named an identity or a domain the simulator does not hold."""


@dataclass(frozen=True)
class Fault:
    """What the next request gets instead of its answer (see ``Simulator.fail_next``)."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    kind: Literal["response", "disconnect", "timeout"] = "response"
    delay: float = 0.0
    """Loopback only: seconds a ``timeout`` fault waits before answering."""


class Simulator:
    """A stateful, in-memory provider that speaks its provider's wire format.

    Call it with an ``httpx.Request`` (or use ``transport``) to get the provider's answer. It is
    thread-safe: one lock guards the state, so a loopback server may serve it from many threads.
    """

    provider: ClassVar[str]
    base_url: ClassVar[str]
    """The provider's real base URL; its path (e.g. ``/v1``) prefixes every route."""
    auth_header: ClassVar[str] = "Authorization"
    auth_prefix: ClassVar[str] = "Bearer "
    invalid_status: ClassVar[int] = 422
    """The status of a malformed query parameter (see ``SimRequest.int_query``)."""
    connect_defaults: ClassVar[dict[str, str]] = {}
    """Scope settings ``connect(simulate=True)`` fills in when not given (e.g. a Vortex account)."""
    _routes: ClassVar[list[tuple[str, re.Pattern[str], str]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        routes: list[tuple[str, re.Pattern[str], str]] = []
        for klass in reversed(cls.__mro__):
            for name, member in vars(klass).items():
                for method, template in getattr(member, "_routes", ()):
                    routes.append((method, compile_route(template), name))
        cls._routes = routes

    def __init__(
        self,
        *,
        api_key: str | None = None,
        seed: int = 0,
        clock: Callable[[], datetime] | None = None,
        rate_limit: RateLimit | None = None,
        nameservers: Iterable[str] | None = None,
        dns_timeout: float = 1.0,
    ) -> None:
        """``api_key``: the only key accepted (default: any non-empty key); ``seed``: for ids;
        ``rate_limit``: a limit to enforce (a 429 past it, as the provider sends it);
        ``nameservers``: where the provider's own check finds a domain's records (then it
        verifies the domain, see ``_dns_reading``), each asked for ``dns_timeout`` seconds."""
        self._api_key = api_key
        self._random = random.Random(seed)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._faults: deque[Fault] = deque()
        self.requests: list[httpx.Request] = []
        """Every request received, in order (including rejected and failed ones)."""
        self.response_hooks: list[Callable[[httpx.Request, httpx.Response], None]] = []
        """Called with every answer (not with faults); tests use it to check answers against
        the provider's spec."""
        self.base_path = urlsplit(self.base_url).path.rstrip("/")
        self.throttle = Throttle(rate_limit) if rate_limit is not None else None
        """The enforced limit, if any; ``throttle.rejected`` counts the 429s it sent."""
        self.dns = DnsReading(nameservers, dns_timeout) if nameservers is not None else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(requests={len(self.requests)})"

    # ---- connecting clients

    @property
    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answered by this simulator, in-process."""
        return httpx.MockTransport(self)

    def connect(self, **kwargs: Unpack[ConnectArguments]) -> Client:
        """A ``sendfrom.Client`` wired to this simulator in-process (``connect`` arguments).

        Only the arguments given count: nothing is read from the environment or sendfrom.toml.
        """
        from sendfrom.client import Client, _connect_simulator

        return _connect_simulator(self, Client, self._client_arguments(dict(kwargs)))

    def connect_async(self, **kwargs: Unpack[ConnectArguments]) -> AsyncClient:
        """A ``sendfrom.AsyncClient`` wired to this simulator in-process (idem)."""
        from sendfrom.client import AsyncClient, _connect_simulator

        return _connect_simulator(self, AsyncClient, self._client_arguments(dict(kwargs)))

    def _client_arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        arguments = {**self.connect_defaults, **{k: v for k, v in given.items() if v is not None}}
        arguments.setdefault("api_key", self._api_key or "simulated-key")
        return arguments

    # ---- test hooks

    def fail_next(
        self,
        status: int = 500,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | str | dict[str, Any] | list[Any] | None = None,
        times: int = 1,
        kind: Literal["response", "disconnect", "timeout"] = "response",
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` requests fail: with ``status``/``headers``/``body`` (a dict or
        list is sent as JSON; no body: the provider's own error body), or by dropping the
        connection (``kind="disconnect"``) or never answering in time (``kind="timeout"``)."""
        if isinstance(body, dict | list):  # a JSON array is a body too (a list endpoint's)
            content: bytes | None = json.dumps(body).encode()
            headers = {"content-type": "application/json", **(headers or {})}
        else:
            content = body.encode() if isinstance(body, str) else body
        fault = Fault(status, dict(headers or {}), content, kind, delay)
        with self._lock:
            self._faults.extend([fault] * times)

    def take_fault(self) -> Fault | None:
        """The next queued fault, if any (the loopback server acts on disconnects and delays)."""
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def mark_identity(self, identity_id: str, status: StatusLike) -> None:
        """Set an identity's verification state, as if its owner clicked (or failed) the link."""
        with self._lock:
            self._set_identity_status(identity_id, VerificationStatus(status))

    def mark_domain(self, domain_id: str, status: StatusLike) -> None:
        """Set a domain's verification state, as if its DNS records were (or were not) found."""
        with self._lock:
            self._set_domain_status(domain_id, VerificationStatus(status))

    def check_domain_dns(self, domain_id: str) -> None:
        """The provider's own check (modules call it in their verify), with ``nameservers``:
        every record found as asked, verified; otherwise pending. Without, nothing."""
        if self.dns is not None:
            found = self.dns.found(self.domain_records(domain_id))
            status = VerificationStatus.VERIFIED if found else VerificationStatus.PENDING
            self._set_domain_status(domain_id, status)

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        """The records a domain asks for, as sendfrom maps them (each provider's own)."""
        raise UnknownObjectError(f"the {self.provider} simulator has no domain {domain_id!r}")

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        raise UnknownObjectError(f"the {self.provider} simulator has no identity {identity_id!r}")

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        raise UnknownObjectError(f"the {self.provider} simulator has no domain {domain_id!r}")

    # ---- serving

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as the provider would (or as the next queued fault says)."""
        fault = self.take_fault()
        if fault is None:
            return self.answer(request)
        self.record(request)
        return self._fault_response(request, fault)

    def answer(self, request: httpx.Request) -> httpx.Response:
        """Answer without looking at faults (the loopback server takes faults itself)."""
        with self._lock:
            self.requests.append(request)
            throttle = self.throttle  # the provider's own limit, when one is enforced
            left = throttle.admit() if throttle is not None else None
            if throttle is not None and left is None:
                return self.throttled(throttle)
            response = self._answer(request)
            if throttle is not None and left is not None:
                response.headers.update(self.rate_limit_headers(throttle.limit, left))
        for hook in self.response_hooks:
            hook(request, response)
        return response

    def record(self, request: httpx.Request) -> None:
        """Note a request that got a fault instead of an answer."""
        with self._lock:
            self.requests.append(request)

    def _fault_response(self, request: httpx.Request, fault: Fault) -> httpx.Response:
        if fault.kind == "disconnect":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if fault.kind == "timeout":
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        if fault.body is None:
            reason = httpx.codes.get_reason_phrase(fault.status) or "Error"
            response = self.error(fault.status, reason)
            response.headers.update(fault.headers)
            return response
        # As a stream: the body goes out byte for byte, whatever Content-Encoding the fault
        # claims (``content=`` would decode it here, in the simulator, instead of in the client).
        return httpx.Response(
            fault.status, headers=fault.headers, stream=httpx.ByteStream(fault.body)
        )

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = unquote(request.url.raw_path.split(b"?")[0].decode("ascii"))
        if not path.startswith(self.base_path):
            return self.error(404, f"The route {path} could not be found.")
        relative = path[len(self.base_path) :] or "/"
        url = request.url
        base_url = f"{url.scheme}://{url.netloc.decode('ascii')}{self.base_path}"
        allowed = False
        for method, pattern, name in self._routes:
            match = pattern.match(relative)
            if match is None:
                continue
            allowed = True
            if method != request.method:
                continue
            if not self._authorized(request):
                return self.unauthorized(request)
            try:
                handler: Callable[[SimRequest], httpx.Response] = getattr(self, name)
                return handler(
                    SimRequest(request, match.groupdict(), self.invalid_status, base_url)
                )
            except SimulatedHTTPError as error:
                return self.error(error.status, error.message, error.fields)
        if allowed:
            return self.error(405, f"The {request.method} method is not supported for this route.")
        return self.error(404, f"The route {relative} could not be found.")

    def _authorized(self, request: httpx.Request) -> bool:
        key = self.given_key(request)
        return bool(key) and (self._api_key is None or key == self._api_key)

    def unauthorized(self, request: httpx.Request) -> httpx.Response:
        """The answer to a request without the right key (providers override: Resend tells a
        missing key from a wrong one)."""
        return self.error(401, "Unauthenticated.")

    def given_key(self, request: httpx.Request) -> str:
        """The key a request carries in this provider's auth header ('' if none)."""
        value = request.headers.get(self.auth_header, "")
        return value[len(self.auth_prefix) :].strip() if value.startswith(self.auth_prefix) else ""

    # ---- helpers for provider modules

    def throttled(self, throttle: Throttle) -> httpx.Response:
        """The answer past the enforced limit: a 429 with ``Retry-After`` (providers override)."""
        wait = {"Retry-After": str(max(1, math.ceil(throttle.retry_after())))}
        return self.json(429, {"message": "Too Many Requests"}, wait)

    def rate_limit_headers(self, limit: RateLimit, left: int) -> dict[str, str]:
        """Headers an admitted answer carries under an enforced limit (none unless overridden)."""
        return {}

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        """The provider's error response (each provider overrides the body's shape)."""
        return self.json(status, {"message": message, **({"errors": fields} if fields else {})})

    @staticmethod
    def json(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        """A JSON response."""
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={"content-type": "application/json", **(headers or {})},
        )

    def now(self) -> datetime:
        """The simulator's clock (injectable, for stable timestamps in tests)."""
        return self._clock()

    def token(self, length: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
        """A random (seeded) token."""
        return "".join(self._random.choice(alphabet) for _ in range(length))

    def uuid(self) -> str:
        """A random (seeded) UUID."""
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))
