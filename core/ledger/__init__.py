"""Tamper evidence: the RFC 6962 tree, proofs, packed levels, and the pure verify."""
