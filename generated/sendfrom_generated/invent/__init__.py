"""A client library for accessing Invent API (email identities, email domains, contacts)"""

from .client import Client

__all__ = ("Client",)
