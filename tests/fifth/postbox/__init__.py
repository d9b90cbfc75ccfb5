"""Postbox: the adapter (plans), the mappers (pure) and the simulator (its wire API).

A made-up provider, the worked minimal example of CONTRIBUTING.md: everything sendfrom knows of it
comes from ``tests/fifth/specs/``, this package and the registry line ``PROVIDER`` below.
"""

from sendfrom.providers import Provider

PROVIDER = Provider("postbox", "Postbox", "postbox", "PostboxAdapter", "PostboxSimulator")
"""Its registry line: for a provider sendfrom ships, this is a line of
``src/sendfrom/providers/__init__.py``; tests/conftest.py ``register``s this one."""
