"""The projection engine: positions and catch-up, projector, locks, registry, schema."""
