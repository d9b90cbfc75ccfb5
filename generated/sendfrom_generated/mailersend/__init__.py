"""A client library for accessing MailerSend sender identities and domains API"""

from .client import Client

__all__ = ("Client",)
