"""The public read model: redacted cases, public queries, nearby cases, Open311."""
