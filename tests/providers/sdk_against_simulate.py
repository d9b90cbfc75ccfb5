"""A provider's official SDK, run in its own process against ``sendfrom simulate <provider>``
(also a process of its own), as a user would point it there: the SDK script prints one JSON
document of what it saw, which the test reads."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["run_sdk_against_simulate"]


def _sendfrom() -> list[str]:
    found = shutil.which("sendfrom", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "sendfrom.cli"]


def run_sdk_against_simulate(
    provider: str,
    script: str,
    tmp_path: Path,
    *,
    env_prefix: str,
    sdk_env: Callable[[str], Mapping[str, str]] = lambda _url: {},
    simulate_args: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Start ``sendfrom simulate provider``, run ``script`` (argv[1]: the simulator's URL; env:
    ``sdk_env(url)`` on top of ours, without SENDFROM_* or ``env_prefix``* settings), stop the
    simulator; the JSON the script printed. ``simulate_args``: more options of ``simulate``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDFROM_", env_prefix))}
    with subprocess.Popen(
        [*_sendfrom(), "simulate", provider, "--port", "0", *simulate_args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
            done = subprocess.run(
                [sys.executable, "-c", script, url],
                env={**env, **sdk_env(url)},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        finally:
            server.terminate()
            server.communicate(timeout=20)
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout)
    return seen
