"""Roundtable: a member-engagement workbench for Communities of Practice."""

__version__ = "0.1.0"
