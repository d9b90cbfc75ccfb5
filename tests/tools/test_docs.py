"""The documentation site: README.md is the landing page, and the reference it used to hold lives in
docs/, built by mkdocs (``make docs``, part of ``make test``). Every section that moved out of the
README has its page in the nav, every page of docs/ is in the nav, the landing page links to each
guide and repeats what it shows of them word for word, and the site builds with ``--strict`` (a
broken link or anchor, or a docstring the API reference cannot render, fails it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from docpages import DOCS, MKDOCS, README, ROOT, canonical_url, config, nav_files

MOVED = {
    "connecting.md": ["Connecting and configuration", "Configuration and profiles"],
    "providers.md": ["What each provider can do", "Resend", "SendGrid", "Postmark"],
    "finding.md": ["Finding, ensuring, paging"],
    "dns.md": ["Checking DNS before the provider does"],
    "waiting.md": ["Waiting for verification"],
    "onboarding.md": ["Onboarding a customer's domain"],
    "fleet.md": [
        "Keeping many domains verified (`sendfrom.fleet`)",
        "Running the fleet on many workers",
    ],
    "models.md": ["The unified models"],
    "errors.md": [
        "Errors, retries, timeouts and rate limits",
        "Errors",
        "Retries and timeouts",
        "Logging",
        "`with_options`: the same client, other settings",
        "Client-side rate limiting (opt-in)",
        "Running many workers",
    ],
    "testing.md": ["Testing your code with the simulators"],
    "api-changes.md": ["When a provider changes its API"],
    "cassettes.md": ["Cassettes: recorded provider traffic, and detecting API changes"],
    "cli.md": ["The `sendfrom` command"],
    "call.md": ["Beyond the unified model: `client.call`"],
    "performance.md": ["Performance"],
    "developing.md": ["Developing sendfrom"],
    "how-it-is-built.md": ["How it is built"],
}
"""The README's sections that moved to the site (README.md up to issue #23), by the page they are
on now, with their headings there."""

SUMMARIZED = {"Running the fleet on many workers"}
"""Moved headings the README keeps as a short summary that links to the page: the recipe the
many-workers issue (#28) asks to find in the README itself."""

REFERENCE = [
    "sendfrom",
    "sendfrom.client",
    "sendfrom.resources",
    "sendfrom.models",
    "sendfrom.errors",
    "sendfrom.capabilities",
    "sendfrom.dns",
    "sendfrom.publish",
    "sendfrom.fleet",
    "sendfrom.fleet.celery",
    "sendfrom.testing",
    "sendfrom.testing.dns_server",
]
"""The public modules the API reference renders (``::: module``)."""

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def _prose(path: Path) -> str:
    """A page without its code blocks (whose ``#`` lines are comments, not headings)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def _headings(path: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in _prose(path).splitlines() if line.startswith("#")]


def _first_python_block(path: Path) -> str:
    match = re.search(r"```python\n.*?```\n", path.read_text(encoding="utf-8"), re.S)
    assert match is not None, f"{path.relative_to(ROOT)} has no Python example"
    return match[0]


def _table(path: Path, header: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(header)
    return text[start : text.index("\n\n", start)]


def _sections() -> list[str]:
    """The first page of each entry at the top of the nav (the section's own page)."""
    found = []
    for entry in config()["nav"]:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        while isinstance(value, list | dict):
            value = value[0] if isinstance(value, list) else next(iter(value.values()))
        found.append(value)
    return found


def test_every_nav_page_exists_and_every_page_is_in_the_nav() -> None:
    nav = nav_files()
    assert len(nav) == len(set(nav)), "a page is twice in the nav"
    assert [page for page in nav if not (DOCS / page).is_file()] == []
    pages = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    assert sorted(set(pages) - set(nav)) == [], "pages of docs/ missing from mkdocs.yml's nav"
    assert config()["docs_dir"] == "docs"


@pytest.mark.parametrize("page", sorted(MOVED))
def test_each_moved_section_has_its_page(page: str) -> None:
    assert page in nav_files()
    headings = _headings(DOCS / page)
    assert [heading for heading in MOVED[page] if heading not in headings] == []


def test_the_readme_links_every_guide_and_only_to_what_exists() -> None:
    text = _prose(README)
    targets = [m["target"] for m in LINK.finditer(text) if "://" not in m["target"]]
    missing = [t for t in targets if not (ROOT / t.partition("#")[0]).exists()]
    assert missing == [], "README.md links to files that do not exist"
    linked = {t.partition("#")[0] for t in targets}
    guides = [f"docs/{page}" for page in [*MOVED, *_sections()]]
    assert [guide for guide in guides if guide not in linked] == []
    in_docs = {t.removeprefix("docs/") for t in linked if t.startswith("docs/")}
    assert in_docs <= set(nav_files()), "README.md links to a docs page the site does not build"


def test_the_readme_stays_a_landing_page() -> None:
    size = len(README.read_bytes())
    assert size < 20_000, f"README.md is {size:,} bytes: move reference text to a docs/ page"
    assert [
        heading
        for page in MOVED
        for heading in MOVED[page][1:]
        if heading in _headings(README) and heading not in SUMMARIZED
    ] == []


def test_the_home_page_and_the_readme_show_the_same_first_example() -> None:
    assert _first_python_block(DOCS / "index.md") == _first_python_block(README)


def test_the_connect_table_is_the_same_on_the_readme_and_its_page() -> None:
    header = "| provider | what it needs | scope |"
    assert _table(DOCS / "connecting.md", header) == _table(README, header)


def test_links_to_the_repository_use_its_canonical_location() -> None:
    """Pages link to files outside docs/ (specs/README.md, CONTRIBUTING.md) by the repository's
    URL, which mkdocs cannot check: they must all follow the README's canonical location."""
    repository = canonical_url()
    assert config()["repo_url"] == repository
    pattern = re.compile(r"https://github\.com/[\w.-]+/sendfrom\b[^)\s`]*")
    urls = [
        (path.relative_to(ROOT), url)
        for path in [MKDOCS, *DOCS.rglob("*.md")]
        for url in pattern.findall(path.read_text(encoding="utf-8"))
    ]
    assert [f"{page}: {url}" for page, url in urls if not url.startswith(repository)] == []
    files = {url.partition("/blob/main/")[2].partition("#")[0] for _, url in urls}
    assert "specs/README.md" in files
    assert [file for file in sorted(files - {""}) if not (ROOT / file).exists()] == []


def test_the_api_reference_renders_every_public_module() -> None:
    directives = {
        line.removeprefix("::: ").strip()
        for path in (DOCS / "reference").glob("*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("::: ")
    }
    assert [module for module in REFERENCE if module not in directives] == []


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "index.html").is_file()
    reference = (tmp_path / "reference" / "resources.html").read_text(encoding="utf-8")
    assert 'id="sendfrom.resources.Domains.check_dns"' in reference, "docstrings not rendered"


def test_the_performance_page_shows_the_targets_make_bench_wrote() -> None:
    """The performance page's table is the one in docs/benchmarks.md (``make bench`` writes
    both), so the two never disagree."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from bench.report import PERF_END, PERF_START, targets_table
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    page = (DOCS / "performance.md").read_text(encoding="utf-8")
    region = page.split(PERF_START, 1)[1].split(PERF_END, 1)[0]
    report = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    shown = "\n".join(line for line in region.splitlines() if line.startswith("|"))
    assert shown == targets_table(report)
    assert shown.count("\n") >= 3  # a header, its rule and at least two targets
