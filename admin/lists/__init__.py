"""Problem lists: spreadsheet import with preview, case-list export, the `cases` CLI."""
