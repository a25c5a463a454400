"""A test client that fills in forms as a browser would: it reads the CSRF token from the page."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Browser:
    """Flask's test client, plus the form's CSRF token on every submission."""

    default_form = "/"

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def token(self, url: str | None = None) -> str:
        page = self.client.get(url or self.default_form).get_data(as_text=True)
        found = _CSRF.search(page)
        assert found, f"no CSRF token on {url or self.default_form}"
        return found.group(1)

    def submit(self, form_url: str, data: dict[str, Any], action: str | None = None) -> Any:
        fields = {"csrf_token": self.token(form_url), **data}
        return self.client.post(action or form_url, data=fields, content_type="multipart/form-data")
