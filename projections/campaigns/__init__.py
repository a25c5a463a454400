"""Campaign figures read from the case list, timeline and flags; the report."""
