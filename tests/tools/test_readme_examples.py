"""The Python examples of README.md and of every page of the docs site run, so they cannot go
stale: each page's blocks in order, as one session of their own (its own namespace, simulators and
working directory), so a page's examples need nothing from another page's.

``sendfrom.connect`` and ``connect_async`` are pointed at simulators (one per provider, shared by
the page's blocks, as one account would be); an example that passes ``simulate=True`` or a live
loopback ``base_url`` gets exactly what it asks for. Placeholder keys (``"mlsn.…"``) become a
stand-in key. A block preceded by ``<!-- not run by tests/tools/test_readme_examples.py: <reason>
-->`` is skipped, and must say why; at most three are, over all the pages. A
``print(...)  # -> text`` line must print exactly ``text`` each time it runs (and run at least
once), so no page can claim an output the code does not give. The pages are README.md and those of
mkdocs.yml's nav (docpages.py).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

import sendfrom
from docpages import README, name, pages
from sendfrom.providers import PROVIDERS
from sendfrom.testing import Simulator, simulator

SKIP = re.compile(r"<!-- not run by tests/tools/test_readme_examples\.py: (?P<reason>[^>]+) -->\n$")
BLOCK = re.compile(r"```python\n(?P<code>.*?)```", re.S)
PLACEHOLDER_SERVER = "http://127.0.0.1:8025"  # the README's example address: nothing listens there
PRINTS = re.compile(r"\bprint\(.*#\s*->\s*(?P<expected>.*?)\s*$")
"""A line that prints and says what it prints: ``print(identity.status)  # -> pending``."""


MOST_SKIPPED = 3
"""Over all the pages: Invent contacts (no simulator models them), the Celery worker (Celery and a
Redis server) and the fleet's Celery app (PostgreSQL too: tests/fleet/test_fleet_celery.py runs
it)."""
FEWEST_RUN = 25
"""Over all the pages: as many as README.md had before the pages were split from it (24), and the
home page's copy of the first example."""


def blocks(page: Path = README) -> list[tuple[int, str, str | None]]:
    """(line, code, reason to skip or None) of every Python block of ``page``."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        before = text[: match.start()]
        skip = SKIP.search(before[-200:])
        found.append((before.count("\n") + 1, match["code"], skip["reason"] if skip else None))
    return found


class Printed:
    """``print`` for the examples: what each line of each block printed (nothing on stdout)."""

    def __init__(self) -> None:
        self.by_line: defaultdict[tuple[str, int], list[str]] = defaultdict(list)

    def __call__(
        self, *args: Any, sep: str | None = " ", end: str | None = "\n", **kw: Any
    ) -> None:
        if kw.get("file") is not None:  # print(..., file=sys.stderr): not the example's output
            builtins.print(*args, sep=sep, end=end, **kw)
            return
        caller = sys._getframe(1)
        text = (" " if sep is None else sep).join(map(str, args))
        self.by_line[caller.f_code.co_filename, caller.f_lineno].append(text)

    def mismatches(
        self, filename: str, code: str, first_line: int, page: str = "README.md"
    ) -> list[str]:
        """Each ``# -> text`` line of ``code`` that printed anything but ``text``, or never ran."""
        found = []
        for number, source in enumerate(code.splitlines(), start=1):
            annotated = PRINTS.search(source)
            if annotated is None:
                continue
            expected, printed = annotated["expected"], self.by_line[filename, number]
            if not printed or any(text != expected for text in printed):
                said = f"printed {printed!r}" if printed else "never ran"
                found.append(f"{page}:{first_line + number}: {said}, the comment says {expected!r}")
        return found


class Session:
    """Routes the examples' connections to simulators."""

    def __init__(self) -> None:
        self.simulators: dict[str, Simulator] = {}
        self.real_connect = sendfrom.connect
        self.real_connect_async = sendfrom.connect_async

    def _route(
        self, provider: str | None, kwargs: dict[str, Any]
    ) -> tuple[Simulator | None, dict[str, Any]]:
        if "…" in str(kwargs.get("api_key", "")):  # a placeholder: "mlsn.…" stands for a real key
            kwargs = {**kwargs, "api_key": "readme-key"}
        base_url = kwargs.get("base_url")
        if kwargs.get("simulate") or (base_url and not base_url.startswith(PLACEHOLDER_SERVER)):
            return None, kwargs  # exactly what the example asks for
        kwargs = {k: v for k, v in kwargs.items() if k not in {"base_url", "http_client"}}
        name = provider or "mailersend"
        return self.simulators.setdefault(name, simulator(name)), kwargs

    def connect(self, provider: str | None = None, **kwargs: Any) -> sendfrom.Client:
        sim, kwargs = self._route(provider, kwargs)
        if sim is None:
            return self.real_connect(provider, **kwargs)
        return sim.connect(**kwargs)

    def connect_async(self, provider: str | None = None, **kwargs: Any) -> sendfrom.AsyncClient:
        sim, kwargs = self._route(provider, kwargs)
        if sim is None:
            return self.real_connect_async(provider, **kwargs)
        return sim.connect_async(**kwargs)


EXAMPLES = [page for page in pages() if blocks(page)]


@pytest.mark.parametrize("page", EXAMPLES, ids=name)
def test_every_python_block_of_the_page_runs(
    page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # a page that writes a file writes it here
    session = Session()
    monkeypatch.setattr(sendfrom, "connect", session.connect)
    monkeypatch.setattr(sendfrom, "connect_async", session.connect_async)
    printed = Printed()
    namespace: dict[str, Any] = {"__name__": "readme", "print": printed}
    where = name(page)
    ran = 0
    for line, code, reason in blocks(page):
        if reason is not None:
            assert reason.strip(), f"{where}:{line}: a skipped block must say why"
            continue
        filename = f"{where}:{line}"
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile(code, filename, "exec"), namespace)
            except Exception as error:
                pytest.fail(f"{where}:{line}: {type(error).__name__}: {error}")
        assert printed.mismatches(filename, code, line, where) == []
        ran += 1
        # A block that defines pytest tests: run them on every simulator, as pytest would.
        for test_name, test in list(namespace.items()):
            if test_name.startswith("test_") and callable(test):
                for provider in PROVIDERS:
                    sim = simulator(provider)
                    with sim.connect() as client, contextlib.suppress(pytest.skip.Exception):
                        test(client, sim)
                del namespace[test_name]
    assert ran, f"{where}: every Python block is skipped"


def test_the_examples_are_many_and_few_are_skipped() -> None:
    found = [(name(page), line, reason) for page in pages() for line, _, reason in blocks(page)]
    run = [f"{page}:{line}" for page, line, reason in found if reason is None]
    skipped = [f"{page}:{line}" for page, line, reason in found if reason is not None]
    assert len(run) >= FEWEST_RUN, f"only {len(run)} examples are run: {run}"
    assert len(skipped) <= MOST_SKIPPED, f"blocks not run: {skipped}"
    assert name(README) in {page for page, _, _ in found}, "README.md has the first example"


def test_a_wrong_output_comment_is_caught() -> None:
    printed = Printed()
    code = (
        "import sendfrom\n"
        "print(sendfrom.VerificationStatus.PENDING)  # -> VerificationStatus.PENDING\n"
        "print('right')  # -> right\n"
        "if False:\n"
        "    print('never')  # -> never\n"
    )
    exec(compile(code, "docs/page.md:1", "exec"), {"print": printed})
    assert printed.mismatches("docs/page.md:1", code, 1, "docs/page.md") == [
        "docs/page.md:3: printed ['pending'], the comment says 'VerificationStatus.PENDING'",
        "docs/page.md:6: never ran, the comment says 'never'",
    ]
