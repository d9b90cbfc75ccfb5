"""A client library for accessing Postmark Account-level API"""

from .client import Client

__all__ = ("Client",)
