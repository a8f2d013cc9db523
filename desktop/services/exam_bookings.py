"""Requests, allocation and bookings (自主排考): a candidate asks for a subject at preferred sites
within dates; the allocation run fills sessions in date order with the eligible requests ranked by
the regulation's priority time; a booking can be cancelled up to the working day before, or moved
to another site (at most three times for small classes). The allocation run is in exam_allocation.py
and the admission tickets (准考证) in exam_tickets.py; the methods here hand over to them.

A seat is claimed with one conditional statement (claim_seats), so two PCs allocating or booking at
once can never overfill a session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.case_documents import hall_closed_days
from desktop.services.documents import DocumentService
from desktop.services.exam_allocation import (AllocationReport, Progress, allocate_in, claim_seats, first_refusal,
                                              fresh_codes)
from desktop.services.exam_candidates import LIVE, ExamCandidateService, booking_in, candidate_facts
from desktop.services.exam_tickets import ExamTicketService, revoke_ticket
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamRequest, ExamSession, ExamSite
from desktop.store.models import HallSetting, Person

MAX_REQUEST_DAYS = 92  # a request's date range, at most about three months [M]
# hall settings that override the policy: key, policy field, lowest and highest accepted value
HALL_POLICY = (("exam.booking_close_days", "booking_close_days", 1, 10),
               ("exam.max_site_changes", "max_site_changes", 0, 10))
HALL_POLICY_KEYS = tuple(k for k, *_ in HALL_POLICY)


@dataclass(frozen=True)
class RequestResult:
    request_id: int
    subject: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class BookingView:
    id: int
    code: str
    candidate_id: int
    subject: str
    session_id: int
    session_label: str
    day: date
    order_no: int
    state: str
    ticket_serial: str


def _session_label(s: ExamSession, site: ExamSite) -> str:
    return f"{s.day:%Y-%m-%d} {exam_rules.HALVES[s.half]} {licensing.SUBJECT_NAMES[s.subject]} {site.name}"


def release_seat(session: Session, session_id: int) -> None:
    session.execute(update(ExamSession).where(ExamSession.id == session_id, ExamSession.booked > 0)
                    .values(booked=ExamSession.booked - 1))


class ExamBookingService(Service):
    def __init__(self, session_factory, documents: DocumentService, clock: Clock = utc_now,
                 policy: exam_rules.ExamPolicy = exam_rules.DEFAULT_EXAM_POLICY) -> None:
        super().__init__(session_factory, clock)
        self._tickets = ExamTicketService(session_factory, documents, clock)
        self.policy = policy

    def policy_for(self, session: Session, hall_code: str) -> exam_rules.ExamPolicy:
        """The policy with the hall's own numbers: `exam.booking_close_days` (local practice: 5,
        extendable to 3) and `exam.max_site_changes`."""
        rows = dict(session.execute(select(HallSetting.key, HallSetting.value).where(
            HallSetting.hall_code == hall_code, HallSetting.key.in_(HALL_POLICY_KEYS))).all())
        changes = {}
        for key, field_name, low, high in HALL_POLICY:
            text = (rows.get(key) or "").strip()
            if text.isdigit() and low <= int(text) <= high:
                changes[field_name] = int(text)
        return replace(self.policy, **changes) if changes else self.policy

    # -- requests ----------------------------------------------------------------------------------

    def request(self, actor: Actor, candidate_id: int, subject: str, first_day: date, last_day: date,
                sites: tuple[str, ...] = (), channel: str = "window") -> RequestResult:
        """A candidate asks for a subject within dates (at preferred sites, or any). Eligibility is
        checked now and again at allocation."""
        require(actor, "exam.request")
        if subject not in exam_rules.SUBJECTS:
            raise ValidationError("subject", "subject_unknown", f"没有“{subject}”这个考试科目",
                                  f"There is no exam subject {subject!r}")
        if first_day > last_day:
            raise ValidationError("last_day", "dates_reversed", "结束日期不能早于开始日期",
                                  "The last day cannot be before the first day")
        if (last_day - first_day).days > MAX_REQUEST_DAYS:
            raise ValidationError("last_day", "dates_too_long", f"预约日期范围不能超过{MAX_REQUEST_DAYS}天",
                                  f"A request spans at most {MAX_REQUEST_DAYS} days")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            cand = ExamCandidateService.candidate_in(session, actor, candidate_id, lock=True)
            site_codes = tuple(dict.fromkeys(s.strip().upper() for s in sites if s.strip()))
            if site_codes:
                known = set(session.execute(select(ExamSite.code).where(
                    ExamSite.hall_code == actor.hall_code, ExamSite.code.in_(site_codes),
                    ExamSite.active.is_(True))).scalars())
                unknown = [c for c in site_codes if c not in known]
                if unknown:
                    raise ValidationError("sites", "site_unknown", f"没有考场“{unknown[0]}”",
                                          f"No exam site {unknown[0]!r}")
            if session.execute(select(ExamRequest.id).where(ExamRequest.candidate_id == cand.id,
                                                            ExamRequest.subject == subject,
                                                            ExamRequest.state == "open")).first():
                raise RefusedError("request_open", f"该考生已有待排考的{licensing.SUBJECT_NAMES[subject]}申请",
                                   f"The candidate already has an open request for subject {subject}")
            facts = candidate_facts(session, cand)
            day = max(first_day, today + timedelta(days=policy.booking_close_days),
                      exam_rules.earliest_day(facts, subject, policy) or first_day)
            refusal = first_refusal(exam_rules.check_eligibility(facts, subject, min(day, last_day), today,
                                                                  policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            req = ExamRequest(hall_code=actor.hall_code, candidate_id=cand.id, subject=subject,
                              sites=" ".join(site_codes), first_day=first_day, last_day=last_day,
                              channel=channel, state="open", created_at=now)
            session.add(req)
            session.flush()
            audit.record(session, actor=actor, at=now, action="exam_requested", record_type="exam_request",
                         record_id=req.id, detail=f"{cand.application_no} {subject} {first_day}..{last_day}")
            return RequestResult(req.id, subject, first_day, last_day)

    def withdraw(self, actor: Actor, request_id: int) -> None:
        require(actor, "exam.request")
        with self._sessions() as session, session.begin():
            req = session.get(ExamRequest, request_id, with_for_update=True)
            if req is None or req.hall_code != actor.hall_code:
                raise NotFoundError("request_unknown", "没有该考试申请", "No such exam request")
            if req.state != "open":
                raise RefusedError("request_not_open", "该申请已处理，不能撤回", "The request is no longer open")
            req.state, req.decided_at = "withdrawn", self._clock()
            audit.record(session, actor=actor, at=req.decided_at, action="exam_request_withdrawn",
                         record_type="exam_request", record_id=req.id)

    def open_requests(self, actor: Actor, limit: int = 500) -> list[tuple]:
        """Open requests: (id, application no, masked name, class, subject, first, last, sites, last reason,
        its code)."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(
                select(ExamRequest, ExamCandidate.application_no, ExamCandidate.cls, Person.name)
                .join(ExamCandidate, ExamCandidate.id == ExamRequest.candidate_id)
                .join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamRequest.hall_code == actor.hall_code, ExamRequest.state == "open")
                .order_by(ExamRequest.first_day, ExamRequest.id).limit(limit)).all()
            return [(r.id, app, masking.mask_name(name), cls, r.subject, r.first_day, r.last_day, r.sites, r.reason,
                     r.reason_code)
                    for r, app, cls, name in rows]

    # -- allocation (exam_allocation.py) ----------------------------------------------------------

    def allocate(self, actor: Actor, until: date, progress: Progress | None = None) -> AllocationReport:
        """排考: fill the sessions up to `until` with the open requests, ranked by priority time.
        Re-running it changes nothing: booked requests are no longer open, and the rest are refused
        again for the same reason. Reads in bulk and writes with executemany: thousands of requests
        take about a second."""
        require(actor, "exam.plan")
        now = self._clock()
        tick = progress or (lambda done, total: None)
        with self._sessions() as session, session.begin():
            report, total = allocate_in(session, actor, until, now, self.policy_for(session, actor.hall_code), tick)
        tick(total, total)
        report.booked.sort(key=lambda line: (line.session_label, line.request_id))
        report.not_booked.sort(key=lambda line: line.request_id)
        return report

    # -- direct booking (the window, the kiosk) ---------------------------------------------------

    def eligible_sessions(self, actor: Actor, candidate_id: int, subject: str, until: date | None = None
                          ) -> list[BookingView | tuple]:
        """Sessions the candidate may book now: (session id, label, free seats), earliest first."""
        require(actor, "exam.view")
        today = hall_date(self._clock())
        until = until or today + timedelta(days=60)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            cand = ExamCandidateService.candidate_in(session, actor, candidate_id)
            if cand.state != "active":
                return []
            facts = candidate_facts(session, cand)
            rows = session.execute(
                select(ExamSession, ExamSite).join(ExamSite, ExamSite.id == ExamSession.site_id)
                .where(ExamSession.hall_code == actor.hall_code, ExamSession.subject == subject,
                       ExamSession.day > today, ExamSession.day <= until, ExamSession.booked < ExamSession.capacity)
                .order_by(ExamSession.day, ExamSession.half, ExamSite.code)).all()
            out = []
            for s, site in rows:
                if cand.cls not in s.classes.split():
                    continue
                if exam_rules.check_eligibility(facts, subject, s.day, today, policy).refusals:
                    continue
                out.append((s.id, _session_label(s, site), s.capacity - s.booked))
            return out

    def book(self, actor: Actor, candidate_id: int, session_id: int, channel: str = "window") -> BookingView:
        """Book one seat in a chosen session (科目一 self-booking at the kiosk, or at the window)."""
        require(actor, "exam.request")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            cand = ExamCandidateService.candidate_in(session, actor, candidate_id, lock=True)
            s = session.get(ExamSession, session_id)
            if s is None or s.hall_code != actor.hall_code:
                raise NotFoundError("session_unknown", "没有该考试场次", "No such exam session")
            if cand.state != "active":
                raise RefusedError("candidate_closed", "该考试申请已结束或成绩作废，不能预约",
                                   "The application is closed or void: no booking")
            if cand.cls not in s.classes.split():
                raise RefusedError("session_class", f"该场次不考{cand.cls}", f"This session does not examine {cand.cls}")
            refusal = first_refusal(exam_rules.check_eligibility(candidate_facts(session, cand), s.subject, s.day,
                                                                  today, policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            order_no = claim_seats(session.connection(), s.id, 1)
            if order_no is None:
                raise RefusedError("session_full", "该场次已约满，请选择其他场次", "The session is full: choose another")
            booking = ExamBooking(hall_code=actor.hall_code, candidate_id=cand.id, session_id=s.id, subject=s.subject,
                                  code=fresh_codes(session.connection(), actor.hall_code, 1)[0], order_no=order_no,
                                  ticket_serial="", state="booked", channel=channel, booked_at=now, checked_in_by="",
                                  result_by="")
            session.add(booking)
            session.execute(update(ExamRequest).where(ExamRequest.candidate_id == cand.id,
                                                      ExamRequest.subject == s.subject, ExamRequest.state == "open")
                            .values(state="withdrawn", reason="已直接预约", decided_at=now))
            session.flush()
            audit.record(session, actor=actor, at=now, action="exam_booked", record_type="exam_booking",
                         record_id=booking.code, detail=f"{cand.application_no} session {s.id} {channel}")
            return self._view(session, booking)

    # -- changes -----------------------------------------------------------------------------------

    def cancel(self, actor: Actor, booking_id: int, reason: str = "") -> BookingView:
        """取消预约: up to the working day before the exam; the seat is freed and the ticket revoked."""
        require(actor, "exam.request")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            booking = booking_in(session, actor, booking_id)
            if booking.state != "booked":
                raise RefusedError("booking_not_live", "该预约已签到、已考试或已取消，不能取消",
                                   "The booking is checked in, sat or already cancelled")
            s = session.get(ExamSession, booking.session_id)
            refusal = first_refusal(exam_rules.check_cancel(s.day, today, hall_closed_days(session, actor.hall_code),
                                                             policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            booking.state, booking.cancelled_at = "cancelled", now
            release_seat(session, s.id)
            revoke_ticket(session, booking, "预约已取消")
            audit.record(session, actor=actor, at=now, action="exam_cancelled", record_type="exam_booking",
                         record_id=booking.code, detail=(reason or "")[:200])
            return self._view(session, booking)

    def change_site(self, actor: Actor, booking_id: int, new_session_id: int) -> BookingView:
        """改约考场: move a live booking to another session of the same subject (a new ticket)."""
        require(actor, "exam.request")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            booking = booking_in(session, actor, booking_id)
            if booking.state != "booked":
                raise RefusedError("booking_not_live", "该预约已签到、已考试或已取消，不能改约",
                                   "The booking is checked in, sat or cancelled: it cannot be moved")
            cand = session.get(ExamCandidate, booking.candidate_id, with_for_update=True)
            old = session.get(ExamSession, booking.session_id)
            new = session.get(ExamSession, new_session_id)
            if new is None or new.hall_code != actor.hall_code or new.subject != booking.subject:
                raise NotFoundError("session_unknown", "没有该科目的这个考试场次", "No such session of this subject")
            if new.id == old.id:
                raise ValidationError("session", "same_session", "新场次与原场次相同", "That is the same session")
            refusal = first_refusal(exam_rules.check_cancel(old.day, today, hall_closed_days(session, actor.hall_code),
                                                             policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            site_move = new.site_id != old.site_id
            if site_move:
                refusal = first_refusal(exam_rules.check_site_change(cand.cls, cand.site_changes, policy))
                if refusal is not None:
                    raise RefusedError(refusal.code, refusal.zh, refusal.en)
            if cand.cls not in new.classes.split():
                raise RefusedError("session_class", f"该场次不考{cand.cls}", f"This session does not examine {cand.cls}")
            facts = candidate_facts(session, cand)
            facts = replace(facts, booked=tuple(b for b in facts.booked if b != (booking.subject, old.day)))
            refusal = first_refusal(exam_rules.check_eligibility(facts, new.subject, new.day, today, policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            order_no = claim_seats(session.connection(), new.id, 1)
            if order_no is None:
                raise RefusedError("session_full", "该场次已约满，请选择其他场次", "The session is full: choose another")
            release_seat(session, old.id)
            booking.state, booking.cancelled_at = "cancelled", now
            revoke_ticket(session, booking, "已改约")
            moved = ExamBooking(hall_code=actor.hall_code, candidate_id=cand.id, session_id=new.id,
                                request_id=booking.request_id, subject=booking.subject,
                                code=fresh_codes(session.connection(), actor.hall_code, 1)[0], order_no=order_no,
                                ticket_serial="", state="booked", channel="change", booked_at=now, checked_in_by="",
                                result_by="")
            session.add(moved)
            if site_move:
                cand.site_changes += 1
            session.flush()
            audit.record(session, actor=actor, at=now, action="exam_changed", record_type="exam_booking",
                         record_id=moved.code, detail=f"{booking.code} → session {new.id}")
            return self._view(session, moved)

    # -- reading -----------------------------------------------------------------------------------

    def bookings(self, actor: Actor, candidate_id: int) -> list[BookingView]:
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(select(ExamBooking).where(ExamBooking.hall_code == actor.hall_code,
                                                             ExamBooking.candidate_id == candidate_id)
                                   .order_by(ExamBooking.id)).scalars().all()
            return [self._view(session, b) for b in rows]

    def by_code(self, actor: Actor, id_number: str, code: str) -> BookingView:
        """The kiosk's reprint look-up: ID number plus 预约码, both must match a live booking."""
        require(actor, "exam.view")
        from desktop.domain import identifiers

        with self._sessions() as session, session.begin():
            row = session.execute(
                select(ExamBooking).join(ExamCandidate, ExamCandidate.id == ExamBooking.candidate_id)
                .join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamBooking.hall_code == actor.hall_code, ExamBooking.code == (code or "").strip().upper(),
                       Person.id_number == identifiers.normalize(id_number or ""),
                       ExamBooking.state.in_(LIVE))).scalar_one_or_none()
            if row is None:
                raise NotFoundError("booking_not_matched", "身份证号与预约码不匹配，或该预约已取消",
                                    "The ID number and booking code do not match, or the booking was cancelled")
            return self._view(session, row)

    # -- admission tickets (exam_tickets.py) -------------------------------------------------------

    def ticket(self, actor: Actor, booking_id: int) -> bytes:
        """The admission ticket PDF; registered and signed the first time, the same serial after."""
        return self._tickets.ticket(actor, booking_id)

    def session_tickets(self, actor: Actor, session_id: int) -> bytes:
        """All live tickets of a session in one PDF, in seat order."""
        return self._tickets.session_tickets(actor, session_id)

    def day_tickets(self, actor: Actor, day: date, site_code: str) -> bytes:
        """All live tickets of a day at a site in one PDF, session after session, seat order in each."""
        return self._tickets.day_tickets(actor, day, site_code)

    @staticmethod
    def _view(session: Session, b: ExamBooking) -> BookingView:
        s = session.get(ExamSession, b.session_id)
        site = session.get(ExamSite, s.site_id)
        return BookingView(b.id, b.code, b.candidate_id, b.subject, s.id, _session_label(s, site), s.day, b.order_no,
                           b.state, b.ticket_serial)
