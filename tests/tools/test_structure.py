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


def _every_import(path: Path) -> set[str]:
    """Every sendfrom module ``path`` names in an import, wherever it is (type-only ones too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sendfrom"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sendfrom")}
    return found


def test_the_layers_keep_their_order() -> None:
    """The engine sits below the providers (it reads them through ``_engine/provider.py``'s
    protocol, not the adapter class), and the client reaches a simulator through the registry:
    ``sendfrom.testing`` is a layer above it, imported for a type only."""
    for path in (SRC / "_engine").glob("*.py"):
        wrong = {m for m in _every_import(path) if m.startswith("sendfrom.providers")}
        assert not wrong, f"{path.name} imports {wrong}"
    tree = ast.parse((SRC / "client.py").read_text())
    typing_only = {
        ast.unparse(n)
        for block in tree.body
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for n in ast.walk(block)
        if isinstance(n, ast.ImportFrom)
    }
    run_time = [
        ast.unparse(n)
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("sendfrom.testing")
    ]
    assert set(run_time) <= typing_only, run_time


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


TESTS = SRC.parents[1] / "tests"
TEST_ALLOWLIST: dict[str, str] = {}
"""Folders of tests/ the rule below skips, each with its reason (keep it short)."""


def _per_provider_branches(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    """Where ``tree`` tells providers apart by name: a dict keyed by two or more of ``names``, a
    set, tuple or list of two or more, or a comparison with one (``x == "name"``, ``x in
    {"name", ...}``, ``case "name":``). A comparison that is an ``assert``'s whole test checks an
    outcome (``assert client.provider == "name"``), so it is no branch."""

    def named(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Constant) and node.value in names

    def count(nodes: list[ast.expr | None] | list[ast.expr]) -> int:
        return len({n.value for n in nodes if isinstance(n, ast.Constant) and n.value in names})

    asserted = {id(node.test) for node in ast.walk(tree) if isinstance(node, ast.Assert)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and count(node.keys) >= 2:
            found.append((node.lineno, "a dict keyed by provider names"))
        elif isinstance(node, ast.Set | ast.Tuple | ast.List) and count(node.elts) >= 2:
            found.append((node.lineno, "a collection of provider names"))
        elif isinstance(node, ast.Compare) and id(node) not in asserted:
            operands = [node.left, *node.comparators]
            if any(
                named(o) or (isinstance(o, ast.Set | ast.Tuple | ast.List) and count(o.elts))
                for o in operands
            ):
                found.append((node.lineno, "a comparison with a provider name"))
        elif isinstance(node, ast.MatchValue) and named(node.value):
            found.append((node.lineno, "a case of a provider name"))
    return found


def _shared_test_files() -> list[Path]:
    """Every test file but a provider's own (tests/providers/<name>/) and the allowlisted."""
    own = {TESTS / "providers" / name for name in PROVIDERS}
    skipped = own | {TESTS / folder for folder in TEST_ALLOWLIST}
    return [
        path
        for path in sorted(TESTS.rglob("*.py"))
        if not any(path.is_relative_to(folder) for folder in skipped)
    ]


def test_no_shared_test_tells_providers_apart_by_name() -> None:
    """A provider is one unit: what a shared test needs to know of it is in its facts
    (tests/providers/<name>/facts.py, see tests/provider_facts.py), never in a table or a branch
    of the shared test. Naming one provider as the example a test runs on stays allowed."""
    names = set(PROVIDERS)
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{line}: {what}"
        for path in _shared_test_files()
        for line, what in _per_provider_branches(ast.parse(path.read_text()), names)
    ]
    assert offenders == [], "\n".join(offenders)


def test_the_per_provider_rule_catches_each_shape() -> None:
    """Guards the guard, on code that names two registered providers (spelled from the registry,
    so that this file holds no table of its own)."""
    one, two = PROVIDERS[:2]
    caught = {
        f"STATUS = {{{one!r}: 400, {two!r}: 422}}": "a dict keyed by provider names",
        f"ONLY = [{one!r}, {two!r}]": "a collection of provider names",
        f"if provider == {one!r}: pass": "a comparison with a provider name",
        f"x = 1 if provider in {{{one!r}}} else 2": "a comparison with a provider name",
        f"match provider:\n    case {one!r}: pass": "a case of a provider name",
        f"assert len(x) == (3 if provider == {one!r} else 1)": "a comparison with a provider name",
    }
    for code, what in caught.items():
        assert [w for _, w in _per_provider_branches(ast.parse(code), set(PROVIDERS))] == [what]
    allowed = [
        f"sim = simulator({one!r})",
        f"assert client.provider == {one!r}",
        f"ROW = ({one!r}, 'SENDFROM_PROVIDER', {one!r})",  # one provider, named twice
    ]
    for code in allowed:
        assert _per_provider_branches(ast.parse(code), set(PROVIDERS)) == [], code


def test_every_provider_has_its_test_facts() -> None:
    for name in PROVIDERS:
        assert (TESTS / "providers" / name / "facts.py").is_file(), name
    assert all((TESTS / folder).is_dir() for folder in TEST_ALLOWLIST), "a stale allowlist entry"
