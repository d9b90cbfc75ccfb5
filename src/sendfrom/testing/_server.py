"""A simulator served over loopback HTTP (stdlib ``http.server``, one thread per connection).

For benchmarks, for clients in other languages, and for tests that need real sockets (connection
resets, read timeouts, connection pools).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast

import httpx

from sendfrom.errors import ConfigurationError

if TYPE_CHECKING:
    from sendfrom.providers import ProviderName
    from sendfrom.testing._core import Simulator

__all__ = ["SimulatorServer", "serve"]

_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
"""A Host header fit to build a URL from: a name, IPv4 or bracketed IPv6 address, and a port."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so clients reuse their pooled connections
    # TCP_NODELAY: the headers and the body go out in two writes; with Nagle's algorithm the
    # body waits for the client's delayed ACK of the headers, ~40 ms a request on keep-alive.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a simulator must not print request lines (they may carry query secrets)."""

    def _origin(self) -> str:
        """Scheme and authority as the client named them (its Host header), so the URLs an answer
        holds lead back the way it came (not to 0.0.0.0); the bound address without a usable one."""
        host = self.headers.get("Host", "")
        if _HOST.fullmatch(host):
            try:
                return str(httpx.URL(f"http://{host}")).rstrip("/")
            except httpx.InvalidURL:  # e.g. "[:]": matches the shape, is no address
                pass
        return self.server.origin

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        content = self.rfile.read(length) if length else b""
        request = httpx.Request(
            self.command,
            self._origin() + self.path,
            headers=list(self.headers.items()),
            content=content,
        )
        simulator = self.server.simulator
        fault = simulator.take_fault()
        if fault is not None and fault.kind == "disconnect":
            simulator.record(request)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "timeout":
            time.sleep(fault.delay)
            fault = None
        if fault is not None:
            simulator.record(request)
            response = simulator._fault_response(request, fault)
            body = response.content if fault.body is None else fault.body  # as given, undecoded
        else:
            response = simulator.answer(request)
            body = response.content
        self.send_response(response.status_code)
        for name, value in response.headers.multi_items():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up first (a timeout fault)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve  # noqa: N815


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # the load test opens hundreds of connections at once

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        super().__init__(address, _Handler)
        self.simulator = simulator
        self.origin = f"http://{address[0]}:{self.server_address[1]}"


class SimulatorServer:
    """Serve ``simulator`` on ``host:port`` (port 0 picks a free one) in a background thread.

    Use as a context manager, or call ``start`` and ``stop``. ``base_url`` is what to pass to
    ``sendfrom.connect(..., base_url=...)`` (it includes the provider's base path, e.g. ``/v1``).
    """

    def __init__(self, simulator: Simulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.simulator = simulator
        try:
            self._server = _Server((host, port), simulator)
        except OSError as error:  # a busy port, an address not of this machine
            raise ConfigurationError(
                f"cannot listen on {host}:{port}: {error.strerror or error}"
            ) from None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return self._server.origin + self.simulator.base_path

    def start(self) -> Self:
        """Start serving in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sendfrom-simulator-{self.simulator.provider}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (the ``simulate`` command)."""
        self._server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def connect(self, **kwargs: Any) -> Any:
        """A ``sendfrom.Client`` for this server over loopback (``connect`` arguments)."""
        from sendfrom.client import connect

        # Any registered provider, a test's fifth one included: not only the ProviderName four.
        return connect(cast("ProviderName", self.simulator.provider), **self._arguments(kwargs))

    def connect_async(self, **kwargs: Any) -> Any:
        """A ``sendfrom.AsyncClient`` for this server over loopback."""
        from sendfrom.client import connect_async

        name = cast("ProviderName", self.simulator.provider)
        return connect_async(name, **self._arguments(kwargs))

    def _arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        arguments = self.simulator._client_arguments(given)
        arguments.setdefault("base_url", self.base_url)
        return arguments

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SimulatorServer({self.simulator.provider!r}, base_url={self.base_url!r})"


def serve(
    provider: str | Simulator, host: str = "127.0.0.1", port: int = 0, **kwargs: Any
) -> SimulatorServer:
    """A started ``SimulatorServer`` for ``provider`` (a name, or a ``Simulator`` you hold)."""
    from sendfrom.testing import simulator as make

    simulator = provider if not isinstance(provider, str) else make(provider, **kwargs)
    return SimulatorServer(simulator, host, port).start()
