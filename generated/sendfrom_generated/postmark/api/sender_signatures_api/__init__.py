"""Endpoint functions of the ``sender_signatures_api`` tag."""
