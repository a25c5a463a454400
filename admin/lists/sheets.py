"""Spreadsheet files as plain text tables: CSV (UTF-8, with or without BOM) and XLSX.

Reading gives a header and the data rows with their spreadsheet row numbers (the header is row
1), every cell as stripped text; writing takes a header and rows of plain values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
#: How a cell that a spreadsheet would run as a formula starts (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SheetError(ValueError):
    """The file cannot be read as a table (wrong format, empty, damaged)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]


def format_of(name: str | Path) -> str:
    """'csv' or 'xlsx' from a file name; SheetError for anything else."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise SheetError(f"use a .csv or .xlsx file, not {Path(name).name!r}")
    return suffix


def cell_text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0', blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def neutralised(value: Any) -> Any:
    """Text a spreadsheet would take for a formula, behind an apostrophe so that it stays text
    (`=HYPERLINK(...)` in a description must not become a link that runs)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def read_table(source: Path | IO[bytes], fmt: str | None = None) -> Table:
    """The header and the non-blank rows of a CSV file or of an XLSX file's first sheet."""
    if fmt is None:
        if not isinstance(source, Path):
            raise SheetError("say whether the file is CSV or XLSX")
        fmt = format_of(source)
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    lines = _xlsx_lines(data) if fmt == "xlsx" else _csv_lines(data)
    rows = [(n, [cell_text(v) for v in line]) for n, line in enumerate(lines, start=1)]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise SheetError("the file is empty")
    (_, header), *body = rows
    width = len(header)
    return Table(header, [(n, (cells + [""] * width)[:width]) for n, cells in body])


def _csv_lines(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel on a Chinese Windows saves as "CSV"
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SheetError("the CSV file is neither UTF-8 nor GB18030 text") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SheetError(f"the CSV file cannot be read: {exc}") from None


def _xlsx_lines(data: bytes) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SheetError(f"the XLSX file cannot be read: {exc}") from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def write_table(
    target: Path | IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str | None = None,
    title: str = "Sheet1",
) -> None:
    """Write a CSV (UTF-8 with BOM, so Excel reads Chinese) or an XLSX file; no text cell
    can start a formula."""
    if fmt is None:
        if not isinstance(target, Path):
            raise SheetError("say whether the file is CSV or XLSX")
        fmt = format_of(target)
    buffer = io.BytesIO()
    if fmt == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([neutralised(cell_text(v)) for v in row] for row in rows)
        buffer.write(text.getvalue().encode("utf-8-sig"))
    else:
        _write_xlsx(buffer, header, rows, title)
    if isinstance(target, Path):
        target.write_bytes(buffer.getvalue())
    else:
        target.write(buffer.getvalue())


def _write_xlsx(
    buffer: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [max(6, len(h) * 2 + 2) for h in header]
    for row in rows:
        values = [neutralised(v.isoformat() if isinstance(v, date) else v) for v in row]
        sheet.append(values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = min(60, max(widths[i], len(str(v or "")) + 2))
    for i, width in enumerate(widths):
        sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width = width
    sheet.freeze_panes = "A2"
    book.save(buffer)
