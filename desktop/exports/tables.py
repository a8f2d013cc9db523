"""Tables as files: XLSX (openpyxl) and CSV (UTF-8 with a BOM, so Excel opens it in Chinese).

Pure writers: rows in, bytes out, no file I/O. Numbers stay numbers and dates stay dates in XLSX
(Decimal becomes a number shown with 0.00); CSV writes dates as ISO text and Decimal as plain text.
A text cell that a spreadsheet would take for a formula (=, +, -, @) is kept as text, so a name
typed at the counter can never run in the office's Excel.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in Excel's units (about one Latin character)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DECIMAL_FORMAT = "0.00"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    """One worksheet. widths and number_formats, when given, go column by column (None in either
    leaves that column to the writer); a number format applies to the column's numbers and dates."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float | None] | None = None
    number_formats: Sequence[str | None] | None = None


def display_width(text: str) -> int:
    """Characters as Excel shows them: CJK (wide) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_title(title: str) -> str:
    """Excel's rule: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "Sheet"


def _looks_like_formula(text: str) -> bool:
    if not text.startswith(_FORMULA_START) or text in ("-", "+"):  # a lone dash is a placeholder
        return False
    try:  # "-12.5" is a number written as text, not a formula
        Decimal(text)
    except ArithmeticError:
        return True
    return False


def _text(value: object) -> str:
    """A value as CSV text: ISO dates, Decimal without an exponent, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        spec = "minutes" if not (value.second or value.microsecond) else "seconds"
        return value.isoformat(sep=" ", timespec=spec)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    return "'" + text if _looks_like_formula(text) else text


def _xlsx_value(value: object) -> tuple[object, str | None]:
    """The value to store and its default number format."""
    if isinstance(value, Decimal):
        return float(value), DECIMAL_FORMAT
    if isinstance(value, datetime):
        # Excel has no time zones: the wall-clock time (the caller passes hall-local times) is kept.
        return value.replace(tzinfo=None), DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value), None
    return value, None


def _shown_width(value: object) -> int:
    if isinstance(value, datetime):
        return len("2026-01-01 00:00")
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((display_width(line) for line in _text(value).split("\n")), default=0)


def _write_sheet(book: Workbook, spec: Sheet) -> None:
    ws = book.create_sheet(sheet_title(spec.title))
    columns = len(spec.headers)
    formats = list(spec.number_formats or [])
    widths = [display_width(str(h)) + 2 for h in spec.headers]  # room for the autofilter button
    ws.append([str(h) for h in spec.headers])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, row in enumerate(spec.rows, start=2):
        if len(row) > columns:
            raise ValueError(f"{spec.title}: row {r - 1} has {len(row)} cells for {columns} headers")
        for c, raw in enumerate(row, start=1):
            value, number_format = _xlsx_value(raw)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # openpyxl would store it as a formula
            override = formats[c - 1] if c <= len(formats) else None
            if override and not isinstance(value, str):
                cell.number_format = override
            elif number_format:
                cell.number_format = number_format
            widths[c - 1] = max(widths[c - 1], _shown_width(value))
    given = list(spec.widths or [])
    for c in range(1, columns + 1):
        chosen = given[c - 1] if c <= len(given) and given[c - 1] is not None else widths[c - 1] + 2
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(MIN_WIDTH, chosen))
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per Sheet, in order: bold filled header row, frozen under it,
    with an autofilter; columns as wide as their content (CJK counted double, capped)."""
    if not sheets:
        raise ValueError("write_xlsx needs at least one sheet")
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "CounterDesk"
    for spec in sheets:
        _write_sheet(book, spec)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, as Excel expects; dates ISO, Decimal as plain text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_text(h) for h in headers])
    writer.writerows([_text(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
