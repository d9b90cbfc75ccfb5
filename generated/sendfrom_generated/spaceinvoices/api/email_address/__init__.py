"""Endpoint functions of the ``email_address`` tag."""
