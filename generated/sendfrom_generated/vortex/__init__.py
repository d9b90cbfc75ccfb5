"""A client library for accessing Vortex API (email domains)"""

from .client import Client

__all__ = ("Client",)
