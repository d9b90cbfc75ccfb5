"""A client library for accessing Twilio SendGrid Domain Authentication and Sender Verification APIs"""

from .client import Client

__all__ = ("Client",)
