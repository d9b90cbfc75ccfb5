"""The cassette suite: every operation of every provider replayed from vcrpy cassettes through the
public API, sync and async, with the network blocked; and checks on the cassettes themselves.

- ``test_replay``: each scenario of ``cassette_scenarios`` runs against its cassette
  (``tests/cassettes/<provider>/<name>.yaml``, ``record_mode=none``, network blocked) with
  ``sendfrom.connect(...)`` / ``sendfrom.connect_async(...)`` and ``api_key="test-key"``; every
  interaction of the cassette must be used.
- ``test_cassette_conforms_to_spec``: every response (and request body) in every cassette validates
  against its provider's spec.
- ``test_cassette_has_no_secrets``: no key, token or credential header in any cassette.
- ``test_cassette_says_where_it_comes_from``: each cassette's ``source`` block names its origin.
- ``test_every_supported_operation_has_a_cassette``; one scenario per cassette and back; the built
  cassettes are what ``python scripts/cassettes`` builds; ``make record`` refuses without a key.

``make record PROVIDER=<p>`` (``scripts/record.py``) runs ``test_replay`` with
``--record-mode=rewrite`` against a real account, then the cassette checks on what it recorded.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

# Plain asserts in the scenario helpers report their values, as in a test module.
pytest.register_assert_rewrite("cassette_scenarios")

import vcr.request  # noqa: E402
from vcr.config import VCR  # noqa: E402

import sendfrom  # noqa: E402
from cassette_scenarios import DEFAULT_SCOPE, SCENARIOS, Ctx, Scenario, record_order  # noqa: E402
from cassette_support import (  # noqa: E402
    CASSETTES,
    TEST_KEY,
    body_json,
    body_text,
    cassette_config,
    cassette_files,
    cassette_root,
    find_secrets,
    load_cassette,
    scrub_request,
    scrub_response,
)
from sendfrom.providers import PROVIDERS  # noqa: E402
from speclib import (  # noqa: E402
    ROOT,
    find_operation,
    repository_path,
    request_pointer,
    response_pointer,
    validation_errors,
)

ORDERED = sorted(SCENARIOS, key=record_order)
FILES = cassette_files()
RECORD_ENV = "SENDFROM_RECORD_DESTRUCTIVE"
CASSETTE_DIR = "SENDFROM_CASSETTE_DIR"


def _file_id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


def _recording(config: pytest.Config) -> bool:
    return (config.getoption("--record-mode") or "none") != "none"


def _scenario_of(request: pytest.FixtureRequest) -> Scenario | None:
    callspec = getattr(request.node, "callspec", None)
    found = callspec.params.get("scenario") if callspec else None
    return found if isinstance(found, Scenario) else None


# ---- fixtures (pytest-recording reads vcr_config, vcr_cassette_dir, default_cassette_name)


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return cassette_config()


@dataclass
class Prepared:
    """A scenario's values for this run, decided before its cassette is opened."""

    path: Path
    recording: bool
    inputs: dict[str, str]
    scope: dict[str, str]
    exact: bool
    original: str | None
    base_url: str | None


def _record_value(what: str, spec: Any) -> str:
    value = os.environ.get(spec.env, "").strip() if spec.env else spec.value
    value = value or spec.record_default
    if not value:
        pytest.skip(f"recording needs {spec.env} ({what})")
    return str(value)


@pytest.fixture
def prepared(request: pytest.FixtureRequest) -> Prepared | None:
    """Skips what must not be recorded *before* pytest-recording touches the cassette (its
    ``rewrite`` mode deletes the file when the cassette is opened)."""
    scenario = _scenario_of(request)
    if scenario is None:
        return None
    path = cassette_root() / scenario.provider / f"{scenario.name}.yaml"
    recording = _recording(request.config)
    if not recording:
        if not path.exists() and os.environ.get(CASSETTE_DIR):
            pytest.skip(f"no cassette {path} in this recording")
        assert path.exists(), f"no cassette {path}: run python scripts/cassettes"
        source = load_cassette(path).get("source") or {}
        return Prepared(
            path,
            False,
            {k: v.value for k, v in scenario.inputs.items()},
            {k: v.value for k, v in scenario.scope.items()},
            exact=source.get("kind") == "built",
            original=None,
            # a cassette recorded from another server (SENDFROM_BASE_URL) replays from there
            base_url=source.get("base_url") if source.get("kind") == "recorded" else None,
        )
    if request.node.callspec.params.get("mode") != "sync":
        pytest.skip("recorded once, by the sync run (both replay the same cassette)")
    if scenario.not_recordable:
        pytest.skip(f"not re-recorded: {scenario.not_recordable}")
    if scenario.destructive and os.environ.get(RECORD_ENV) != "1":
        pytest.skip(f"destructive (creates, changes, deletes or sends): needs {RECORD_ENV}=1")
    for variable in scenario.record_unless:
        if os.environ.get(variable):
            pytest.skip(f"{variable} is set: the scenarios of that scope are recorded instead")
    if not os.environ.get("SENDFROM_API_KEY", "").strip():
        pytest.fail("recording needs SENDFROM_API_KEY (run it through `make record`)")
    return Prepared(
        path,
        True,
        {k: _record_value(k, v) for k, v in scenario.inputs.items()},
        {k: _record_value(k, v) for k, v in scenario.scope.items()},
        exact=False,
        original=path.read_text() if path.exists() else None,
        base_url=os.environ.get("SENDFROM_BASE_URL") or None,
    )


@pytest.fixture
def vcr_cassette_dir(request: pytest.FixtureRequest, prepared: Prepared | None) -> str:
    scenario = _scenario_of(request)
    if scenario is None or prepared is None:
        return str(cassette_root())
    return str(prepared.path.parent)


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    scenario = _scenario_of(request)
    return scenario.name if scenario else request.node.name


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings from the developer's environment or a sendfrom.toml reach ``connect``.

    ``SENDFROM_API_KEY`` stays (the recording hooks scrub its value wherever it appears; the tests
    pass their key to ``connect`` explicitly), and so does ``SENDFROM_CASSETTE_DIR``.
    """
    for name in list(os.environ):
        if name.startswith("SENDFROM_") and name not in {"SENDFROM_API_KEY", CASSETTE_DIR}:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _connect(scenario: Scenario, mode: str, prepared: Prepared) -> Any:
    arguments: dict[str, Any] = {**scenario.connect, **prepared.scope}
    arguments["base_url"] = prepared.base_url
    if prepared.recording:
        arguments["api_key"] = os.environ["SENDFROM_API_KEY"]
    else:
        arguments["api_key"] = TEST_KEY
    # Replayed, recorded reality is held to the whole spec. While recording, a deviation must not
    # abort the scenario (its evidence would be lost): make record reports it after (drift report)
    # and its strict replay check fails on it.
    arguments["strict"] = not prepared.recording
    connector = sendfrom.connect if mode == "sync" else sendfrom.connect_async
    return connector(scenario.provider, **arguments)


# ---- replay (and record) through the public API


@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("scenario", ORDERED, ids=str)
async def test_replay(
    scenario: Scenario,
    mode: str,
    prepared: Prepared,
    vcr: Any,
) -> None:
    client = _connect(scenario, mode, prepared)
    ctx = Ctx(client=client, cassette=vcr, inputs=prepared.inputs, exact=prepared.exact)
    try:
        await scenario.run(ctx)
    except BaseException:
        if prepared.recording:  # keep no half-recorded cassette: put the old one back
            vcr.dirty = False
            if prepared.original is not None:
                prepared.path.write_text(prepared.original)
        raise
    finally:
        if mode == "sync":
            client.close()
        else:
            await client.aclose()
    if not prepared.recording:
        unplayed = [
            f"{request.method} {request.uri}"
            for index, (request, _) in enumerate(vcr.data)
            if not vcr.play_counts[index]
        ]
        assert vcr.all_played, f"{prepared.path.name}: interactions never requested: {unplayed}"


# ---- the cassettes themselves


def _response_problems(provider: str, op: Any, response: dict[str, Any], where: str) -> list[str]:
    status = response["status"]["code"]
    try:
        pointer = response_pointer(op, status)
    except LookupError:
        return [f"{where}: status {status} is not declared by the spec"]
    text = body_text(response["body"])
    if pointer is None:
        return [f"{where}: the spec declares no body for {status}: {text[:80]!r}"] * bool(
            text.strip()
        )
    headers = response.get("headers") or {}
    content_type = " ".join(
        v for k, vs in headers.items() if k.lower() == "content-type" for v in vs
    )
    problems = [f"{where}: a {status} body without a JSON Content-Type"] * (
        "json" not in content_type
    )
    try:
        body = body_json(response["body"])
    except ValueError as exc:
        return [*problems, f"{where}: the {status} body is not JSON ({exc})"]
    errors = validation_errors(provider, pointer, body)
    return problems + [f"{where}: response {status}: {error}" for error in errors]


def _request_problems(provider: str, op: Any, request: dict[str, Any], where: str) -> list[str]:
    if not body_text(request.get("body")).strip():
        return []
    try:
        schema = request_pointer(op)
    except LookupError:
        return [f"{where}: a request body, but the operation takes none"]
    errors = validation_errors(provider, schema, body_json(request["body"]))
    return [f"{where}: request body: {error}" for error in errors]


@pytest.mark.parametrize("path", FILES, ids=_file_id)
def test_cassette_conforms_to_spec(path: Path) -> None:
    """Every response (status and body) and every request body is what the provider's spec says."""
    provider = path.parent.name
    problems: list[str] = []
    for index, interaction in enumerate(load_cassette(path)["interactions"]):
        request, response = interaction["request"], interaction["response"]
        method, uri = request["method"], request["uri"]
        try:
            op = find_operation(provider, method, uri)
        except LookupError as exc:
            problems.append(f"interaction {index} ({method} {uri}): {exc}")
            continue
        where = f"interaction {index}, operation {op.operation_id} ({method} {op.path})"
        problems += _response_problems(provider, op, response, where)
        problems += _request_problems(provider, op, request, where)
    assert not problems, (
        f"{path.name} ({provider}) does not conform to specs/{provider}.yaml:\n  "
        + "\n  ".join(problems)
    )


@pytest.mark.parametrize("path", FILES, ids=_file_id)
def test_cassette_has_no_secrets(path: Path) -> None:
    problems = find_secrets(load_cassette(path))
    assert not problems, f"{path}: looks like it holds a secret:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", FILES, ids=_file_id)
def test_cassette_says_where_it_comes_from(path: Path) -> None:
    document = load_cassette(path)
    source = document.get("source")
    assert isinstance(source, dict), f"{path}: no top-level `source` block"
    assert source.get("provider") == path.parent.name, f"{path}: source.provider"
    assert source.get("scenario") == path.stem, f"{path}: source.scenario"
    if source.get("kind") == "recorded":
        for key in ("recorded_at", "base_url", "recorder"):
            assert source.get(key), f"{path}: a recorded cassette names its {key}"
        return
    assert source.get("kind") == "built", f"{path}: source.kind is built or recorded"
    entries = source.get("interactions") or []
    assert len(entries) == len(document["interactions"]), f"{path}: one source per interaction"
    for index, entry in enumerate(entries):
        assert entry.get("provenance") in {"recorded", "documented", "mock"}, (path, index)
        assert entry.get("origin"), f"{path}: interaction {index} names no origin"
        if "file" in entry:
            assert repository_path(entry["file"]).resolve().is_file(), (
                f"{path}: {entry['file']} missing"
            )
    derived = any(entry.get("changes") for entry in entries)
    assert source.get("derived") is derived, f"{path}: `derived` must say whether it was changed"


NO_CASSETTE_YET = frozenset({"identities.find", "domains.find"})
"""New operations whose cassettes are still to be built (from specs/evidence payloads, `make
cassettes`); tests/unit/test_find_ensure_pages.py covers them on the simulators meanwhile."""


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_supported_operation_has_a_cassette(provider: str) -> None:
    scope = {k: v.value for k, v in DEFAULT_SCOPE[provider].items()}
    with sendfrom.connect(provider, api_key=TEST_KEY, **scope) as client:
        capabilities = client.capabilities
    mine = [s for s in SCENARIOS if s.provider == provider]
    covered = {
        op
        for s in mine
        if (CASSETTES / provider / f"{s.name}.yaml").exists()
        for op in s.operations
    }
    assert not sorted(capabilities - covered - NO_CASSETTE_YET), (
        f"{provider}: operations without a cassette"
    )
    assert not NO_CASSETTE_YET & covered, (
        "a find has its cassette now: drop it from NO_CASSETTE_YET"
    )
    unsupported = {op for s in mine for op in s.operations} - capabilities
    assert not unsupported, f"{provider}: scenarios of operations it does not support"


def test_one_scenario_per_cassette() -> None:
    scenarios = {(s.provider, s.name) for s in SCENARIOS}
    assert len(scenarios) == len(SCENARIOS), "two scenarios share a cassette"
    files = {(p.parent.name, p.stem) for p in cassette_files(CASSETTES)}
    assert not sorted(files - scenarios), "cassettes that no scenario replays"
    assert not sorted(scenarios - files), "scenarios without a cassette"


def _builder() -> Any:
    """``scripts/cassettes/build.py``, imported as the script imports it (scripts/ on the path)."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("cassettes.build")


def test_built_cassettes_are_fresh() -> None:
    builder = _builder()
    stale = [
        str(path.relative_to(ROOT))
        for path, text in builder.build().items()
        if not builder.is_recorded(path) and (not path.exists() or path.read_text() != text)
    ]
    assert not stale, f"stale cassettes: run python scripts/cassettes ({stale})"


# ---- the scrubbing and the scan are not vacuous


def test_secret_scan_finds_credentials() -> None:
    document = {
        "interactions": [
            {
                "request": {
                    "method": "GET",
                    "uri": "https://api.example.com/v1/x?access_token=abc123",
                    "body": '{"key": "VRTX.abc.def"}',
                    "headers": {"Authorization": ["Bearer mlsn.0123456789abcdef"]},
                },
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "headers": {"Set-Cookie": ["session=1"]},
                    "body": {
                        "string": '{"echo": "test-key", "t": "Zx9Qm2Lp7Rv4Tk8Wn3Hj6Bc1Fd5Gs0Ya"}'
                    },
                },
            }
        ]
    }
    found = "\n".join(find_secrets(document))
    for expected in (
        "query parameter 'access_token'",
        "request header 'Authorization'",
        "response header 'Set-Cookie'",
        "Bearer token",
        "MailerSend key",
        "Vortex key",
        "the key test",
        "long random token",
    ):
        assert expected in found, expected
    dkim = "v=DKIM1;t=s;p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDSzu8kBan8FU5qCOnCvJko8etd7RKm"
    public = {"interactions": [{"request": {}, "response": {"body": {"string": dkim}}}]}
    assert find_secrets(public) == [], "a DKIM public key is public"


def test_recording_hooks_scrub_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_API_KEY", "VRTX.live-key-1234567890")
    config = cassette_config()
    request = vcr.request.Request(
        "POST",
        "https://api.spaceinvoices.com/v1/email-address?access_token=VRTX.live-key-1234567890",
        b'{"email": "a@example.com", "api_key": "VRTX.live-key-1234567890"}',
        {
            "Authorization": "VRTX.live-key-1234567890",
            "x-api-key": "VRTX.live-key-1234567890",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "python-httpx/0.28.1",
        },
    )
    scrubbed = VCR()._build_before_record_request(config)(request)  # what vcrpy writes
    assert set(scrubbed.headers) == {"Content-Type", "Accept"}
    assert "access_token" not in scrubbed.uri
    response = scrub_response(
        {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Set-Cookie": ["s=1"], "x-auth-token": ["t"], "Content-Type": ["a/json"]},
            "body": {"string": b'{"echo": "VRTX.live-key-1234567890"}'},
        }
    )
    document = {
        "interactions": [
            {
                "request": {
                    "method": scrubbed.method,
                    "uri": scrubbed.uri,
                    "body": scrubbed.body.decode(),
                    "headers": {k: [v] for k, v in scrubbed.headers.items()},
                },
                "response": {**response, "body": {"string": response["body"]["string"].decode()}},
            }
        ]
    }
    assert find_secrets(document) == []
    assert scrub_request is config["before_record_request"]


# ---- make record


RECORD = (sys.executable, "scripts/record.py")


def _without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}


def test_record_script_refuses_without_a_key() -> None:
    result = subprocess.run(
        [*RECORD, "mailersend"],
        cwd=ROOT,
        env=_without_key(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "SENDFROM_API_KEY is not set" in result.stderr
    assert not result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_record_refuses_without_a_key() -> None:
    result = subprocess.run(
        ["make", "-s", "record", "PROVIDER=vortex"],
        cwd=ROOT,
        env=_without_key(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SENDFROM_API_KEY is not set" in result.stderr


class _CassetteServer(ThreadingHTTPServer):
    """A loopback stand-in for a provider: answers each request from the provider's cassettes
    (and echoes the key it was sent in a header, which recording must drop)."""

    def __init__(self, provider: str) -> None:
        self.answers: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for path in cassette_files(CASSETTES):
            if path.parent.name == provider:
                for interaction in load_cassette(path)["interactions"]:
                    url = urlsplit(interaction["request"]["uri"])
                    key = (interaction["request"]["method"], f"{url.path}?{url.query}")
                    self.answers.setdefault(key, []).append(interaction["response"])
        super().__init__(("127.0.0.1", 0), _CassetteHandler)


class _CassetteHandler(BaseHTTPRequestHandler):
    server: _CassetteServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        url = urlsplit(self.path)
        answers = self.server.answers.get((self.command, f"{url.path}?{url.query}"))
        if not answers:
            self.send_error(404)
            return
        response = answers[0]
        body = body_text(response["body"]).encode()
        self.send_response(response["status"]["code"])
        for name, values in (response.get("headers") or {}).items():
            for value in values:
                self.send_header(name, value)
        self.send_header("x-echo-api-key", self.headers.get("x-api-key") or "")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PATCH(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def test_make_record_records_scrubs_and_checks(tmp_path: Path) -> None:
    """scripts/record.py end to end, against a loopback server instead of a real account."""
    provider = "vortex"  # one provider's recording, as an example
    server = _CassetteServer(provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live_key = "VRTX.live-0123456789abcdefXYZ"
    env = _without_key() | {
        "SENDFROM_API_KEY": live_key,
        "SENDFROM_ACCOUNT_ID": DEFAULT_SCOPE["vortex"]["account_id"].value,
        "SENDFROM_BASE_URL": f"http://127.0.0.1:{server.server_port}",
        "SENDFROM_RECORD_DOMAIN_ID": "123e4567-e89b-12d3-a456-426614174000",
        "SENDFROM_RECORD_DOMAIN_NAME": "vortexsoftware.com",
    }
    try:
        result = subprocess.run(
            [*RECORD, "vortex", "--destructive", "--cassette-dir", str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    recorded = sorted(p.stem for p in (tmp_path / "vortex").glob("*.yaml"))
    assert recorded == sorted(s.name for s in SCENARIOS if s.provider == provider)
    for path in (tmp_path / "vortex").glob("*.yaml"):
        text = path.read_text()
        assert live_key not in text, path
        assert "x-echo-api-key" not in text.lower(), path
        document = load_cassette(path)
        assert document["source"]["kind"] == "recorded"
        assert find_secrets(document, (live_key,)) == [], path
        for interaction in document["interactions"]:
            assert interaction["request"]["uri"].startswith("http://127.0.0.1:")
            assert set(interaction["request"]["headers"]) <= {"accept", "content-type"} | {
                "Accept",
                "Content-Type",
            }
    assert "passed" in result.stdout
    assert "drift report: nothing the spec does not describe" in result.stdout
