"""Cold import and ``connect``, each in a fresh interpreter of a venv holding only the runtime
dependencies (``.bench-venv``), and where that time goes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.settings import KEY, ROOT

BENCH_VENV = ROOT / ".bench-venv"

# The runtime dependencies of sendfrom (httpx and pydantic, and theirs), pinned as in the lock.
RUNTIME_DEPS = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "pydantic",
    "pydantic-core",
    "typing-extensions",
    "annotated-types",
    "typing-inspection",
)


def runtime_pins() -> list[str]:
    wanted = {name.replace("_", "-") for name in RUNTIME_DEPS}
    pins = []
    for line in (ROOT / "requirements" / "dev.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if match and match.group(1).lower().replace("_", "-") in wanted:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return sorted(pins, key=str.lower)


def bench_venv() -> Path:
    """``.bench-venv``: the runtime pins (kept while they do not change) and sendfrom, installed
    as a wheel (not editable) from this working tree on every run."""
    python = BENCH_VENV / "bin" / "python"
    stamp = BENCH_VENV / ".pins"
    pins = runtime_pins()
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install", "--no-deps"]
    if not stamp.exists() or stamp.read_text() != "\n".join(pins):
        print(f"bench: creating {BENCH_VENV.name} with {', '.join(pins)}", file=sys.stderr)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", "--clear", str(BENCH_VENV)], check=True)
        subprocess.run([*pip, *pins], check=True)
        stamp.write_text("\n".join(pins))
    print("bench: installing sendfrom into .bench-venv (wheel)", file=sys.stderr)
    subprocess.run([*pip, "--force-reinstall", str(ROOT)], check=True)
    return python


REFERENCE = "import httpx, pydantic"
REFERENCE_MODELS = "import httpx; from pydantic import BaseModel"
CONNECT = f"import sendfrom; sendfrom.connect('mailersend', api_key='{KEY}')"
IMPORTS = {
    REFERENCE: REFERENCE,
    REFERENCE_MODELS: REFERENCE_MODELS,
    "import sendfrom": "import sendfrom",
    'import sendfrom; connect("mailersend", api_key=...)': CONNECT,
}
TIMER = "import time; _t = time.perf_counter(); {stmt}; print(time.perf_counter() - _t)"


def _fresh_env(cache: str) -> dict[str, str]:
    """The environment of a timed interpreter: no sendfrom settings, no PYTHON* variables (so
    bytecode is cached, as on a user's machine), but cached under ``cache``: the editable install
    of quick mode must not litter the source tree (``generated/`` is checked byte for byte)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDFROM_", "PYTHON"))}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def imports(python: str, runs: int) -> dict[str, list[float]]:
    """Seconds each statement takes in a fresh interpreter: interleaved runs, after one round
    that compiles the bytecode."""
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    with tempfile.TemporaryDirectory() as cwd:  # no sendfrom.toml, no project on sys.path
        env = _fresh_env(os.path.join(cwd, "pycache"))
        for round_ in range(runs + 1):
            for name, stmt in IMPORTS.items():
                out = subprocess.run(
                    [python, "-c", TIMER.format(stmt=stmt)],
                    cwd=cwd,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                if round_:
                    times[name].append(float(out.stdout.strip()))
    return times


def import_breakdown(python: str) -> list[tuple[str, float]]:
    """Cumulative import time in ms of the modules the reference and ``connect`` load, the top
    three levels of ``-X importtime``'s tree."""
    with tempfile.TemporaryDirectory() as cwd:
        env = _fresh_env(os.path.join(cwd, "pycache"))
        for _ in range(2):  # the first run compiles the bytecode
            out = subprocess.run(
                [python, "-X", "importtime", "-c", f"{REFERENCE}; {CONNECT}"],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
    rows = []
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 5:  # the top three levels of the tree
            rows.append((match.group(3)[1:] + match.group(4), int(match.group(2)) / 1000))
    return rows
