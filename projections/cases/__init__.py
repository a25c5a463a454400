"""The case list (case_rows) and its queries: search, queues, duplicates, statistics."""
