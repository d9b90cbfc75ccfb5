"""Endpoint functions of the ``sender_verification`` tag."""
