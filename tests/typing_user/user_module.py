"""A user's module, type-checked by tests/test_typing.py with ``mypy --strict``."""

from __future__ import annotations

import httpx

import sendfrom


def onboard(name: str) -> str | None:
    provider: sendfrom.ProviderName = "mailersend"
    with sendfrom.connect(provider, simulate=True, timeout=httpx.Timeout(10.0)) as client:
        kind: sendfrom.ProviderName = client.provider
        domain = client.domains.ensure(name)
        found: sendfrom.EmailDomain | None = client.domains.find(name)
        try:
            client.domains.create(name)
        except sendfrom.ConflictError as error:
            fields: dict[str, list[str]] = error.fields
            assert fields is not None
        for page in client.domains.pages(page_size=50):
            first: list[sendfrom.EmailDomain] = page
            assert first is not None
        retry = sendfrom.RetryPolicy(max_retries=1)
        assert retry.max_retries == 1
        assert kind
        return found.id if found is not None else domain.id
