"""Postmark's test facts and its own tests."""
