"""``sendfrom call``: any operation of the connected provider's spec, as ``client.call`` runs it."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sendfrom.cli import _output as out
from sendfrom.cli._common import connect, emit_json, state, usage
from sendfrom.errors import InvalidRequestError

if TYPE_CHECKING:
    from sendfrom_generated._endpoint import Endpoint

HELP = (
    "Run any operation of the provider's spec, beyond the unified model (not portable).\n\n"
    "OPERATION_ID is the spec's operationId ('sendfrom call --list' shows them, with method and "
    "path). --param name=value sets a path or query parameter (repeatable; values typed as the "
    "spec says: true/false, numbers, comma-separated lists); the scope ids (org, account, "
    "organization) come from the connection settings unless given. --body takes the request "
    "body as a JSON object ('-': read it from stdin). The success body is printed as JSON "
    "(null for a bodiless success), with the same errors and exit codes as every command."
)


def _operations(ctx: typer.Context) -> tuple[str, dict[str, Endpoint[Any]]]:
    """The connected provider's name and its operations (needs no key: nothing is sent)."""
    from sendfrom._call import endpoints
    from sendfrom.config import resolve_settings
    from sendfrom.providers import adapter_class

    arguments = dict(state(ctx).connect)
    settings = resolve_settings(arguments.pop("provider", None), **arguments)
    adapter = adapter_class(settings.provider)
    return adapter.name, endpoints(adapter.generated)


def _body(text: str | None) -> Any:
    if text is None:
        return None
    if text == "-":
        text = sys.stdin.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"not JSON: {error}", param_hint="--body") from None


def _in_options(message: str) -> str:
    """``client.call``'s advice (``pass id=...``, ``connect with organization_id=...``) in this
    command's options: ``--param id=...``, ``--organization-id``, ``--body``."""
    message = message.replace("needs body=...", "needs --body '{...}'")
    message = re.sub(
        r"connect with (\w+)=\.\.\.", lambda m: "--" + m[1].replace("_", "-") + " ...", message
    )
    return re.sub(r"(?<![-\w])(\w+)=\.\.\.", r"--param \1=...", message)


def _wire_json(value: Any) -> Any:
    """A wire model (or a list of them) as the provider's JSON: field names as on the wire."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [_wire_json(item) for item in value]
    return value


def call(
    ctx: typer.Context,
    operation_id: Annotated[
        str | None,
        typer.Argument(help="The spec's operationId, e.g. update_contact", show_default=False),
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="name=value (repeatable)", show_default=False, metavar="K=V"
        ),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(help="The request body: a JSON object, or - for stdin", show_default=False),
    ] = None,
    list_operations: Annotated[
        bool, typer.Option("--list", help="List the provider's operations, and exit")
    ] = False,
) -> None:
    from sendfrom._call import parse_value

    provider, operations = _operations(ctx)
    if list_operations:
        rows = [
            {"operation": name, "method": e.method, "path": e.path}
            for name, e in operations.items()
        ]
        if state(ctx).json:
            emit_json(ctx, rows)
            return
        table = out.table("OPERATION", "METHOD", "PATH")
        for row in rows:
            table.add_row(row["operation"], row["method"], row["path"])
        out.show(table)
        return
    if operation_id is None:
        usage("name an operation (sendfrom call OPERATION_ID), or list them with --list")
    endpoint = operations.get(operation_id)
    if endpoint is None:
        import difflib

        close = difflib.get_close_matches(operation_id, operations, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        usage(f"{provider} has no operation {operation_id!r}{hint} (sendfrom call --list)")
    given: dict[str, Any] = {}
    for item in params or []:
        name, equals, text = item.partition("=")
        if not equals or not name:
            usage(f"--param takes name=value, not {item!r}")
        given[name] = parse_value(endpoint, name, text)
    parsed = _body(body)
    if parsed is not None:
        given["body"] = parsed
    with connect(ctx) as client:
        try:
            result = client.call(endpoint, **given)
        except InvalidRequestError as error:  # said in options: --param id=..., not id=...
            raise InvalidRequestError(_in_options(str(error)), error.fields) from None
    sys.stdout.write(json.dumps(_wire_json(result), indent=2, ensure_ascii=False) + "\n")
