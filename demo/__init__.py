"""The demo city: its units, staff, problem lists, campaign and scripted histories."""

from __future__ import annotations

from flask import Flask

from demo.cli import demo_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
