"""The mappers build exactly the object keyword construction would, on every recorded MailerSend
identity and domain, and keep the provider's JSON itself (not a copy) as ``raw``."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from providers.mailersend.facts import INDEX as MAILERSEND_INDEX
from sendfrom.models import SenderIdentity
from sendfrom.providers.mailersend import mappers as mailersend
from sendfrom_generated.mailersend import readers
from speclib import load_payload

READERS = {"identity": TypeAdapter(readers.Identity), "domain": TypeAdapter(readers.Domain)}


def _objects(entry: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(kind, what the reader validated, raw) of each identity or domain in a recorded 2xx body."""
    payload = load_payload("mailersend", entry["file"])
    data = payload.get("data") if isinstance(payload, dict) else None
    items = data if isinstance(data, list) else [data]
    found = []
    for raw in items:
        if not isinstance(raw, dict):
            continue
        for kind, reader in READERS.items():
            try:
                found.append((kind, reader.validate_python(raw), raw))
            except ValidationError:
                continue
            break
    return found


MAPPED = [
    pytest.param(kind, wire, raw, id=entry["file"])
    for entry in MAILERSEND_INDEX
    if entry["file"] and int(entry["status"]) < 300
    for kind, wire, raw in _objects(entry)
]


def validated_twin(obj: BaseModel) -> BaseModel:
    """``obj`` built again the ordinary way, from the fields it was given."""
    values = {name: getattr(obj, name) for name in obj.model_fields_set}
    if isinstance(obj, SenderIdentity) and obj.domain is not None:
        values["domain"] = obj.domain.model_dump()  # validated again too
    return type(obj)(**values)


def assert_same(obj: BaseModel, twin: BaseModel) -> None:
    assert type(obj) is type(twin)
    assert list(vars(obj)) == list(vars(twin))  # the same fields, in the same order
    for name, value in vars(twin).items():
        assert type(vars(obj)[name]) is type(value), name  # e.g. a VerificationStatus, not a str
        assert vars(obj)[name] == value, name
    assert obj.model_fields_set == twin.model_fields_set
    assert obj.__pydantic_extra__ == twin.__pydantic_extra__
    assert obj.__pydantic_private__ == twin.__pydantic_private__
    assert obj.model_dump_json() == twin.model_dump_json()
    assert repr(obj) == repr(twin)
    assert obj == twin


def test_mailersend_payloads_were_found() -> None:
    kinds = {param.values[0] for param in MAPPED}
    assert kinds == {"identity", "domain"}


@pytest.mark.parametrize(("kind", "wire", "raw"), MAPPED)
def test_mapped_objects_are_what_validation_makes(kind: str, wire: Any, raw: Any) -> None:
    if kind == "identity":
        obj: BaseModel = mailersend.identity_from_wire(wire, raw)
    else:
        obj = mailersend.domain_from_wire(wire, raw)
    assert_same(obj, validated_twin(obj))
    assert obj.raw is raw  # type: ignore[attr-defined]  # the very dict received, no copy


def test_raw_stays_on_the_object_and_out_of_dumps() -> None:
    """``model_dump()`` would otherwise lead with the provider's whole payload."""
    kind, wire, raw = MAPPED[0].values
    obj = (mailersend.identity_from_wire if kind == "identity" else mailersend.domain_from_wire)(
        wire, raw
    )
    assert "raw" not in obj.model_dump()
    assert '"raw"' not in obj.model_dump_json()
    assert obj.raw is raw
