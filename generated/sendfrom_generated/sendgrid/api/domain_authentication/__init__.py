"""Endpoint functions of the ``domain_authentication`` tag."""
