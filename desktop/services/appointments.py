"""Appointments (预约): imported from the online/phone booking lists, or entered by a clerk.
A booked person who takes a ticket within the check-in window goes first (see tickets.take)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.domain import identifiers
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Service, hall_date, require
from desktop.store.queue_models import Appointment, TicketCategory

# Accepted column names: ours, the national platform's field names, and Chinese headers.
COLUMNS = {
    "id_number": ("id_number", "sfzmhm", "身份证号", "身份证明号码", "证件号码"),
    "name": ("name", "xm", "姓名"),
    "category": ("category", "类别", "业务类别"),
    "scheduled_at": ("scheduled_at", "time", "预约时间", "yysj"),
    "source": ("source", "来源", "预约渠道"),
}
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d %H:%M", "%Y-%m-%dT%H:%M")


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


def read_table(path: Path) -> list[dict[str, str]]:
    """CSV (UTF-8 or GBK, as the platform exports) or XLSX → rows keyed by header. A file that is not
    a table (not a workbook, a broken CSV, a row with more cells than the header) is refused whole,
    with a message saying why."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise ValidationError("file", "xlsx_unreadable", "无法读取该XLSX文件（不是有效的Excel工作簿，请另存为.xlsx或CSV）",
                                  "The file is not a valid XLSX workbook (save it as .xlsx or CSV)") from exc
        try:  # a read-only workbook keeps its file open until closed
            rows = list(book.active.iter_rows(values_only=True))
        finally:
            book.close()
        if not rows:
            return []
        headers = [str(h or "").strip() for h in rows[0]]
        return [{h: ("" if v is None else (v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else str(v)))
                 for h, v in zip(headers, r, strict=False)} for r in rows[1:] if any(v is not None for v in r)]
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
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=_EXTRA)
    out = []
    try:
        for row in reader:
            if row.get(_EXTRA):
                raise ValidationError("file", "row_too_long",
                                      f"第{reader.line_num}行的单元格多于表头（{len(reader.fieldnames or [])}列），请检查多余的逗号",
                                      f"Line {reader.line_num} has more cells than the header: check for a stray comma")
            out.append({(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not _EXTRA})
    except csv.Error as exc:
        raise ValidationError("file", "csv_unreadable", f"CSV文件第{reader.line_num}行无法读取（{str(exc)[:80]}），"
                              "请用UTF-8或GBK编码另存为CSV",
                              f"Line {reader.line_num} of the CSV cannot be read ({str(exc)[:80]}): save it again as "
                              "UTF-8 or GBK CSV") from exc
    return out


_EXTRA = object()  # DictReader's key for cells beyond the header


def _pick(row: dict[str, str], key: str) -> str:
    for name in COLUMNS[key]:
        if name in row and row[name]:
            return row[name].strip()
    return ""


def _parse_time(text: str) -> datetime:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=HALL_ZONE)
        except ValueError:
            continue
    raise ValidationError("scheduled_at", "time_invalid", "预约时间格式应为 YYYY-MM-DD HH:MM",
                          "The appointment time is YYYY-MM-DD HH:MM")


class AppointmentService(Service):
    def book(self, actor: Actor, id_number: str, name: str, category: str, scheduled_at: datetime,
             source: str = "窗口") -> int:
        require(actor, "appointment.manage")
        report = self._import(actor, [{"id_number": id_number, "name": name, "category": category,
                                       "scheduled_at": scheduled_at.astimezone(HALL_ZONE).strftime("%Y-%m-%d %H:%M"),
                                       "source": source}])
        if report.errors:
            e = report.errors[0]
            raise ValidationError(e.field, "appointment_invalid", e.message, e.message)
        return report.imported

    def book_text(self, actor: Actor, id_number: str, name: str, category: str, when: str) -> int:
        """The clerk's form: the time as typed (YYYY-MM-DD HH:MM, hall time)."""
        return self.book(actor, id_number, name, category, _parse_time(when or ""))

    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        require(actor, "appointment.manage")
        return self._import(actor, read_table(path))

    def _import(self, actor: Actor, rows: list[dict[str, str]]) -> ImportReport:
        report = ImportReport()
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            categories = set(session.execute(select(TicketCategory.code).where(
                TicketCategory.hall_code == actor.hall_code)).scalars())
            for n, row in enumerate(rows, start=2):  # row 1 is the header
                try:
                    rid = identifiers.validate_resident_id(_pick(row, "id_number"), today=today)
                    category = _pick(row, "category").upper()
                    if category not in categories:
                        raise ValidationError("category", "category_unknown", f"没有业务类别 {category or '（空）'}",
                                              f"Unknown category {category or '(empty)'}")
                    at = _parse_time(_pick(row, "scheduled_at"))
                except ValidationError as exc:
                    report.errors.append(RowError(n, exc.field, exc.bilingual()))
                    continue
                exists = session.execute(select(Appointment.id).where(
                    Appointment.hall_code == actor.hall_code, Appointment.id_number == rid.number,
                    Appointment.scheduled_at == at, Appointment.category == category)).first()
                if exists:
                    report.unchanged += 1
                    continue
                session.add(Appointment(hall_code=actor.hall_code, category=category, id_number=rid.number,
                                        name=_pick(row, "name")[:40], scheduled_at=at,
                                        source=_pick(row, "source")[:20] or "导入", state="booked",
                                        created_at=self._clock()))
                report.imported += 1
            audit.record(session, actor=actor, at=self._clock(), action="appointments_imported",
                         record_type="appointment", record_id="",
                         detail=f"imported={report.imported} unchanged={report.unchanged} errors={len(report.errors)}")
        return report
