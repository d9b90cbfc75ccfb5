"""A client library for accessing Space Invoices API v1 (email address)"""

from .client import Client

__all__ = ("Client",)
