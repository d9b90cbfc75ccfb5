"""Endpoint functions of the ``contacts`` tag."""
