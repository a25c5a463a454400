"""The Case aggregate (问题 / 整改措施): its events, state, commands, statuses and duties."""
