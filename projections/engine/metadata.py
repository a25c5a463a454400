"""The read models' metadata: every table here is made by create_all and can be dropped and
rebuilt from the event log (`flask --app wsgi projections rebuild`), so none needs a migration."""

from __future__ import annotations

from sqlalchemy import MetaData

read_model_metadata = MetaData()
