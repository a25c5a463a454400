"""Staff accounts and grants: the pages and the `staff` CLI."""
