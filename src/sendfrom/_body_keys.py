"""Strict in what it sends: the keys of a request body the spec does not know, and the values
its enums do not list.

The generated request models accept extra keys (they also read responses, where a provider's new
field is drift, not an error), so a typo such as ``{"chanel": {...}}`` would be sent and do
something else than meant. After a body validates, each model in it is checked for keys its
schema does not list, unless the spec says the schema takes more (``OPEN_SCHEMAS``, generated:
``additionalProperties`` true or a schema). Each unknown key is named with its JSON path and,
where one is close, the key that was probably meant. The models' enums are open for the same
reason (``Literal[...] | str``): a value the spec's enum does not list (``ENUMS``, generated) is
refused too, naming the values it takes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel

__all__ = ["off_enum", "unknown_keys"]


def _known(model: type[BaseModel]) -> list[str]:
    """The keys a model's schema lists, as sent (aliases where the field has one)."""
    return [field.alias or name for name, field in model.model_fields.items()]


def _walk(value: Any, path: str) -> Iterator[tuple[str, BaseModel]]:
    """Every model instance inside ``value`` (nested fields, lists, dicts), with its path."""
    if isinstance(value, BaseModel):
        yield path, value
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            yield from _walk(getattr(value, name), f"{path}.{key}" if path else key)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, f"{path}[*]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))


def unknown_keys(body: BaseModel, open_schemas: frozenset[str]) -> dict[str, list[str]]:
    """Each key of ``body`` (a validated request model) its schema does not list -> why, by path;
    empty when every key is the spec's."""
    found: dict[str, list[str]] = {}
    for path, model in _walk(body, ""):
        extra = model.__pydantic_extra__
        kind = type(model)
        if not extra or kind.__name__ in open_schemas:
            continue
        known = _known(kind)
        for key in extra:
            close = get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f" (it has: {', '.join(known)})"
            found[f"{path}.{key}" if path else key] = [f"not in the spec's {kind.__name__}{hint}"]
    return found


def off_enum(body: BaseModel, enums: Mapping[str, Mapping[str, list[Any]]]) -> dict[str, list[str]]:
    """Each value in ``body`` (a validated request model) that its schema's enum does not list
    -> why, by path (a list's items each); empty when every value is one the spec names."""
    found: dict[str, list[str]] = {}
    for path, model in _walk(body, ""):
        allowed = enums.get(type(model).__name__)
        if not allowed:
            continue
        for name, field in type(model).model_fields.items():
            key = field.alias or name
            values = allowed.get(key)
            given = getattr(model, name)
            if values is None or given is None or name not in model.model_fields_set:
                continue  # a default is the spec's own
            for item in given if isinstance(given, list) else [given]:
                if item not in values:
                    where = f"{path}.{key}" if path else key
                    shown = ", ".join(repr(v) for v in values)
                    found.setdefault(where, []).append(f"{item!r} is not one of {shown}")
    return found
