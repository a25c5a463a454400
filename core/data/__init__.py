"""Reference data shipped with Ducha (org units, working-day calendar)."""
