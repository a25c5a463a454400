"""Sample problem lists for the demo and the import tests."""
