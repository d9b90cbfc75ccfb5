"""Vortex's own tests, and its facts for the shared suites (facts.py)."""
