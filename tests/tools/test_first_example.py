"""The README's first example (under the title, on MailerSend) runs on every simulated provider.

It runs as written with ``sendfrom.connect(<provider>, simulate=True)`` in place of its connect
call: fully where the provider has every operation and argument it uses (MailerSend), and elsewhere
as far as the provider declares, then skips with the provider's own reason for stopping there.
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

import pytest

import sendfrom
from sendfrom.testing import SIMULATORS
from test_readme_examples import Printed, blocks

NAMED = "mailersend"
CONNECT = re.compile(rf'sendfrom\.connect\("{NAMED}", (?:simulate=True|api_key="[^"]*")\)')
"""The example's one connect call: to the provider it names, on its simulator (so that it runs
as pasted) or with a key."""


def first_example() -> tuple[int, str]:
    """(line, code) of README.md's first Python block, which must be run and connect once."""
    line, code, reason = blocks()[0]
    assert reason is None, "the first example is the one every reader runs: it must be tested"
    assert len(CONNECT.findall(code)) == 1, "the first example connects to MailerSend once"
    return line, code


@pytest.mark.parametrize("provider", SIMULATORS)
def test_the_first_readme_example_runs_on(provider: str) -> None:
    line, code = first_example()
    portable = CONNECT.sub(f"sendfrom.connect({provider!r}, simulate=True)", code)
    filename = f"README.md:{line} on {provider}"
    printed = Printed()
    namespace: dict[str, Any] = {"__name__": "readme", "print": printed}
    stopped: sendfrom.UnsupportedOperationError | None = None
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            exec(compile(portable, filename, "exec"), namespace)
        except sendfrom.UnsupportedOperationError as error:
            stopped = error
    if stopped is not None:
        client: sendfrom.Client = namespace["client"]
        arguments = [stopped.argument] if stopped.argument else []
        assert not client.supports(stopped.operation, *arguments), f"{stopped}, yet supported"
        assert stopped.reason, f"{provider} stops the example without a declared reason"
        if provider == NAMED:
            pytest.fail(f"the provider the example names cannot run it: {stopped}")
        pytest.skip(f"runs up to {stopped.operation}, then: {stopped}")
    assert printed.mismatches(filename, portable, line) == []
    assert printed.by_line, "the example printed nothing"
