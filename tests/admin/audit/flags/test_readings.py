"""Monitoring readings from CSV (R9): good rows are taken, each bad row is refused by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select

from admin.audit.rules_cli import import_readings_file
from core.service.application import Ducha
from stores.readings import readings
from tests.helpers import report

ONE_BACKEND = pytest.mark.parametrize("backend", ["sqlite"])


@ONE_BACKEND
def test_each_malformed_row_is_refused_with_its_line(ducha: Ducha, engine: Engine) -> None:
    reference = report(ducha).reference
    text = (
        "case,station,metric,time,value,limit\n"
        f"{reference},断面 1,COD,2026-11-03T08:00:00,18,30\n"
        f"{reference},断面 1,COD,2026-11-03T09:00:00,,30\n"
        f"{reference},断面 1,COD,yesterday,18,30\n"
        "GZ-20990101-0001,断面 1,COD,2026-11-03T08:00:00,18,30\n"
        f"{reference},断面 1,COD,2026-11-03T10:00:00,many,30\n"
        f"{reference},断面 1,COD,2026-11-03T11:00:00,18,0\n"
    )
    result = import_readings_file(ducha, engine, text)
    assert result.imported == 1
    assert result.errors == [
        (3, "missing value"),
        (4, "time 'yesterday' is not an ISO 8601 date and time"),
        (5, "no case GZ-20990101-0001"),
        (6, "value 'many' is not a number"),
        (7, "limit must be above zero"),
    ]
    again = import_readings_file(ducha, engine, text)
    assert (again.imported, again.duplicates) == (0, 1)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(readings)).scalar() == 1


@ONE_BACKEND
def test_a_file_without_the_columns_is_refused_whole(ducha: Ducha, engine: Engine) -> None:
    result = import_readings_file(ducha, engine, "station;value\nA;1\n")
    assert result.imported == 0
    assert result.errors == [(1, "the header lacks case, station, metric, time, value, limit")]


@ONE_BACKEND
def test_the_command_reports_and_exits_non_zero_on_refused_rows(web: Flask, tmp_path: Path) -> None:
    path = tmp_path / "readings.csv"
    path.write_text("case,station,metric,time,value,limit\nXX-1,A,COD,2026-11-03,1,2\n")
    result = web.test_cli_runner().invoke(args=["audit", "import-readings", str(path)])
    assert result.exit_code == 1
    assert "line 2: no case XX-1" in result.output
    assert "0 reading(s) imported, 0 already known, 1 row(s) refused" in result.output
