"""What every provider's builder shares: where the payloads are, the ``Interaction`` and
``Cassette`` records, provenance entries, and ``doc`` (a documented exchange)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
# The payloads and seeds live in the repository (specs/evidence/, each folder's README names the
# source of every file): a clone anywhere rebuilds its cassettes byte for byte.
PROVIDERS_DIR = ROOT / "specs" / "evidence"
SEEDS = PROVIDERS_DIR / "seeds"
CASSETTES = ROOT / "tests" / "cassettes"
JSON = {"Content-Type": "application/json"}
UNSET: Any = object()


@functools.cache
def server_url(provider: str) -> str:
    """The default base URL of a provider: its spec's first server."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load((ROOT / "specs" / f"{provider}.yaml").read_text(), Loader=loader)
    return str(spec["servers"][0]["url"]).rstrip("/")


def evidence_path(path: Path) -> str:
    """A file of specs/evidence as a cassette's ``source`` names it: relative to the repository."""
    return path.relative_to(ROOT).as_posix()


@dataclass
class Interaction:
    """One request sendfrom sends and the response the provider gave (or documents)."""

    method: str
    path: str
    """Below the provider's server URL, with the query sendfrom sends."""
    status: int
    body: str
    """The response body, verbatim where the source is kept as is ("" for none)."""
    headers: dict[str, str]
    request_body: Any = None
    """The JSON request body, or None for none."""
    source: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cassette:
    """One cassette: a scenario of one provider, replayed by tests/conformance/test_cassettes.py."""

    provider: str
    name: str
    summary: str
    interactions: list[Interaction]
    notes: list[str] = field(default_factory=list)


def json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def request_text(value: Any) -> str:
    """A JSON request body as httpx 0.28 encodes ``json=``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def source_entry(provenance: str, file: str | None, origin: str | None, **extra: Any) -> dict:
    """One interaction's provenance: where its response (``file``) and the facts came from."""
    entry: dict[str, Any] = {"provenance": provenance}
    if file is not None:
        entry["file"] = file
    if origin is not None:
        entry["origin"] = origin
    entry.update({k: v for k, v in extra.items() if v})
    return entry


# ---- Invent, Vortex, Space Invoices: documented examples only

ASSUMED_JSON = "Content-Type: not shown by the docs; application/json assumed"


def doc(
    provider: str,
    file: str | None,
    method: str,
    path: str,
    status: int,
    *,
    page: str,
    request_body: Any = None,
    value: Any = UNSET,
    changes: Iterable[str] = (),
    seed: tuple[Path, str] | None = None,
) -> Interaction:
    """A documented exchange: the response is ``file`` verbatim, or ``value`` derived from it.

    ``seed`` (a seed file and the call it documents) names the source of a response that is
    only in a seed document (no payload file).
    """
    where = evidence_path(PROVIDERS_DIR / provider / file) if file else None
    section = None
    if seed is not None:
        where, section = evidence_path(seed[0]), seed[1]
    if value is UNSET:
        assert file is not None
        body = (PROVIDERS_DIR / provider / file).read_text()
    else:
        body = value if isinstance(value, str) else json_text(value)
    return Interaction(
        method=method,
        path=path,
        status=status,
        body=body,
        headers=dict(JSON),
        request_body=request_body,
        source=source_entry(
            "documented",
            where,
            page,
            section=section,
            headers=ASSUMED_JSON,
            changes=list(changes),
        ),
    )


def load(provider: str, file: str) -> Any:
    return json.loads((PROVIDERS_DIR / provider / file).read_text())
