"""What the four register imports share (vehicles, licences, driving-school candidates, appointments):
reading the file (CSV in UTF-8 or GBK, or XLSX) into rows that remember their spreadsheet row, the
columns by any of their accepted headers, dates and numbers as the national exports write them, and
the per-row loop — each row in a savepoint, so a bad one leaves nothing behind and is reported with
its row, its field and a bilingual message.

Row numbers are the spreadsheet's: the header is row 1, and blank lines (CSV) and empty rows (XLSX)
are skipped but still counted, so "row 7" is the row the clerk sees as 7 in Excel."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.domain.errors import ValidationError
from desktop.domain.text import check_text
from desktop.services import audit
from desktop.services.base import Actor

T = TypeVar("T")
Pick = Callable[[str], str]  # our column key → the row's text for it ("" when absent or empty)


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


class SheetRow(dict):
    """A row keyed by header, knowing its row number in the file (header = row 1)."""

    __slots__ = ("number",)

    def __init__(self, number: int, cells: Iterable[tuple[str, str]]) -> None:
        super().__init__(cells)
        self.number = number


# -- reading the file ----------------------------------------------------------------------------------

def read_table(path: Path) -> list[SheetRow]:
    """CSV (UTF-8 or GBK, as the platform exports) or XLSX → rows keyed by header. The header is the
    first row that is not blank. A file that is not a table (not a workbook, a broken CSV, a row with
    more cells than the header) is refused whole, with a message saying why."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_xlsx(path: Path) -> list[SheetRow]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError("file", "xlsx_unreadable", "无法读取该XLSX文件（不是有效的Excel工作簿，请另存为.xlsx或CSV）",
                              "The file is not a valid XLSX workbook (save it as .xlsx or CSV)") from exc
    try:  # a read-only workbook keeps its file open until closed
        # Read-only sheets yield an empty row for each missing one: the position is the row number.
        rows = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    headers: list[str] | None = None
    out = []
    for number, cells in enumerate(rows, start=1):
        if _blank(cells):
            continue
        if headers is None:
            headers = [str(h or "").strip() for h in cells]
            continue
        cells = (*cells, *[None] * (len(headers) - len(cells)))
        out.append(SheetRow(number, ((h, _xlsx_text(v)) for h, v in zip(headers, cells, strict=False))))
    return out


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _read_csv(path: Path) -> list[SheetRow]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("file", "encoding_unknown", "无法识别文件编码（应为UTF-8或GBK）",
                              "Cannot read the file's encoding (expected UTF-8 or GBK)")
    reader = csv.reader(io.StringIO(text, newline=""))
    headers: list[str] | None = None
    out = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # a blank line is a record too ([]): counted
            if _blank(cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            if len(cells) > len(headers):
                raise ValidationError("file", "row_too_long",
                                      f"第{number}行的单元格多于表头（{len(headers)}列），请检查多余的逗号",
                                      f"Row {number} has more cells than the header: check for a stray comma")
            cells += [""] * (len(headers) - len(cells))
            out.append(SheetRow(number, ((h, v.strip()) for h, v in zip(headers, cells, strict=True))))
    except csv.Error as exc:
        line = number + 1
        raise ValidationError("file", "csv_unreadable", f"CSV文件第{line}行无法读取（{str(exc)[:80]}），"
                              "请用UTF-8或GBK编码另存为CSV",
                              f"Row {line} of the CSV cannot be read ({str(exc)[:80]}): save it again as "
                              "UTF-8 or GBK CSV") from exc
    return out


# -- columns and cells ---------------------------------------------------------------------------------

def header_key(text: object) -> str:
    """Headers are compared without case, spaces or full-width forms: "ＨＰＨＭ", "Hphm" and "hphm"."""
    return unicodedata.normalize("NFKC", str(text or "")).lower().replace(" ", "").replace("\u3000", "")


class Columns:
    """Our column keys → the headers accepted for each (the national field names, Chinese, English),
    and the names a message uses for them."""

    def __init__(self, accepted: Mapping[str, tuple[str, ...]], zh: Mapping[str, str] | None = None,
                 en: Mapping[str, str] | None = None) -> None:
        self.accepted = accepted
        self.zh = dict(zh or {})
        self.en = dict(en or {})
        self._rank = {}
        for key, names in accepted.items():
            for rank, name in enumerate(names):
                self._rank.setdefault(header_key(name), (key, rank))

    def locate(self, headers: Iterable[object]) -> dict[str, tuple[str, ...]]:
        """Our key → the file's headers for it, in the order of `accepted` (a header we do not know
        is ignored)."""
        found: dict[str, list[tuple[int, str]]] = {}
        for header in dict.fromkeys(headers):
            hit = self._rank.get(header_key(header))
            if hit is not None:
                found.setdefault(hit[0], []).append((hit[1], header))
        return {key: tuple(h for _, h in sorted(hits, key=lambda p: p[0])) for key, hits in found.items()}

    def headers_of(self, rows: Sequence[Mapping]) -> dict[str, tuple[str, ...]]:
        if rows and isinstance(rows[0], SheetRow):
            return self.locate(rows[0])  # read_table's rows all hold every header of the file
        names: dict[object, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        return self.locate(names)

    def picker(self, row: Mapping, headers: Mapping[str, tuple[str, ...]]) -> Pick:
        """The row's text for a key: the first of its headers with a value, stripped. A cell with a
        control character (NUL …) is the row's error, naming the column."""
        def pick(key: str) -> str:
            for header in headers.get(key, ()):
                value = row.get(header)
                if value is None:
                    continue
                text = (value if isinstance(value, str) else str(value)).strip()
                if text:
                    return check_text(text, key, self.zh.get(key, key), self.en.get(key, key))
            return ""
        return pick


def parse_date(text: str, key: str, zh: str, en: str) -> date | None:
    """YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYYMMDD (a time after it is ignored); None when empty."""
    text = text.strip()[:10].replace("/", "-").replace(".", "-")
    if not text:
        return None
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(key, "date_invalid", f"{zh}日期格式不正确（应为YYYY-MM-DD）",
                              f"{en}: the date is not in YYYY-MM-DD form") from None


def parse_number(text: str, key: str, zh: str, en: str) -> float | None:
    """A number as a spreadsheet writes it ("5", "5.0", "1e3"); None when empty. "inf", "nan" and
    "1e400" (which float() reads as infinite) are not numbers a register holds."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError(key, "number_invalid", f"{zh}应为数字", f"{en} must be a number")
    return value


# -- the loop --------------------------------------------------------------------------------------------

def no_rows(what_zh: str, what_en: str) -> RowError:
    return RowError(1, "file", f"文件中没有{what_zh}数据 / The file holds no {what_en} rows")


def import_each(session: Session, rows: Sequence[Mapping], report: ImportReport, parse: Callable[[Mapping], T],
                save: Callable[[T], bool], what: tuple[str, str]) -> None:
    """Each row: `parse` it (ValidationError names the field), then `save` it in a savepoint (True:
    imported or changed; False: already there, unchanged). A bad row is reported and leaves nothing
    behind; the others go on. A file without a data row is reported as such."""
    if not rows:
        report.errors.append(no_rows(*what))
        return
    for index, row in enumerate(rows):
        number = row.number if isinstance(row, SheetRow) else index + 2  # header = row 1
        try:
            values = parse(row)
            with session.begin_nested():  # a bad row leaves nothing behind
                changed = save(values)
        except ValidationError as exc:
            report.errors.append(RowError(number, exc.field, exc.bilingual()))
            continue
        if changed:
            report.imported += 1
        else:
            report.unchanged += 1


def record_import(session: Session, actor: Actor, at: datetime, action: str, record_type: str,
                  report: ImportReport) -> None:
    """The import's one audit entry, with its counts."""
    audit.record(session, actor=actor, at=at, action=action, record_type=record_type, record_id="",
                 detail=f"imported={report.imported} unchanged={report.unchanged} errors={len(report.errors)}")
