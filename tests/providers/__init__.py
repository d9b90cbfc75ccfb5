"""Each provider's own tests and facts, one folder a provider (see tests/provider_facts.py)."""
