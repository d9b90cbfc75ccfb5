"""A missing extra is a ``ConfigurationError`` naming the ``pip install`` to run, never a bare
``ModuleNotFoundError``: each case runs in a fresh interpreter with the extra's library blocked
(``sys.modules[name] = None`` makes its import fail as if it were not installed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = {
    "a shared rate limit without limits": (
        "limits",
        "import sendfrom\n"
        "from sendfrom.testing import simulator\n"
        "limit = sendfrom.RateLimit(5, storage='redis://127.0.0.1:1/0')\n"
        "simulator('mailersend').connect(rate_limit=limit)\n",
        'needs the limits library: pip install "sendfrom[redis]"',
    ),
    "the test DNS server without dnspython": (
        "dns",
        "from sendfrom.testing.dns_server import DnsServer\n",
        'the test DNS server needs dnspython: pip install "sendfrom[dns]"',
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_missing_extra_says_what_to_install(case: str, tmp_path: Path) -> None:
    blocked, code, says = CASES[case]
    program = (
        f"import sys; sys.modules[{blocked!r}] = None\n"
        "import sendfrom\n"
        "try:\n" + "".join(f"    {line}\n" for line in code.splitlines()) + ""
        "except sendfrom.ConfigurationError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert says in done.stdout
