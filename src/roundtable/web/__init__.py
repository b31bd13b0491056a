"""Helpers shared by the web views of every app: the client's address, rate limits, QR codes."""
