"""Endpoint functions of the ``domains`` tag."""
