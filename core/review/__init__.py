"""Flag reviews: an auditor's confirmation or dismissal of an integrity flag."""
