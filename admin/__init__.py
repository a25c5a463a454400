"""The officials' and auditors' side: workspace, staff accounts, demo data."""

from __future__ import annotations

from flask import Flask

from admin.demo import demo_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
