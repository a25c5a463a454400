"""The domain model: the Case aggregate, its statuses, roles, org units and deadlines."""
