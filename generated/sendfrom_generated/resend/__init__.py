"""A client library for accessing Resend"""

from .client import Client

__all__ = ("Client",)
