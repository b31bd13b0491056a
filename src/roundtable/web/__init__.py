"""Helpers shared by the web views of every app: the client's address and rate limits."""
