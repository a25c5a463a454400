"""Integrity flags: the projection running the rules, its indexes, queries and scan."""
