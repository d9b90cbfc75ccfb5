"""Strict in what it sends: a request body's key the spec does not list is refused before
anything is sent, with the key that was probably meant (``sendfrom._body_keys``), in
``client.call`` (sync and async) and in ``provider_options`` of the unified operations; a schema
the spec leaves open (``additionalProperties``) takes any key. A value an enum of the spec does
not list is refused the same way (the models' enums stay open for reading answers)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from sendfrom import InvalidRequestError
from sendfrom._body_keys import off_enum, unknown_keys
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import simulator
from sendfrom_generated.invent.api.contacts import create_contact


def test_a_misspelt_body_key_is_refused_with_what_was_meant() -> None:
    sim = simulator("invent")
    with sim.connect() as client, pytest.raises(InvalidRequestError) as info:
        client.call(
            create_contact.ENDPOINT, body={"chanel": {"name": "N", "email": "n@example.com"}}
        )
    assert "did you mean 'channel'?" in str(info.value)
    assert list(info.value.fields) == ["chanel"]
    assert sim.requests == []  # nothing was sent


def test_a_nested_key_is_named_by_its_path() -> None:
    sim = simulator("invent")
    body = {"channel": {"nmae": "N", "email": "n@example.com"}}
    with sim.connect() as client, pytest.raises(InvalidRequestError) as info:
        client.call(create_contact.ENDPOINT, body=body)
    assert info.value.fields == {
        "channel.nmae": ["not in the spec's ContactChannelCreateRequest; did you mean 'name'?"]
    }
    assert sim.requests == []


async def test_the_async_client_refuses_it_alike() -> None:
    sim = simulator("invent")
    async with sim.connect_async() as client:
        with pytest.raises(InvalidRequestError, match="did you mean 'channel'"):
            await client.call(create_contact.ENDPOINT, body={"chanel": {}})
    assert sim.requests == []


def test_a_key_with_nothing_close_lists_the_keys_there_are() -> None:
    sim = simulator("invent")
    with sim.connect() as client, pytest.raises(InvalidRequestError) as info:
        client.call(create_contact.ENDPOINT, body={"zzz": 1})
    assert "(it has: channel, segment_ids)" in str(info.value)


def test_the_spec_keys_are_sent() -> None:
    sim = simulator("invent")
    with sim.connect() as client:
        client.call(
            create_contact.ENDPOINT, body={"channel": {"name": "N", "email": "n@example.com"}}
        )
    assert len(sim.requests) == 1


def test_provider_options_of_a_unified_operation_are_held_to_the_spec_too() -> None:
    sim = simulator("mailersend")
    with sim.connect() as client:
        domain = client.domains.create("example.com")
        sent = len(sim.requests)
        with pytest.raises(InvalidRequestError) as info:
            client.domains.update(domain.id, provider_options={"send_pasued": True})
        assert "did you mean 'send_paused'?" in str(info.value)
        assert len(sim.requests) == sent
        client.domains.update(domain.id, provider_options={"send_paused": True})  # the spec's


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    known: int | None = None


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")
    data: _Open | None = None
    items: list[_Open] = []


def test_only_a_schema_the_spec_leaves_open_takes_unknown_keys() -> None:
    body = _Body.model_validate({"data": {"extra": 1}, "items": [{"knwon": 2}]})
    assert unknown_keys(body, frozenset({"_Open"})) == {}
    assert unknown_keys(body, frozenset()) == {
        "data.extra": ["not in the spec's _Open (it has: known)"],
        "items[*].knwon": ["not in the spec's _Open; did you mean 'known'?"],
    }


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_generated_package_says_which_schemas_are_open(provider: str) -> None:
    open_schemas: Any = adapter_class(provider).open_schemas()
    assert isinstance(open_schemas, frozenset)
    assert all(isinstance(name, str) for name in open_schemas)


class _Enum(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str | None = None
    kinds: list[str] = []
    fallback: str = "b"


def test_a_value_outside_its_enum_is_named_with_the_values_it_takes() -> None:
    enums = {"_Enum": {"kind": ["a", "b"], "kinds": ["a", "b"], "fallback": ["a"]}}
    body = _Enum.model_validate({"kind": "c", "kinds": ["a", "z"]})
    assert off_enum(body, enums) == {  # the default of `fallback` is not the caller's: not judged
        "kind": ["'c' is not one of 'a', 'b'"],
        "kinds": ["'z' is not one of 'a', 'b'"],
    }
    assert off_enum(_Enum.model_validate({"kind": "a", "kinds": ["b"]}), enums) == {}


@pytest.mark.parametrize(
    ("options", "where"),
    [({"region": "mars"}, "region"), ({"tls": "always"}, "tls"),
     ({"capabilities": {"sending": "on"}}, "capabilities.sending")],
)  # fmt: skip
def test_a_provider_option_outside_the_specs_enum_is_refused_before_sending(
    options: dict[str, Any], where: str
) -> None:
    sim = simulator("resend")
    with sim.connect() as client, pytest.raises(InvalidRequestError) as info:
        client.domains.create("example.com", provider_options=options)
    assert list(info.value.fields) == [where]
    assert "is not one of" in str(info.value)
    assert sim.requests == []
    client = sim.connect()
    made = client.domains.create("example.com", provider_options={"region": "eu-west-1"})
    assert made.raw["region"] == "eu-west-1"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_generated_package_lists_its_enums(provider: str) -> None:
    import importlib

    enums: Any = importlib.import_module(f"{adapter_class(provider).generated}.spec_info").ENUMS
    assert all(isinstance(v, list) and v for props in enums.values() for v in props.values())
