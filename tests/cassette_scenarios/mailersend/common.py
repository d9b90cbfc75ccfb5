"""MailerSend's inputs and the checks of its identities and domains, shared by its scenarios."""

from __future__ import annotations

from typing import Any

from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    PENDING,
    VERIFIED,
    Input,
    same_domain,
    same_identity,
)
from sendfrom import DomainRef, EmailDomain, SenderIdentity

MS = "mailersend"
MS_DOMAIN = Input("65qngkdovk8lwr12", "SENDFROM_RECORD_DOMAIN_ID")
MS_IDENTITY = Input("7nxe3yjmeq28vp0k", "SENDFROM_RECORD_IDENTITY_ID")
MISSING_IDENTITY = Input("test-identity-id")
MISSING_DOMAIN = Input("non-existent-domain-id")
HISTORICAL = "a 2022 recording kept to hold older response shapes; a new recording is domains_*"

DEFAULT_SCOPE[MS] = {}


def ms_identity(identity: SenderIdentity, wire: dict[str, Any]) -> None:
    same_identity(identity, MS, wire)
    assert identity.id == wire["id"]
    assert identity.email == wire["email"]
    assert identity.name == wire["name"]
    assert identity.status == (VERIFIED if wire["is_verified"] else PENDING)
    assert identity.status_raw is None  # MailerSend reports a boolean, not a word
    assert identity.domain == DomainRef(id=wire["domain"]["id"], name=wire["domain"]["name"])
    assert identity.reply_to_email == wire["reply_to_email"]
    assert identity.reply_to_name == wire["reply_to_name"]


def ms_domain(domain: EmailDomain, wire: dict[str, Any]) -> None:
    same_domain(domain, MS, wire)
    assert domain.id == wire["id"]
    assert domain.name == wire["name"]
    assert domain.status == (VERIFIED if wire["is_verified"] else PENDING)
    assert domain.status_raw is None
    assert domain.active is not wire["domain_settings"]["send_paused"]
    for check in ("dkim", "spf", "mx", "tracking"):
        if wire.get(check) is None:
            assert check not in domain.checks, "a check reported as null is left out"
        else:
            assert domain.checks[check] == (VERIFIED if wire[check] else PENDING)
