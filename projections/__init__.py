"""Read models: SQLAlchemy tables filled from the event log, and the queries the web uses."""
