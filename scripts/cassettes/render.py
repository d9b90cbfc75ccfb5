"""A cassette as vcrpy's YAML, with its ``source`` block and the do-not-edit header."""

from __future__ import annotations

import http
from typing import Any

import yaml

from cassettes.common import Cassette, Interaction, request_text, server_url

HEADER = (
    "# Built by scripts/cassettes from specs/evidence (see `source`); do not edit by hand.\n"
    "# Re-record against a real account with `make record PROVIDER=<provider>`.\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line strings, so bodies stay readable in review."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|"
        if "\n" in value and not any(line != line.rstrip() for line in value.split("\n"))
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _interaction(base: str, item: Interaction) -> dict[str, Any]:
    request_headers = {"Accept": ["application/json"]}
    request_body = ""
    if item.request_body is not None:
        request_headers["Content-Type"] = ["application/json"]
        request_body = request_text(item.request_body)
    return {
        "request": {
            "method": item.method,
            "uri": base + item.path,
            "body": request_body,
            "headers": request_headers,
        },
        "response": {
            "status": {"code": item.status, "message": http.HTTPStatus(item.status).phrase},
            "headers": {k: [v] for k, v in item.headers.items()},
            "body": {"string": item.body},
        },
    }


def render(cassette: Cassette) -> str:
    """The YAML text of a cassette."""
    base = server_url(cassette.provider)
    kinds = sorted({i.source["provenance"] for i in cassette.interactions})
    source: dict[str, Any] = {
        "kind": "built",
        "builder": f"scripts/cassettes/{cassette.provider}.py",
        "provider": cassette.provider,
        "scenario": cassette.name,
        "summary": cassette.summary,
        "provenance": kinds,
        "derived": any(i.source.get("changes") for i in cassette.interactions),
        "interactions": [i.source for i in cassette.interactions],
    }
    if cassette.notes:
        source["notes"] = cassette.notes
    document = {
        "source": source,
        "interactions": [_interaction(base, i) for i in cassette.interactions],
        "version": 1,
    }
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + text
