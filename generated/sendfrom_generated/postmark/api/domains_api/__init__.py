"""Endpoint functions of the ``domains_api`` tag."""
