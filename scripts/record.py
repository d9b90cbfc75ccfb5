"""Re-record one provider's cassettes against a real account: ``make record PROVIDER=<provider>``.

    SENDFROM_API_KEY=... python scripts/record.py mailersend [--destructive] [--cassette-dir DIR]

1. Refuses, and sends nothing, unless ``SENDFROM_API_KEY`` is set (and, for Vortex,
   ``SENDFROM_ACCOUNT_ID``). ``SENDFROM_ORG_ID`` (Invent, default "c") and
   ``SENDFROM_ORGANIZATION_ID`` (Space Invoices: record the organization's scenarios instead of the
   account's) choose the scope; ``SENDFROM_BASE_URL`` another server.
2. Runs the provider's scenarios of tests/conformance/test_cassettes.py with
   ``--record-mode=rewrite``: each
   scenario's calls go to the account and its cassette is written anew, scrubbed of secrets by the
   suite's ``vcr_config``. Scenarios that need an id or a name (an existing domain, an address to
   create) take it from a ``SENDFROM_RECORD_*`` variable and are skipped, with the variable named,
   while it is unset. Scenarios that create, change, delete or send something (domain delete,
   identity delete, settings updates, verification emails) run only with ``--destructive``
   (``make record ... DESTRUCTIVE=1``); point them at a test account. A scenario that fails leaves
   the previous cassette in place.
3. Marks each new cassette ``source: {kind: recorded, ...}`` (scripts/cassettes then
   leaves it alone), then replays the provider's cassettes (sync and async, network blocked, reading
   strictly: any deviation from the spec fails) and runs the spec conformance, secret and
   provenance checks on them.
4. Ends with a drift report (``scripts/drift_report.py``): everything the new cassettes hold that
   the spec does not describe, fields it does not know included. Recording itself reads
   tolerantly, so that a deviation is captured in the cassette rather than aborting its scenario.
   Review the diff before committing.

``--cassette-dir DIR`` records into DIR/<provider>/ instead of tests/cassettes/<provider>/ (to
compare with the checked-in ones first); ``--only a,b`` records only the cassettes a and b.
Scenarios run read-only first, then the destructive ones in the order tests/cassette_scenarios/
declares them (Space Invoices: create, resend, delete).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

import drift_report
from sendfrom.config import ENV
from sendfrom.providers import PROVIDERS, simulator_class

ROOT = Path(__file__).resolve().parent.parent
# The scope settings a provider cannot do without (its simulator fills them in), as variables.
REQUIRED_SCOPE = {
    name: ENV[setting] for name in PROVIDERS for setting in simulator_class(name).connect_defaults
}
HEADER = (
    "# Recorded by `make record` (scripts/record.py) against a real account; scrubbed of secrets.\n"
)


def refuse(message: str) -> int:
    print(f"make record: {message}", file=sys.stderr)
    return 2


def snapshot(directory: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in directory.glob("*.yaml")}


def server_url(provider: str) -> str:
    spec = yaml.safe_load((ROOT / "specs" / f"{provider}.yaml").read_text())
    return str(spec["servers"][0]["url"])


def stamp(path: Path, provider: str) -> None:
    """Put the ``source`` block on a cassette vcrpy has just written (it writes none)."""
    text = path.read_text()
    if text.startswith(HEADER):
        return
    source = {
        "source": {
            "kind": "recorded",
            "recorder": "make record (scripts/record.py)",
            "provider": provider,
            "scenario": path.stem,
            "recorded_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "base_url": os.environ.get("SENDFROM_BASE_URL") or server_url(provider),
            "sendfrom": version("sendfrom"),
            "note": "requests and responses as sent and received, scrubbed by "
            "tests/cassette_support.py (vcr_config)",
        }
    }
    path.write_text(HEADER + yaml.safe_dump(source, sort_keys=False) + text)


def pytest(arguments: list[str], env: dict[str, str]) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/conformance/test_cassettes.py",
        "-p",
        "no:cacheprovider",
    ]
    print("+", shlex.join(command + arguments), flush=True)
    return subprocess.run(command + arguments, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("provider", choices=PROVIDERS)
    parser.add_argument(
        "--destructive",
        action="store_true",
        help="also run the scenarios that create, change, delete or send (a test account!)",
    )
    parser.add_argument("--cassette-dir", type=Path, help="record into DIR/<provider>/")
    parser.add_argument(
        "--only", help="record only these scenarios (comma-separated cassette names)", default=""
    )
    args = parser.parse_args(argv)

    if not os.environ.get("SENDFROM_API_KEY", "").strip():
        return refuse(
            f"SENDFROM_API_KEY is not set: recording needs a real {args.provider} account's key "
            "(nothing was recorded; the checked-in cassettes replay without one)"
        )
    scope = REQUIRED_SCOPE.get(args.provider)
    if scope and not os.environ.get(scope, "").strip():
        return refuse(f"{scope} is not set: {args.provider} needs it to record")

    env = dict(os.environ)
    env.pop("SENDFROM_RECORD_DESTRUCTIVE", None)
    if args.destructive:
        env["SENDFROM_RECORD_DESTRUCTIVE"] = "1"
    root = ROOT / "tests" / "cassettes"
    if args.cassette_dir:
        root = args.cassette_dir.resolve()
        env["SENDFROM_CASSETTE_DIR"] = str(root)
    directory = root / args.provider
    directory.mkdir(parents=True, exist_ok=True)
    before = snapshot(directory)

    select = f"{args.provider}-"
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    chosen = " or ".join(f"{select}{name}-" for name in names) or select
    recorded = pytest(
        ["-q", "-rs", "--record-mode=rewrite", "-k", f"test_replay and ({chosen})"], env
    )
    changed = sorted(p for p, data in snapshot(directory).items() if before.get(p) != data)
    for path in changed:
        stamp(path, args.provider)
    checked = pytest(  # the new cassettes replay, sync and async, and pass every cassette check
        ["-q", "-k", f"(test_replay or conforms or secrets or comes_from) and {select}"],
        {k: v for k, v in env.items() if k != "SENDFROM_RECORD_DESTRUCTIVE"},
    )
    print(f"\n{len(changed)} cassette(s) recorded in {directory}:")
    for path in changed:
        print(f"  {path.name}")
    drift = drift_report.report(args.provider, changed)
    print(f"\ndrift report: {len(drift) or 'nothing'} the spec does not describe")
    for line in drift:
        print(f"  {line}")
    if drift:
        print(
            f"update specs/{args.provider}.yaml (and specs/README.md), then `make generate`",
            file=sys.stderr,
        )
    if recorded or checked:
        print(
            "some scenarios or checks failed: see above; review before committing", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
