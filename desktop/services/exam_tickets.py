"""Admission tickets (准考证): registered and signed the first time a booking's ticket is printed; a
reprint carries the same serial and QR; a session's live tickets print in one PDF in seat order.
Cancelling or moving a booking revokes its ticket, so the check-in scan refuses it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.documents.admission_ticket import (
    DEFAULT_RULES,
    AdmissionTicketContent,
    render_admission_ticket,
    render_admission_tickets,
)
from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.errors import RefusedError
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, require, utc_now
from desktop.services.documents import DocumentService
from desktop.services.exam_candidates import LIVE, booking_in
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession, ExamSite
from desktop.store.models import Hall, IssuedDocument, Person

HALF_TIMES = {"am": "08:30–11:30", "pm": "14:00–17:00"}  # printed on the ticket [M]


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
            content = self._ticket_content(session, actor, booking)
        return render_admission_ticket(content)

    def session_tickets(self, actor: Actor, session_id: int) -> bytes:
        """All live tickets of a session in one PDF, in seat order."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            bookings = session.execute(select(ExamBooking).where(
                ExamBooking.hall_code == actor.hall_code, ExamBooking.session_id == session_id,
                ExamBooking.state.in_(LIVE)).order_by(ExamBooking.order_no)).scalars().all()
            if not bookings:
                raise RefusedError("session_empty", "该场次没有有效预约", "The session has no live booking")
            contents = [self._ticket_content(session, actor, b) for b in bookings]
        return render_admission_tickets(contents)

    def _ticket_content(self, session: Session, actor: Actor, booking: ExamBooking) -> AdmissionTicketContent:
        s = session.get(ExamSession, booking.session_id)
        site = session.get(ExamSite, s.site_id)
        cand = session.get(ExamCandidate, booking.candidate_id)
        person = session.get(Person, cand.person_id)
        hall = session.get(Hall, booking.hall_code)
        if not booking.ticket_serial:
            ref = self._documents.issue_in(session, actor, "AT", subject=masking.mask_name(person.name),
                                           record_type="exam_booking", record_id=booking.code)
            booking.ticket_serial = ref.serial
            payload, issued_at = ref.payload, ref.issued_at
        else:
            doc = session.execute(select(IssuedDocument).where(IssuedDocument.hall_code == booking.hall_code,
                                                               IssuedDocument.serial == booking.ticket_serial)
                                  ).scalar_one()
            payload = self._documents.payload_for(doc.hall_code, doc.kind, doc.serial, doc.issued_on)
            issued_at = doc.issued_at
        return AdmissionTicketContent(
            office_name=hall.name if hall else booking.hall_code, name=person.name,
            id_masked=masking.mask_id_number(person.id_number), photo_jpeg=person.photo,
            subject_name=licensing.SUBJECT_NAMES[s.subject], cls=cand.cls, site_name=site.name,
            site_address=site.address, session_text=f"{s.day:%Y年%m月%d日} {exam_rules.HALVES[s.half]} "
                                                    f"{HALF_TIMES[s.half]}",
            order_no=f"{booking.order_no:03d}", booking_code=booking.code, application_no=cand.application_no,
            rules=list(DEFAULT_RULES), qr_payload=payload, serial=booking.ticket_serial,
            issued_at=issued_at.astimezone(HALL_ZONE).strftime("%Y-%m-%d %H:%M"))
