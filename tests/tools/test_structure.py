"""The shape of the code the redesign promises: sync and async twins that differ only by ``await``,
no import cycles, and no provider named outside its own package and the registry."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from sendfrom import resources
from sendfrom.providers import PROVIDERS, provider

SRC = Path(__file__).resolve().parents[2] / "src" / "sendfrom"


class _AsSync(ast.NodeTransformer):
    """An async class's syntax tree as its sync twin's: no ``await``, ``def`` for ``async def``,
    no docstrings, and the async names (``AsyncIterator``, ``AsyncRunner``) made sync."""

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        sync = ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})
        return self.visit_FunctionDef(sync)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            node.body = node.body[1:]
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = node.id.replace("AsyncIterator", "Iterator").replace("AsyncRunner", "SyncRunner")
        return node


def _body(cls: type) -> str:
    """The class's methods as a syntax tree dump, async made sync (see ``_AsSync``)."""
    (tree,) = ast.parse(inspect.getsource(cls)).body
    assert isinstance(tree, ast.ClassDef)
    methods = [_AsSync().visit(node) for node in tree.body if not isinstance(node, ast.Expr)]
    return "\n".join(ast.dump(m, annotate_fields=False) for m in methods)


@pytest.mark.parametrize(
    ("sync", "asynchronous"),
    [
        (resources.Identities, resources.AsyncIdentities),
        (resources.Domains, resources.AsyncDomains),
    ],
)
def test_sync_and_async_twins_differ_only_by_await(sync: type, asynchronous: type) -> None:
    assert _body(asynchronous) == _body(sync)


def _imports(path: Path) -> set[str]:
    """The sendfrom modules ``path`` imports when it is imported (not under TYPE_CHECKING, not
    inside a function)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if not isinstance(node, ast.FunctionDef) else ():
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                break
            if isinstance(child, ast.ImportFrom) and child.module:
                if child.module.startswith("sendfrom"):
                    found.add(child.module)
            elif isinstance(child, ast.Import):
                found |= {a.name for a in child.names if a.name.startswith("sendfrom")}
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycles() -> None:
    graph = {_module(p): _imports(p) for p in SRC.rglob("*.py")}
    # A package and its own submodules import each other by design (the package re-exports):
    # those edges are no cycle; every other one counts.
    for name, targets in graph.items():
        graph[name] = {
            t
            for t in targets
            if t in graph and not name.startswith(t + ".") and not t.startswith(name + ".")
        }
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str], done: set[str]) -> None:
        if node in path:
            cycles.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*path, node], done)
        done.add(node)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [], done)
    assert cycles == []


def test_no_provider_is_named_outside_its_package_and_the_registry() -> None:
    """Strings naming a provider in code (docstrings and comments aside) live in providers/."""
    words = {name for name in PROVIDERS} | {provider(name).title for name in PROVIDERS}
    # A whole word: "resend" the provider, not the verb in "identities.resend_verification".
    alternatives = "|".join(re.escape(w) for w in sorted(words))
    pattern = re.compile(f"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])", re.IGNORECASE)
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.is_relative_to(SRC / "providers"):
            continue
        tree = ast.parse(path.read_text())
        docstrings = {  # every bare string statement: module, class, function, attribute
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        # A command's name is a verb ("identities resend"), not a provider.
        docstrings |= {
            id(argument)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "command"
            for argument in node.args
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and pattern.search(node.value)
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_provider_name_is_the_registry() -> None:
    import typing

    from sendfrom.providers import ProviderName

    assert typing.get_args(ProviderName) == PROVIDERS
