"""sendfrom: one typed API for sender identities and email domains across email providers."""

__version__ = "0.1.0"
