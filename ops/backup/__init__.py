"""Backup and move: the export format, the raw writers, the `events` CLI."""
