"""Endpoint functions of the ``api_quota`` tag."""
