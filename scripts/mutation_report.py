"""docs/mutation.md from the last `make mutation` run (mutmut's results in mutants/).

Per module: mutants killed, survived, not run, the score against its target. Then each surviving
mutant with its change and the reason it is equivalent, from docs/mutation-equivalents.toml
(keyed by mutant name, so a re-run keeps them). A survivor with no reason there is listed as
unexplained: write a test that kills it, or its reason.

    python scripts/mutation_report.py            # writes docs/mutation.md
    python scripts/mutation_report.py --check    # also exits 1 if a target is missed or a
                                                 # survivor is unexplained
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "docs" / "mutation-equivalents.toml"
OUTPUT = ROOT / "docs" / "mutation.md"

# The groups issue #19 sets targets for: (title, path patterns, target score in %).
GROUPS: list[tuple[str, tuple[str, ...], float]] = [
    ("secret handling", ("src/sendfrom/_redact.py",), 95.0),
    ("engine", ("src/sendfrom/_engine/*.py",), 90.0),
    ("configuration", ("src/sendfrom/config.py",), 90.0),
    ("mappers", ("src/sendfrom/providers/*/mappers.py",), 90.0),
]
# A mutant is caught when the suite fails on it, hangs on it, or crashes with it.
CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}
NOT_RUN = {"not checked", "check was interrupted by user", "skipped"}


@dataclass
class Module:
    """One mutated file's results: mutant name -> mutmut's status."""

    path: str
    status: dict[str, str] = field(default_factory=dict)

    def count(self, *statuses: str) -> int:
        return sum(1 for s in self.status.values() if s in statuses)


def load_modules() -> list[Module]:
    """Every mutated file of the last run (mutmut keeps each file's exit codes in a .meta)."""
    modules = []
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        path = meta.relative_to(MUTANTS).as_posix().removesuffix(".meta")
        modules.append(Module(path, {k: status_by_exit_code[v] for k, v in codes.items()}))
    return modules


def group_of(path: str) -> tuple[str, float | None]:
    for title, patterns, target in GROUPS:
        if any(fnmatch.fnmatch(path, p) for p in patterns):
            return title, target
    return "other", None


def score(killed: int, checked: int, equivalent: int) -> float | None:
    """Caught / (run - equivalent), in %: an equivalent mutant cannot be caught by any test."""
    real = checked - equivalent
    return 100.0 * killed / real if real else None


def diff_of(name: str) -> str:
    """The changed lines of a mutant (``mutmut show``, without its context lines)."""
    shown = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = shown.splitlines()
    return "\n".join(
        line.rstrip() for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _extent(totals: dict[str, list[int]]) -> list[str]:
    """What the run covered: all mutants (a full run), or how many were left out."""
    not_run = sum(total[3] for total in totals.values())
    if not not_run:
        run = sum(total[1] for total in totals.values())
        return [f"**A full run**: all {run} mutants were run, none left out.", ""]
    return [
        f"**{not_run} mutants were not run** (a `MUTANTS=` pattern chose a sample, or the run",
        "was cut short): each score is over the mutants run, and the table says how many of",
        "each module's remain. `make mutation` without `MUTANTS` checks them.",
        "",
    ]


def render(modules: list[Module], reasons: dict[str, str], note: str = "") -> tuple[str, list[str]]:
    """The report, and what misses: targets below their score, unexplained survivors."""
    problems: list[str] = []
    rows = []
    totals: dict[str, list[int]] = {}
    survivors: list[tuple[str, str]] = []
    for module in modules:
        title, target = group_of(module.path)
        killed = module.count(*CAUGHT)
        unchecked = module.count(*NOT_RUN)
        checked = len(module.status) - unchecked
        # survived, "no tests" (no test runs the function) and "suspicious" (slow to decide)
        left = [n for n, s in module.status.items() if s not in CAUGHT | NOT_RUN]
        equivalent = sum(1 for n in left if n in reasons)
        survivors += [(module.path, n) for n in left]
        value = score(killed, checked, equivalent)
        met = "" if target is None or value is None else ("yes" if value >= target else "**no**")
        if target is not None and value is not None and value < target:
            problems.append(f"{module.path}: {_pct(value)} < {target:.0f}%")
        if unchecked:
            problems.append(f"{module.path}: {unchecked} mutants not run")
        rows.append(
            f"| `{module.path}` | {title} | {len(module.status)} | {killed} | {len(left)} "
            f"| {equivalent} | {unchecked} | {_pct(value)} "
            f"| {'' if target is None else f'{target:.0f}%'} | {met} |"
        )
        total = totals.setdefault(title, [0, 0, 0, 0])
        for i, n in enumerate((killed, checked, equivalent, unchecked)):
            total[i] += n

    lines = [
        "# Mutation testing",
        "",
        "Written by `make mutation`: mutmut over the modules `[tool.mutmut] only_mutate`",
        "names in pyproject.toml, then `scripts/mutation_report.py`. **Killed**: the mutants",
        "the suite caught (a failing test, a hang or a crash). **Survived**: those it did not;",
        "of them, **equivalent** ones cannot change what a user sees, each explained below",
        "(reasons in `docs/mutation-equivalents.toml`). Score = killed / (run - equivalent).",
        "CONTRIBUTING.md says when to run it.",
        "",
    ]
    lines += [note, ""] if note else []
    lines += _extent(totals)
    lines += [
        "## By group",
        "",
        "| group | mutants run | killed | equivalent | not run | score | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for title, _patterns, target in [*GROUPS, ("other", (), None)]:
        if title not in totals:
            continue
        killed, checked, equivalent, unchecked = totals[title]
        value = score(killed, checked, equivalent)
        met = "" if target is None or value is None else ("yes" if value >= target else "**no**")
        lines.append(
            f"| {title} | {checked} | {killed} | {equivalent} | {unchecked} | {_pct(value)} "
            f"| {'' if target is None else f'{target:.0f}%'} | {met} |"
        )
    lines += [
        "",
        "## By module",
        "",
        "| module | group | mutants | killed | survived | equivalent | not run | score | target "
        "| met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        "## Surviving mutants",
        "",
    ]
    if not survivors:
        lines.append("None.")
    for path, name in survivors:
        reason = reasons.get(name)
        if reason is None:
            problems.append(f"{name}: survived, no reason in {EQUIVALENTS.name}")
        lines += [
            f"### `{name}`",
            "",
            f"`{path}`" + ("" if reason else " — **unexplained: kill it or give its reason**"),
            "",
            "```diff",
            diff_of(name),
            "```",
            "",
        ]
        if reason:
            lines += [f"Equivalent: {reason.strip()}", ""]
    status = {name: st for module in modules for name, st in module.status.items()}
    # A reason whose mutant was not run this time is kept quietly: the next full run needs it.
    stale = sorted(
        n for n in reasons if n not in {s for _, s in survivors} and status.get(n) not in NOT_RUN
    )
    if stale:
        lines += [
            "## Reasons no longer needed",
            "",
            f"These names in `{EQUIVALENTS.name}` were killed this run, or name no mutant (a",
            "change renumbered them): remove or re-key them.",
            "",
            *[f"- `{n}` ({status.get(n, 'no such mutant')})" for n in stale],
            "",
        ]
    return "\n".join(lines).rstrip() + "\n", problems


def reasons_from(path: Path) -> dict[str, str]:
    """Mutant name -> why it is equivalent, from ``path`` (none if it does not exist)."""
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: str(entry["reason"]) for name, entry in table.get("mutants", {}).items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--note", default="", help="a paragraph on this run (e.g. its sample)")
    args = parser.parse_args()
    modules = load_modules()
    if not modules:
        print("no mutmut results in mutants/: run `make mutation` first", file=sys.stderr)
        return 2
    text, problems = render(modules, reasons_from(EQUIVALENTS), args.note)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
