"""The read side's engines keep statement parameters (complainants' names, addresses, reports'
texts) out of every error message, so none reaches a log. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from flask import Flask

from ops.web import json_formatter
from stores.contacts import contacts_table
from tests.browsing import Browser
from tests.portal.conftest import report_data

NAME, PHONE, ADDRESS = "欧阳秀英", "13987654321", "203.0.113.77"


@pytest.fixture
def every_log_line() -> Iterator[io.StringIO]:
    """What every logger wrote, as the JSON lines a gunicorn worker would print."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


def test_a_failed_insert_logs_no_complainant_data(web: Flask, every_log_line: io.StringIO) -> None:
    contacts_table.drop(web.extensions["ducha"].engine)  # the insert of the contact fails
    client = web.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    response = Browser(client).submit("/report", report_data(name=NAME, phone=PHONE))
    assert response.status_code == 500
    logged = every_log_line.getvalue()
    assert "Exception on /report" in logged and "complainant_contacts" in logged
    for planted in (NAME, PHONE, ADDRESS):
        assert planted not in logged and planted.encode("unicode_escape").decode() not in logged
