"""Postmark: the adapter (plans), the mappers (pure) and the simulator (its wire API).

``adapter`` is the only module that sends (through plans); ``mappers`` holds what is read of
each response and how it maps; ``simulator`` serves the wire API for tests and demos.
"""
