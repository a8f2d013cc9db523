"""Admission tickets (准考证): registered and signed the first time a booking's ticket is printed; a
reprint carries the same serial and QR; a session's live tickets print in one PDF in seat order, and
so do a day's at a site (session after session). Cancelling or moving a booking revokes its ticket,
so the check-in scan refuses it.

A batch is read in bulk — the hall's name and the sessions with their site once, then one joined
query for the bookings, candidates, persons (photos) and the tickets already registered — so a
reprint costs about what the PDF costs (tests/benchmarks/bench_admission_tickets.py). The tickets
printed for the first time are registered together through DocumentService.issue_many_in (each its
own serial, audit entry and signed QR, in three statements for the batch); the serials go onto the
bookings in one executemany."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from desktop.documents.admission_ticket import (
    DEFAULT_RULES,
    AdmissionTicketContent,
    render_admission_ticket,
    render_admission_tickets,
)
from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.errors import NotFoundError, RefusedError
from desktop.domain.text import shown
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, require, utc_now
from desktop.services.documents import DocumentService
from desktop.services.exam_candidates import LIVE, booking_in
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession, ExamSite
from desktop.store.models import Hall, IssuedDocument, Person

HALF_TIMES = {"am": "08:30–11:30", "pm": "14:00–17:00"}  # printed on the ticket [M]
_SET_SERIAL = (update(ExamBooking.__table__).where(ExamBooking.__table__.c.id == bindparam("booking_id"))
               .values(ticket_serial=bindparam("serial")))


def revoke_ticket(session: Session, booking: ExamBooking, reason: str) -> None:
    """Revoke the booking's ticket, if one was printed (the scan then says why it is refused)."""
    if booking.ticket_serial:
        session.execute(update(IssuedDocument).where(IssuedDocument.hall_code == booking.hall_code,
                                                     IssuedDocument.serial == booking.ticket_serial)
                        .values(revoked=True, revoked_reason=reason))


class ExamTicketService(Service):
    def __init__(self, session_factory, documents: DocumentService, clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self._documents = documents

    def ticket(self, actor: Actor, booking_id: int) -> bytes:
        """The admission ticket PDF; registered and signed the first time, the same serial after."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            booking = booking_in(session, actor, booking_id)
            if booking.state not in LIVE:
                raise RefusedError("booking_not_live", "该预约已取消或已考试，不能打印准考证",
                                   "The booking is cancelled or sat: no admission ticket")
            contents = self._contents(session, actor, [ExamSession.id == booking.session_id],
                                      ExamBooking.id == booking.id)
        return render_admission_ticket(contents[0])

    def session_tickets(self, actor: Actor, session_id: int) -> bytes:
        """All live tickets of a session in one PDF, in seat order."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            contents = self._contents(session, actor, [ExamSession.id == session_id])
            if not contents:
                raise RefusedError("session_empty", "该场次没有有效预约", "The session has no live booking")
        return render_admission_tickets(contents)

    def day_tickets(self, actor: Actor, day: date, site_code: str) -> bytes:
        """准考证批量打印（按考场、按日）: all live tickets of a day at a site in one PDF — the morning's
        sessions before the afternoon's, seat order within each."""
        require(actor, "exam.view")
        code = (site_code or "").strip().upper()
        with self._sessions() as session, session.begin():
            site_id = session.execute(select(ExamSite.id).where(ExamSite.hall_code == actor.hall_code,
                                                                ExamSite.code == code)).scalar_one_or_none()
            if site_id is None:
                raise NotFoundError("site_unknown", f"没有考场“{shown(site_code)}”",
                                    f"No exam site {shown(site_code)!r}")
            contents = self._contents(session, actor, [ExamSession.site_id == site_id, ExamSession.day == day])
            if not contents:
                raise RefusedError("day_empty", f"该考场{day:%Y年%m月%d日}没有有效预约",
                                   f"The site has no live booking on {day}")
        return render_admission_tickets(contents)

    def _contents(self, session: Session, actor: Actor, sessions_where: Sequence,
                  *where) -> list[AdmissionTicketContent]:
        """The live tickets of the sessions matching `sessions_where` (and `where` on the bookings), in
        print order: session by session (day, morning first, subject, site), seat order in each. Tickets
        printed for the first time are registered and signed here, in seat order."""
        hall_name = session.execute(select(Hall.name).where(Hall.code == actor.hall_code)).scalar_one_or_none()
        slots = session.execute(select(ExamSession, ExamSite).join(ExamSite, ExamSite.id == ExamSession.site_id)
                                .where(ExamSession.hall_code == actor.hall_code, *sessions_where)).all()
        slots.sort(key=lambda r: (r[0].day, exam_rules.HALF_ORDER[r[0].half], exam_rules.SUBJECTS.index(r[0].subject),
                                  r[1].code, r[0].id))
        place = {s.id: k for k, (s, _) in enumerate(slots)}
        if not place:
            return []
        # The bookings are locked (PostgreSQL; SQLite's write lock is already held) so two PCs printing
        # the same session cannot both register a first ticket for one booking.
        b, c = ExamBooking, ExamCandidate
        locked = (
            select(b.id, b.code, b.session_id, b.order_no, b.ticket_serial, c.cls, c.application_no, Person.name,
                   Person.id_number, Person.photo, IssuedDocument.kind, IssuedDocument.issued_on,
                   IssuedDocument.issued_at)
            .join(c, c.id == b.candidate_id).join(Person, Person.id == c.person_id)
            .outerjoin(IssuedDocument, and_(IssuedDocument.hall_code == b.hall_code,
                                            IssuedDocument.serial == b.ticket_serial))
            .where(b.hall_code == actor.hall_code, b.session_id.in_(list(place)), b.state.in_(LIVE), *where)
            .with_for_update(of=b))
        rows = session.execute(locked).all()
        if any(r.ticket_serial and r.kind is None for r in rows):
            # PostgreSQL, after waiting for another PC's locks: the bookings are re-checked as it left
            # them (now with their serials), the joined register entries are kept as first read (none).
            # Read again, under the locks now held: the entries it registered.
            rows = session.execute(locked).all()
        rows.sort(key=lambda r: (place[r.session_id], r.order_no))
        tickets: dict[int, tuple[str, str | None, str]] = {}  # booking id → serial, QR payload, issue time
        first = [r for r in rows if not r.ticket_serial]  # printed for the first time: registered together
        refs = self._documents.issue_many_in(session, actor, "AT", [
            (masking.mask_name(r.name), "exam_booking", r.code) for r in first])
        for r, ref in zip(first, refs):
            tickets[r.id] = ref.serial, ref.payload, _issue_time(ref.issued_at)
        for r in rows:
            if r.id in tickets:
                continue
            if r.kind is None:
                raise NotFoundError("ticket_unregistered", f"准考证 {r.ticket_serial} 不在文书登记簿中",
                                    f"Admission ticket {r.ticket_serial} is not in the document register")
            else:
                tickets[r.id] = (r.ticket_serial, self._documents.payload_for(actor.hall_code, r.kind, r.ticket_serial,
                                                                              r.issued_on), _issue_time(r.issued_at))
        fresh = [{"booking_id": r.id, "serial": tickets[r.id][0]} for r in rows if not r.ticket_serial]
        if fresh:
            session.connection().execute(_SET_SERIAL, fresh)
        heads = {s.id: (site, f"{s.day:%Y年%m月%d日} {exam_rules.HALVES[s.half]} {HALF_TIMES[s.half]}",
                        licensing.SUBJECT_NAMES[s.subject]) for s, site in slots}
        out = []
        for r in rows:
            site, session_text, subject_name = heads[r.session_id]
            serial, payload, issued_at = tickets[r.id]
            out.append(AdmissionTicketContent(
                office_name=hall_name or actor.hall_code, name=r.name, id_masked=masking.mask_id_number(r.id_number),
                photo_jpeg=r.photo, subject_name=subject_name, cls=r.cls, site_name=site.name,
                site_address=site.address, session_text=session_text, order_no=f"{r.order_no:03d}",
                booking_code=r.code, application_no=r.application_no, rules=list(DEFAULT_RULES),
                qr_payload=payload, serial=serial, issued_at=issued_at))
        return out


def _issue_time(at) -> str:
    return at.astimezone(HALL_ZONE).strftime("%Y-%m-%d %H:%M")
