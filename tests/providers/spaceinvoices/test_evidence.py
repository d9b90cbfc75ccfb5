"""Space Invoices' evidence beyond the shared checks of tests/conformance/test_specs.py."""

from __future__ import annotations

from typing import Any

import pytest

from providers.spaceinvoices.facts import SI
from speclib import find_operation, response_pointer, validation_errors
from test_specs import success_status

# Space Invoices' seed page (specs/evidence/seeds/003_*) shows these bodies inline, with no file of
# their own.
SPACEINVOICES_SEED_BODIES = [
    (
        "GET",
        "/email-address/status",
        {"emailVerificationStatus": "s", "domainVerificationStatus": "s"},
    ),
    ("DELETE", "/email-address", {"count": 1}),
    ("POST", "/email-address/resend-verification", {"success": True}),
    (
        "GET",
        "/organizations/o1/email-address/status",
        {"emailVerificationStatus": "s", "domainVerificationStatus": "s"},
    ),
    ("DELETE", "/organizations/o1/email-address", {"count": 1}),
    ("POST", "/organizations/o1/email-address/resend-verification", {"success": True}),
]


@pytest.mark.parametrize(("method", "path", "body"), SPACEINVOICES_SEED_BODIES)
def test_spaceinvoices_seed_bodies_match_spec(method: str, path: str, body: Any) -> None:
    url = SI + path
    op = find_operation("spaceinvoices", method, url)
    pointer = response_pointer(op, success_status("spaceinvoices", method, url))
    assert pointer is not None
    assert validation_errors("spaceinvoices", pointer, body) == []
