"""Operations: readiness, metrics and request logs (web), backup and restore."""
