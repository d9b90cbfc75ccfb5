"""Tolerant per operation, not per schema (principle 4b): Space Invoices' one address is read as
an identity by ``identities.*`` and as a domain by ``domains.*`` (``specs/reads``: the
``EmailAddressAsIdentity`` reading of ``EmailAddress``). A change in the domain's fields is drift
to the identity operations, logged, and a failure only to the domain operations, which map them;
``strict=True`` fails both."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from sendfrom.testing import simulator

DOMAIN_DRIFT = [{"domainVerificationStatus": 7}, {"tokens": None}, {"tokens": [1, 2]}]
IDENTITY_DRIFT = [{"emailVerificationStatus": 7}, {"emailVerificationStatus": ["Pending"]}]


def _drifted(changes: dict[str, Any], *, strict: bool = False) -> tuple[Any, sendfrom.Client]:
    sim = simulator("spaceinvoices")
    client = sim.connect(strict=strict)
    identity = client.identities.create("hello@demo.example.com")
    (address,) = sim.addresses.values()
    address.update(changes)
    return identity, client


@pytest.mark.parametrize("changes", DOMAIN_DRIFT)
def test_the_identity_operations_read_past_a_change_in_the_domain_fields(
    changes: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    identity, client = _drifted(changes)
    with caplog.at_level(logging.WARNING, logger="sendfrom.drift"):
        assert client.identities.get(identity.id).email == "hello@demo.example.com"
        assert [i.id for i in client.identities.list()] == [identity.id]
    assert any(next(iter(changes)) in r.getMessage() for r in caplog.records), "drift is logged"
    assert identity.domain is not None
    with pytest.raises(sendfrom.ResponseFormatError):
        client.domains.get(identity.domain.id)  # it maps those fields: a failure there


@pytest.mark.parametrize("changes", IDENTITY_DRIFT)
def test_the_domain_operations_read_past_a_change_in_the_identity_fields(
    changes: dict[str, Any],
) -> None:
    identity, client = _drifted(changes)
    assert identity.domain is not None
    assert client.domains.get(identity.domain.id).name == "demo.example.com"
    with pytest.raises(sendfrom.ResponseFormatError):
        client.identities.get(identity.id)  # it maps that field: a failure there


@pytest.mark.parametrize(
    "read",
    [lambda c, i: c.identities.get(i.id), lambda c, i: c.domains.get(i.domain.id)],
    ids=["identities.get", "domains.get"],
)
def test_strict_fails_either_on_any_deviation(read: Callable[[Any, Any], Any]) -> None:
    identity, client = _drifted({"domainVerificationStatus": 7, "emailVerificationStatus": 7},
                                strict=True)  # fmt: skip
    with pytest.raises(sendfrom.ResponseFormatError):
        read(client, identity)
