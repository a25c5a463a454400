"""Reading a binding-indicator CSV: header and encoding here, each row checked by the domain.

Columns: district (id or name), year, indicator (pm25, good_air_days, water_class_i_iii,
black_odorous), target, measured; either value may be blank to keep what is recorded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from core.campaign.indicators import IndicatorValue, RowError, check_rows
from core.domain.errors import InvalidInput
from core.domain.orgunits import OrgTree

COLUMNS = ("district", "year", "indicator", "target", "measured")
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class IndicatorImport:
    values: list[IndicatorValue]
    errors: list[RowError]


def read_indicator_csv(data: bytes, tree: OrgTree) -> IndicatorImport:
    """Check a whole file; InvalidInput when it cannot be read at all (encoding, header, size)."""
    if len(data) > MAX_BYTES:
        raise InvalidInput("the file is larger than %(mb)s MB", mb=MAX_BYTES // 1_000_000)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text; save it as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise InvalidInput(
            "the header lacks %(missing)s; it needs %(columns)s",
            missing=", ".join(missing),
            columns=", ".join(COLUMNS),
        )
    reader.fieldnames = header
    rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    if not rows:
        raise InvalidInput("the file has a header but no rows")
    values, errors = check_rows(rows, tree)
    return IndicatorImport(values, errors)
