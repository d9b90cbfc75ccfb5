"""Apply an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0.html).

Targets are RFC 9535 JSONPath queries, evaluated by ``jsonpath-rfc9535``; this module only does
what the Overlay specification says with the nodes a query selects, in the order of the actions:

* ``remove: true`` deletes each selected node from its parent;
* ``update`` on an object is merged into it: objects recursively, any other value replaces the
  one of the same name (Overlay 1.1 spells out this recursion; every 1.0 tool does it);
* ``update`` on an array appends the value to it.

Every action must carry a ``description`` (sendfrom's rule: each cites its evidence) and must
select at least one node: an action that matches nothing means the upstream spec moved, and the
overlay is stale, so that is an error rather than a silent no-op.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpath_rfc9535

__all__ = ["OverlayError", "apply_overlay"]


class OverlayError(Exception):
    """An overlay document that is malformed, or an action that selects nothing."""


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        else:
            target[key] = copy.deepcopy(value)


def _parent(document: Any, location: tuple[str | int, ...]) -> Any:
    """The node that holds the node at ``location`` (a location jsonpath-rfc9535 reported)."""
    node = document
    for step in location[:-1]:
        node = node[step]
    return node


def _check(overlay: Any) -> list[dict[str, Any]]:
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("not an OpenAPI Overlay 1.x document (no `overlay: 1.0.0`)")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("an overlay needs a non-empty `actions` list")
    for number, action in enumerate(actions, 1):
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise OverlayError(f"action {number}: needs a `target` JSONPath")
        if not str(action.get("description", "")).strip():
            raise OverlayError(f"action {number} ({action['target']}): needs a `description`")
        if ("update" in action) == bool(action.get("remove")):
            raise OverlayError(f"action {number} ({action['target']}): give update or remove")
    return actions


def apply_overlay(document: dict[str, Any], overlay: Any) -> dict[str, Any]:
    """``document`` with every action of ``overlay`` applied, in order (``document`` is kept)."""
    result = copy.deepcopy(document)
    for number, action in enumerate(_check(overlay), 1):
        target = action["target"]
        try:
            nodes = list(jsonpath_rfc9535.find(target, result))
        except jsonpath_rfc9535.JSONPathError as exc:
            raise OverlayError(f"action {number}: bad target {target!r}: {exc}") from None
        if not nodes:
            raise OverlayError(f"action {number}: {target!r} selects nothing (upstream moved?)")
        if action.get("remove"):
            # Deepest and last first, so removing one node never shifts another's index.
            for node in sorted(nodes, key=lambda n: n.location, reverse=True):
                if not node.location:
                    raise OverlayError(f"action {number}: the whole document cannot be removed")
                del _parent(result, node.location)[node.location[-1]]
            continue
        update = action["update"]
        for node in nodes:
            if isinstance(node.value, list):
                node.value.append(copy.deepcopy(update))
            elif isinstance(node.value, dict) and isinstance(update, dict):
                _merge(node.value, update)
            else:
                raise OverlayError(f"action {number}: {node.path()} is neither object nor array")
    return result
