"""Residents' notifications: the outbox projection and the projector's mail thread."""
