"""Endpoint functions of the ``email_domains`` tag."""
