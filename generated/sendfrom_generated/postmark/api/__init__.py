"""Endpoint functions, one module per operation, grouped by tag."""
