"""Ducha's domain and application service: no web framework, no database library."""
