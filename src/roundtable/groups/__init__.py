"""Breakout groups: the `roundtable groups` command around the engine in domain/groups."""
