"""The application service (Ducha): load, command, save; the contact port; observing."""
