"""Endpoint functions of the ``identities`` tag."""
