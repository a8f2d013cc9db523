"""Appointments (预约): imported from the online/phone booking lists, or entered by a clerk.
A booked person who takes a ticket within the check-in window goes first (see tickets.take)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import identifiers
from desktop.domain.errors import ValidationError
from desktop.domain.text import shown
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Service, hall_date, require
from desktop.services.imports import (
    Columns,
    ImportReport,
    Pick,
    RowError,
    import_each,
    read_table,
    record_import,
)
from desktop.store.queue_models import Appointment, TicketCategory

__all__ = ["AppointmentService", "ImportReport", "RowError", "read_table"]  # the last three: from imports

# Accepted column names: ours, the national platform's field names, and Chinese headers.
COLUMNS = {
    "id_number": ("id_number", "sfzmhm", "身份证号", "身份证明号码", "证件号码"),
    "name": ("name", "xm", "姓名"),
    "category": ("category", "类别", "业务类别"),
    "scheduled_at": ("scheduled_at", "time", "预约时间", "yysj"),
    "source": ("source", "来源", "预约渠道"),
}
_COLUMNS = Columns(COLUMNS, {"id_number": "身份证号", "name": "姓名", "category": "业务类别", "scheduled_at": "预约时间",
                             "source": "来源"},
                   {"id_number": "ID number", "name": "name", "category": "category", "scheduled_at": "time",
                    "source": "source"})
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d %H:%M", "%Y-%m-%dT%H:%M")


def _parse_time(text: str) -> datetime:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=HALL_ZONE)
        except ValueError:
            continue
    raise ValidationError("scheduled_at", "time_invalid", "预约时间格式应为 YYYY-MM-DD HH:MM",
                          "The appointment time is YYYY-MM-DD HH:MM")


def _parse(pick: Pick, categories: set[str], today: date) -> tuple[str, str, datetime, str, str]:
    """One booking → (ID number, category, time, name, source); ValidationError names the field."""
    rid = identifiers.validate_resident_id(pick("id_number"), today=today)
    category = pick("category").upper()
    if category not in categories:
        raise ValidationError("category", "category_unknown", f"没有业务类别 {shown(category) or '（空）'}",
                              f"Unknown category {shown(category) or '(empty)'}")
    at = _parse_time(pick("scheduled_at"))
    return rid.number, category, at, pick("name")[:40], pick("source")[:20]


class AppointmentService(Service):
    def book(self, actor: Actor, id_number: str, name: str, category: str, scheduled_at: datetime,
             source: str = "窗口") -> int:
        """The clerk's booking: 1 when booked, 0 when the same booking is already there. A bad one is
        refused with the field's own message and leaves nothing behind (no audit entry either)."""
        require(actor, "appointment.manage")
        row = {"id_number": id_number, "name": name, "category": category,
               "scheduled_at": scheduled_at.astimezone(HALL_ZONE).strftime("%Y-%m-%d %H:%M"), "source": source}
        pick = _COLUMNS.picker(row, _COLUMNS.locate(row))
        now = self._clock()
        with self._sessions() as session, session.begin():
            values = _parse(pick, self._categories(session, actor), hall_date(now))
            added = self._add(session, actor, values, now)
            audit.record(session, actor=actor, at=now, action="appointment_booked", record_type="appointment",
                         record_id="", detail=f"{values[1]} {values[2]:%Y-%m-%d %H:%M} "
                                              f"{'booked' if added else 'already booked'}")
        return int(added)

    def book_text(self, actor: Actor, id_number: str, name: str, category: str, when: str) -> int:
        """The clerk's form: the time as typed (YYYY-MM-DD HH:MM, hall time)."""
        return self.book(actor, id_number, name, category, _parse_time(when or ""))

    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        require(actor, "appointment.manage")
        return self.import_rows(actor, read_table(path))

    def import_rows(self, actor: Actor, rows: list[Mapping]) -> ImportReport:
        require(actor, "appointment.manage")
        report = ImportReport()
        now = self._clock()
        today = hall_date(now)
        headers = _COLUMNS.headers_of(rows)
        with self._sessions() as session, session.begin():
            categories = self._categories(session, actor)
            import_each(session, rows, report, lambda row: _parse(_COLUMNS.picker(row, headers), categories, today),
                        lambda values: self._add(session, actor, values, now), ("预约", "appointment"))
            record_import(session, actor, now, "appointments_imported", "appointment", report)
        return report

    @staticmethod
    def _categories(session: Session, actor: Actor) -> set[str]:
        return set(session.execute(select(TicketCategory.code).where(
            TicketCategory.hall_code == actor.hall_code)).scalars())

    @staticmethod
    def _add(session: Session, actor: Actor, values: tuple[str, str, datetime, str, str], now: datetime) -> bool:
        """False when the same person already has this booking (an import is idempotent)."""
        number, category, at, name, source = values
        exists = session.execute(select(Appointment.id).where(
            Appointment.hall_code == actor.hall_code, Appointment.id_number == number,
            Appointment.scheduled_at == at, Appointment.category == category)).first()
        if exists:
            return False
        session.add(Appointment(hall_code=actor.hall_code, category=category, id_number=number, name=name,
                                scheduled_at=at, source=source or "导入", state="booked", created_at=now))
        return True
