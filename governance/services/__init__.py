"""Writes to the governance registers (see each module's rules)."""
