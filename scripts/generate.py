"""Rebuild ``generated/sendfrom_generated`` from ``specs/*.yaml``: ``make generate``.

Two pinned generators split the work (see DESIGN.md, section 2):

* datamodel-code-generator writes the pydantic wire models (``<provider>/models.py``) from a
  *wire view* of the spec: the same schemas, with every ``format: date-time`` typed as
  ``LenientDatetime`` and every string enum opened up to ``Literal[...] | str``, so that drift
  never makes a model raise (a missing required field still does).
* datamodel-code-generator also writes two sets of ``TypedDict``s, validated by pydantic's
  ``TypeAdapter`` (no model instances: about twice as fast as the models): ``<provider>/shapes.py``,
  the whole spec (strict reading, and drift detection), and ``<provider>/readers.py``, a *reader*
  per response schema in which only the properties that sendfrom's mappers read
  (``specs/reads/<provider>.yaml``) keep their spec types; every other property is optional and
  untyped, so that drift there never fails a call (principle 4b).
* openapi-python-client writes the endpoint layer (``<provider>/api``, ``client.py``,
  ``types.py``) with the templates in ``scripts/codegen/opc_templates``: functions that build and
  send a request and return the raw ``httpx.Response`` without parsing it.

A provider that publishes its own spec has ``specs/overlays/<provider>.yaml`` instead of a spec
written here: ``specs/<provider>.yaml`` is then derived from the upstream file and the overlay
(``codegen.derive``), written by ``make generate`` and held fresh by ``--check`` like the output.

Everything is written to a scratch directory, formatted once with the pinned ruff (``--isolated``,
so no local configuration can change the bytes), then compared with or copied over
``generated/``. ``--check`` only compares, and exits 1 naming every stale file.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
import yaml

from codegen.derive import derived_specs
from codegen.endpoints import write_endpoints
from codegen.views import reader_view, wire_view
from sendfrom.providers import PROVIDERS

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
READS = SPECS / "reads"
CODEGEN = Path(__file__).resolve().parent / "codegen"
OUTPUT = ROOT / "generated" / "sendfrom_generated"
RUFF_SETTINGS = ("--isolated", "--line-length", "100", "--target-version", "py311")
GENERATORS = {
    name: version(name) for name in ("openapi-python-client", "datamodel-code-generator", "ruff")
}
# The endpoint layer keeps only these parts of openapi-python-client's output; its attrs-based
# models and errors module are not used (responses are parsed by the pydantic wire models).
ENDPOINT_LAYER = ("__init__.py", "client.py", "types.py", "api")


def _bin(name: str) -> str:
    """A console script installed beside the running interpreter (the project's venv)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _run(args: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"generate: {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def auth_of(spec: dict[str, Any], name: str) -> dict[str, str]:
    """The header, prefix and kind of the spec's one security scheme."""
    schemes = spec.get("components", {}).get("securitySchemes", {})
    if len(schemes) != 1:
        sys.exit(f"generate: specs/{name}.yaml must declare exactly one security scheme")
    (scheme,) = schemes.values()
    if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
        return {"auth_scheme": "bearer", "auth_header": "Authorization", "auth_prefix": "Bearer "}
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
        return {"auth_scheme": "api_key_header", "auth_header": scheme["name"], "auth_prefix": ""}
    sys.exit(f"generate: specs/{name}.yaml: unsupported security scheme {scheme!r}")


def build_provider(
    name: str, out: Path, scratch: Path, env: jinja2.Environment, spec_path: Path | None = None
) -> None:
    """Write ``out/<name>/`` from ``spec_path`` (default ``specs/<name>.yaml``; for a derived
    spec, its fresh derivation)."""
    spec_path = spec_path or SPECS / f"{name}.yaml"
    raw = spec_path.read_bytes()
    spec = yaml.safe_load(raw)
    package = out / name

    opc_out = scratch / f"opc_{name}"
    _run(
        [
            _bin("openapi-python-client"),
            "generate",
            "--path",
            str(spec_path),
            "--meta",
            "none",
            "--output-path",
            str(opc_out),
            "--overwrite",
            "--fail-on-warning",
            "--config",
            str(CODEGEN / "opc-config.yaml"),
            "--custom-template-path",
            str(CODEGEN / "opc_templates"),
        ]
    )
    package.mkdir(parents=True)
    for part in ENDPOINT_LAYER:
        source = opc_out / part
        if source.is_dir():
            shutil.copytree(source, package / part)
        else:
            shutil.copy2(source, package / part)
    write_endpoints(spec, package / "api", CODEGEN / "templates")

    wire_spec = scratch / f"wire_{name}.yaml"
    wire_spec.write_text(yaml.safe_dump(wire_view(copy.deepcopy(spec)), sort_keys=False))
    header = (
        f'"""Wire models of {spec["info"]["title"]}: pydantic v2, one class per schema.\n\n'
        f"Generated by scripts/generate.py (datamodel-code-generator) from specs/{name}.yaml;"
        f' do not edit.\n"""'
    )
    _run(
        [
            _bin("datamodel-codegen"),
            "--input",
            str(wire_spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(package / "models.py"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--target-python-version",
            "3.11",
            "--strict-nullable",
            "--extra-fields",
            "allow",
            "--use-annotated",
            "--field-constraints",
            "--use-standard-collections",
            "--use-union-operator",
            "--collapse-root-models",
            "--enum-field-as-literal",
            "all",
            "--type-mappings",
            "string+email=string",
            "--use-schema-description",
            "--use-field-description",
            "--disable-timestamp",
            "--custom-file-header",
            header,
            "--formatters",
            "builtin",
        ]
    )

    view = wire_view(copy.deepcopy(spec))
    reads = yaml.safe_load((READS / f"{name}.yaml").read_text())
    typed_dicts = {
        "shapes": (view, "every response schema of the spec, whole: strict reading"),
        "readers": (
            reader_view(view, reads, name),
            f"what the mappers read (specs/reads/{name}.yaml); any other property is optional",
        ),
    }
    for module, (document, what) in typed_dicts.items():
        source = scratch / f"{module}_{name}.yaml"
        source.write_text(yaml.safe_dump(document, sort_keys=False))
        _typed_dicts(source, package / f"{module}.py", spec["info"]["title"], name, what)

    server = (spec.get("servers") or [{"url": ""}])[0]["url"]
    (package / "spec_info.py").write_text(
        env.get_template("spec_info.py.jinja").render(
            title=spec["info"]["title"],
            version=str(spec["info"]["version"]),
            spec_path=f"specs/{name}.yaml",
            sha256=hashlib.sha256(raw).hexdigest(),
            base_url=server.rstrip("/"),
            generators=GENERATORS,
            open_schemas=open_schemas(spec),
            enums=closed_enums(spec),
            **auth_of(spec, name),
        )
    )
    record = {
        "spec": f"specs/{name}.yaml",
        "spec_sha256": hashlib.sha256(raw).hexdigest(),
        "generators": GENERATORS,
    }
    (package / "generation.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")


def open_schemas(spec: dict[str, Any]) -> list[str]:
    """The component schemas that take properties they do not list (``additionalProperties``
    true or a schema): a body may carry unknown keys there; anywhere else ``client.call`` and
    ``provider_options`` refuse them (``sendfrom._body_keys``)."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    return sorted(
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict) and schema.get("additionalProperties") not in (None, False)
    )


def closed_enums(spec: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """Per component schema, the values each enum property (or array of them) allows, by JSON
    key. The generated models take any value (they also read responses, where a new value is
    drift); a request body's value outside these is refused before sending."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    found: dict[str, dict[str, list[Any]]] = {}
    for schema_name, schema in sorted(schemas.items()):
        properties = schema.get("properties") if isinstance(schema, dict) else None
        for key, prop in sorted((properties or {}).items()):
            if not isinstance(prop, dict):
                continue
            items = prop.get("items") if prop.get("type") == "array" else None
            values = (items if isinstance(items, dict) else prop).get("enum")
            if isinstance(values, list) and values:
                # strings and numbers: JSON and Python spell them alike (spec_info.py is JSON)
                plain = [v for v in values if not isinstance(v, bool)]
                found.setdefault(schema_name, {})[key] = [
                    v for v in plain if isinstance(v, str | int | float)
                ]
    return found


def _typed_dicts(source: Path, output: Path, title: str, name: str, what: str) -> None:
    """``TypedDict``s of the schemas in ``source`` (validated with pydantic ``TypeAdapter``s)."""
    header = (
        f'"""{what[:1].upper()}{what[1:]}: ``TypedDict``s of {title}.\n\n'
        f"Generated by scripts/generate.py (datamodel-code-generator) from specs/{name}.yaml;"
        f' do not edit.\n"""'
    )
    _run(
        [
            _bin("datamodel-codegen"),
            "--input",
            str(source),
            "--input-file-type",
            "openapi",
            "--output",
            str(output),
            "--output-model-type",
            "typing.TypedDict",
            # pydantic validates only typing_extensions' TypedDict on Python < 3.12
            "--import-overrides",
            '{"TypedDict": "typing_extensions", "NotRequired": "typing_extensions"}',
            "--target-python-version",
            "3.11",
            "--strict-nullable",
            "--use-standard-collections",
            "--use-union-operator",
            "--collapse-root-models",
            "--enum-field-as-literal",
            "all",
            "--type-mappings",
            "string+email=string",
            "--use-schema-description",
            "--disable-timestamp",
            "--custom-file-header",
            header,
            "--formatters",
            "builtin",
        ]
    )


def build(out: Path, scratch: Path, derived: dict[str, str]) -> None:
    """Write the whole ``sendfrom_generated`` package into ``out`` (``derived``: the specs
    derived from an upstream spec and an overlay, which are built from that text)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CODEGEN / "templates"),
        keep_trailing_newline=True,
        autoescape=False,
    )
    out.mkdir(parents=True)
    shutil.copy2(CODEGEN / "templates" / "package_init.py", out / "__init__.py")
    shutil.copy2(CODEGEN / "templates" / "_wire.py", out / "_wire.py")
    shutil.copy2(CODEGEN / "templates" / "_transport.py", out / "_transport.py")
    shutil.copy2(CODEGEN / "templates" / "_endpoint.py", out / "_endpoint.py")
    (out / "py.typed").write_text("")
    for name in PROVIDERS:
        spec_path = SPECS / f"{name}.yaml"
        if name in derived:
            spec_path = scratch / "specs" / f"{name}.yaml"
            spec_path.parent.mkdir(exist_ok=True)
            spec_path.write_text(derived[name])
        build_provider(name, out, scratch, env, spec_path)
    for path in out.rglob("*"):  # file modes are not part of the output
        if path.is_file():
            path.chmod(0o644)
    ruff = _bin("ruff")
    _run(
        [ruff, "check", *RUFF_SETTINGS, "--select", "I,F401,UP", "--fix-only", "."], cwd=out.parent
    )
    _run([ruff, "format", *RUFF_SETTINGS, "."], cwd=out.parent)


def _files(root: Path) -> Iterator[Path]:
    # Bytecode that importing the package leaves behind is not part of the output.
    return (
        p.relative_to(root)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )


def stale_files(fresh: Path, current: Path) -> list[str]:
    """Files that differ between two trees, or exist in only one."""
    fresh_files = set(_files(fresh))
    current_files = set(_files(current)) if current.exists() else set()
    stale = sorted(str(p) for p in fresh_files ^ current_files)
    for path in sorted(fresh_files & current_files):
        if not filecmp.cmp(fresh / path, current / path, shallow=False):
            stale.append(str(path))
    return sorted(stale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sendfrom-generate-") as tmp:
        scratch = Path(tmp)
        fresh = scratch / "out" / "sendfrom_generated"
        derived = derived_specs(SPECS)
        build(fresh, scratch, derived)
        stale = stale_files(fresh, OUTPUT)
        stale_specs = [
            f"specs/{name}.yaml"
            for name, text in derived.items()
            if not (SPECS / f"{name}.yaml").is_file()
            or (SPECS / f"{name}.yaml").read_text() != text
        ]
        if args.check:
            if stale_specs:
                listing = "\n  ".join(stale_specs)
                sys.exit(
                    "specs/ is stale (a derived spec differs from its upstream + overlay); run"
                    f" `make generate`. Differing files:\n  {listing}"
                )
            if stale:
                listing = "\n  ".join(stale)
                sys.exit(f"generated/ is stale; run `make generate`. Differing files:\n  {listing}")
            print(f"generated/ is fresh ({sum(1 for _ in _files(fresh))} files)")
            return
        for name, text in derived.items():
            (SPECS / f"{name}.yaml").write_text(text)
        if OUTPUT.exists():
            shutil.rmtree(OUTPUT)
        shutil.copytree(fresh, OUTPUT)
        print(
            f"wrote {OUTPUT.relative_to(ROOT)} ({len(stale)} files changed)"
            + (f" and {', '.join(stale_specs)}" if stale_specs else "")
        )


if __name__ == "__main__":
    main()
