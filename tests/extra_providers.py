"""Providers from outside src/: generated and imported once a test session, registered per test.

A provider directory (``tests/fifth/`` is the worked example) holds what a provider is made of,
laid out as in the repository: ``specs/<name>.yaml``, ``specs/reads/<name>.yaml`` and a package
``<name>/`` (``adapter``, ``mappers``, ``simulator``) whose ``__init__`` holds its registry line,
``PROVIDER``. ``installed`` generates ``sendfrom_generated.<name>`` with the project's own
generator (scripts/generate.py), makes the package importable and lets the spec checks
(``speclib``) find its spec, once a session; ``registered`` puts its registry line in for one test.
Nothing in src/ learns of it otherwise.

tests/conformance/test_simulators.py runs on sendfrom's own providers, ``tests/fifth``'s, and
those of every
``--extra-provider DIR`` (see tests/conftest.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import jinja2
import pytest

import sendfrom_generated
from sendfrom.providers import PROVIDERS, Provider, register, unregister
from speclib import ROOT, SPEC_PATHS

FIFTH = Path(__file__).resolve().parent / "fifth"
"""Always set up: the proof that a provider is one unit (a spec, a package, a registry line)."""


def directories(config: pytest.Config) -> list[Path]:
    """``tests/fifth`` and each ``--extra-provider`` directory, once each."""
    given = [Path(d).resolve() for d in config.getoption("extra_provider")]
    return list(dict.fromkeys([FIFTH, *given]))


def names_in(directory: Path) -> list[str]:
    """The providers a directory holds: one per ``specs/<name>.yaml``."""
    found = sorted(path.stem for path in (directory / "specs").glob("*.yaml"))
    if not found:
        raise pytest.UsageError(f"--extra-provider {directory}: no specs/<name>.yaml in it")
    return found


def provider_names(config: pytest.Config) -> list[str]:
    """Every provider the suite runs on: sendfrom's own, then the extra ones."""
    extra = [name for directory in directories(config) for name in names_in(directory)]
    clashes = sorted(set(extra) & set(PROVIDERS))
    if clashes or len(set(extra)) != len(extra):
        raise pytest.UsageError(f"extra providers named twice or like sendfrom's own: {extra}")
    return [*PROVIDERS, *extra]


def _generator(specs: Path) -> ModuleType:
    """scripts/generate.py, loaded afresh as a module of its own that reads ``specs``.

    ``build_provider`` reads ``SPECS/<name>.yaml`` and ``READS/<name>.yaml``: a private copy of
    the module, pointed elsewhere, changes nothing for anyone else.
    """
    spec = importlib.util.spec_from_file_location(
        "_sendfrom_extra_generate", ROOT / "scripts" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:  # generate.py imports its ``codegen`` package from beside it
        sys.path.append(scripts)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SPECS, module.READS = specs, specs / "reads"
    return module


def generate(directory: Path, name: str, out: Path, scratch: Path) -> None:
    """Write ``out/<name>/`` as ``make generate`` would, from ``directory/specs/<name>.yaml``.

    Not formatted with ruff: the bytes do not matter here (they are never committed), only that
    the code is what the generator writes.
    """
    generator = _generator(directory / "specs")
    env = jinja2.Environment(  # as generate.build makes it
        loader=jinja2.FileSystemLoader(generator.CODEGEN / "templates"),
        keep_trailing_newline=True,
        autoescape=False,
    )
    generator.build_provider(name, out, scratch, env)


def _forget(package: str) -> None:
    """Drop ``package`` and its submodules from ``sys.modules`` (so a later import fails)."""
    for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[module]


@contextmanager
def installed(found: list[Path], scratch: Path) -> Iterator[list[Provider]]:
    """Every provider of ``found`` directories generated and importable, until exit; their
    registry lines (not registered: see ``registered``).

    The generated packages go to ``scratch/sendfrom_generated/<name>/``, a directory appended to
    ``sendfrom_generated.__path__``: ``import sendfrom_generated.<name>`` then finds them, and
    their relative imports (``.._transport``, ``.._wire``) reach the real shared modules.
    """
    out = scratch / "sendfrom_generated"
    out.mkdir()
    sendfrom_generated.__path__.append(str(out))
    names: list[str] = []
    entries: list[Provider] = []
    try:
        for directory in found:
            sys.path.insert(0, str(directory))
            for name in names_in(directory):
                names.append(name)
                generate(directory, name, out, scratch)
                SPEC_PATHS[name] = directory / "specs" / f"{name}.yaml"
                importlib.invalidate_caches()
                entry: Provider = importlib.import_module(name).PROVIDER
                if (entry.name, entry.package) != (name, name):
                    raise pytest.UsageError(f"{directory}: {name}.PROVIDER must name {name!r}")
                entries.append(entry)
        yield entries
    finally:
        for name in names:
            SPEC_PATHS.pop(name, None)
            _forget(name)
            _forget(f"sendfrom_generated.{name}")
        for directory in found:
            if str(directory) in sys.path:
                sys.path.remove(str(directory))
        sendfrom_generated.__path__.remove(str(out))


@contextmanager
def registered(entries: list[Provider]) -> Iterator[list[str]]:
    """``entries`` in the registry until exit: their names then work wherever a provider's does."""
    for entry in entries:
        register(entry)
    try:
        yield [entry.name for entry in entries]
    finally:
        for entry in entries:
            unregister(entry.name)
