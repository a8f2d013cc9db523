"""Requests, allocation and bookings (自主排考): a candidate asks for a subject at preferred sites
within dates; the allocation run fills sessions in date order with the eligible requests ranked by
the regulation's priority time; a booking can be cancelled up to the working day before, or moved
to another site (at most three times for small classes). Admission tickets (准考证) are registered
and signed when first printed; a reprint carries the same serial and QR.

A seat is claimed with one conditional statement (UPDATE … SET booked = booked + 1 WHERE booked <
capacity RETURNING booked), so two PCs allocating or booking at once can never overfill a session."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from desktop.documents.admission_ticket import (
    DEFAULT_RULES,
    AdmissionTicketContent,
    render_admission_ticket,
    render_admission_tickets,
)
from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.vehicle_rules import Refusal
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.case_documents import hall_closed_days
from desktop.services.documents import DocumentService
from desktop.services.exam_candidates import LIVE, CandidateRow, ExamCandidateService, candidate_facts, facts_for
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamRequest, ExamSession, ExamSite
from desktop.store.models import Hall, HallSetting, IssuedDocument, Person

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 预约码: no 0/O, 1/I
CODE_LENGTH = 8
MAX_REQUEST_DAYS = 92  # a request's date range, at most about three months [M]
HALF_TIMES = {"am": "08:30–11:30", "pm": "14:00–17:00"}  # printed on the ticket [M]
Progress = Callable[[int, int], None]
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
class AllocationLine:
    request_id: int
    application_no: str
    name_masked: str
    subject: str
    session_label: str  # "" when not booked
    reason: str  # why not booked ("" when booked)


@dataclass
class AllocationReport:
    until: date
    booked: list[AllocationLine] = field(default_factory=list)
    not_booked: list[AllocationLine] = field(default_factory=list)
    expired: int = 0  # requests whose dates have passed, closed by this run


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


def new_booking_code(session: Session, hall_code: str) -> str:
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.execute(select(ExamBooking.id).where(ExamBooking.hall_code == hall_code,
                                                        ExamBooking.code == code)).first() is None:
            return code
    raise RuntimeError("no free booking code after 20 draws")  # 32^8 codes: never in practice


def claim_seats(conn, session_id: int, n: int) -> int | None:
    """Take n seats at once; the first seat's order number, None when fewer than n are free."""
    issued = conn.execute(update(ExamSession.__table__).where(
        ExamSession.id == session_id, ExamSession.booked + n <= ExamSession.capacity)
        .values(booked=ExamSession.booked + n, issued=ExamSession.issued + n)
        .returning(ExamSession.issued)).scalar_one_or_none()
    return None if issued is None else issued - n + 1


def claim_seat(session: Session, session_id: int) -> int | None:
    """Take one seat; its order number (never one handed out before), None when the session is full."""
    return claim_seats(session.connection(), session_id, 1)


def release_seat(session: Session, session_id: int) -> None:
    session.execute(update(ExamSession).where(ExamSession.id == session_id, ExamSession.booked > 0)
                    .values(booked=ExamSession.booked - 1))


def _first_refusal(outcome) -> Refusal | None:
    return outcome.refusals[0] if outcome.refusals else None


class ExamBookingService(Service):
    def __init__(self, session_factory, documents: DocumentService, clock: Clock = utc_now,
                 policy: exam_rules.ExamPolicy = exam_rules.DEFAULT_EXAM_POLICY) -> None:
        super().__init__(session_factory, clock)
        self._documents = documents
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
            refusal = _first_refusal(exam_rules.check_eligibility(facts, subject, min(day, last_day), today,
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
        """Open requests: (id, application no, masked name, class, subject, first, last, sites, last reason)."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(
                select(ExamRequest, ExamCandidate.application_no, ExamCandidate.cls, Person.name)
                .join(ExamCandidate, ExamCandidate.id == ExamRequest.candidate_id)
                .join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamRequest.hall_code == actor.hall_code, ExamRequest.state == "open")
                .order_by(ExamRequest.first_day, ExamRequest.id).limit(limit)).all()
            return [(r.id, app, masking.mask_name(name), cls, r.subject, r.first_day, r.last_day, r.sites, r.reason)
                    for r, app, cls, name in rows]

    # -- allocation ----------------------------------------------------------------------------------

    def allocate(self, actor: Actor, until: date, progress: Progress | None = None) -> AllocationReport:
        """排考: fill the sessions up to `until` with the open requests, ranked by priority time.
        Re-running it changes nothing: booked requests are no longer open, and the rest are refused
        again for the same reason. Reads in bulk and writes with executemany: thousands of requests
        take about a second."""
        require(actor, "exam.plan")
        now = self._clock()
        today = hall_date(now)
        report = AllocationReport(until)
        tick = progress or (lambda done, total: None)
        with self._sessions() as session, session.begin():
            policy = self.policy_for(session, actor.hall_code)
            conn = session.connection()
            expired = conn.execute(update(ExamRequest.__table__).where(
                ExamRequest.hall_code == actor.hall_code, ExamRequest.state == "open", ExamRequest.last_day <= today)
                .values(state="refused", reason_code="dates_past", reason="申请的考试日期已过", decided_at=now))
            report.expired = expired.rowcount or 0
            c = ExamCandidate
            reqs = conn.execute(
                select(ExamRequest.id, ExamRequest.candidate_id, ExamRequest.subject, ExamRequest.sites,
                       ExamRequest.first_day, ExamRequest.last_day, ExamRequest.reason_code, ExamRequest.reason,
                       c.person_id, c.cls, c.accepted_at, c.permit_from, c.permit_until, c.state, c.locked,
                       c.application_no, Person.name, Person.birth_date)
                .join(c, c.id == ExamRequest.candidate_id).join(Person, Person.id == c.person_id)
                .where(ExamRequest.hall_code == actor.hall_code, ExamRequest.state == "open",
                       ExamRequest.first_day <= until)).all()
            slot_rows = conn.execute(
                select(ExamSession.id, ExamSite.code, ExamSite.name, ExamSession.day, ExamSession.half,
                       ExamSession.subject, ExamSession.classes, ExamSession.capacity, ExamSession.booked)
                .join(ExamSite, ExamSite.id == ExamSession.site_id)
                .where(ExamSession.hall_code == actor.hall_code, ExamSession.day > today, ExamSession.day <= until)
            ).all()
            total = len(reqs) or 1
            tick(0, total)
            cands = {r.candidate_id: CandidateRow(r.candidate_id, r.person_id, r.cls, r.accepted_at, r.permit_from,
                                                  r.permit_until, r.state, r.locked) for r in reqs}
            facts = facts_for(session, cands.values(), {r.person_id: r.birth_date for r in reqs})
            tick(total // 4, total)
            views = [exam_rules.RequestView(
                id=r.id, candidate=r.candidate_id, subject=r.subject, cls=r.cls, sites=tuple(r.sites.split()),
                first_day=r.first_day, last_day=r.last_day,
                rank=exam_rules.rank_key(facts[r.candidate_id], r.subject, f"{r.application_no}:{r.id:09d}"))
                for r in reqs]
            slots = [exam_rules.SlotView(id=r.id, site=r.code, day=r.day, half=r.half, subject=r.subject,
                                         classes=frozenset(r.classes.split()), capacity=r.capacity, booked=r.booked)
                     for r in slot_rows]
            labels = {r.id: f"{r.day:%Y-%m-%d} {exam_rules.HALVES[r.half]} {licensing.SUBJECT_NAMES[r.subject]} "
                            f"{r.name}" for r in slot_rows}
            verdicts: dict[tuple[int, str, date], Refusal | None] = {}

            def eligible(req: exam_rules.RequestView, slot: exam_rules.SlotView) -> Refusal | None:
                if cands[req.candidate].state != "active":
                    return Refusal("candidate_closed", "该考试申请已结束或成绩作废", "The application is closed or void")
                key = (req.candidate, req.subject, slot.day)  # the rules depend on the day, not the site
                if key not in verdicts:
                    verdicts[key] = _first_refusal(exam_rules.check_eligibility(
                        facts[req.candidate], req.subject, slot.day, today, policy))
                return verdicts[key]

            result = exam_rules.allocate(slots, views, eligible)
            tick(total // 2, total)
            rows = {r.id: r for r in reqs}
            ranks = {v.id: v.rank for v in views}
            per_slot: dict[int, list[int]] = {}
            for req_id, slot_id in result.assigned.items():
                per_slot.setdefault(slot_id, []).append(req_id)
            bookings, decided = [], []
            codes = self._fresh_codes(conn, actor.hall_code, len(result.assigned))
            for slot_id in sorted(per_slot):
                req_ids = sorted(per_slot[slot_id], key=lambda i: (ranks[i], i))  # seat order by rank
                first_order = claim_seats(conn, slot_id, len(req_ids))
                if first_order is None:  # another PC took seats meanwhile: these stay open for the next run
                    continue
                for k, req_id in enumerate(req_ids):
                    r = rows[req_id]
                    bookings.append(dict(hall_code=actor.hall_code, candidate_id=r.candidate_id, session_id=slot_id,
                                         request_id=req_id, subject=r.subject, code=codes.pop(),
                                         order_no=first_order + k, ticket_serial="", state="booked",
                                         channel="allocation", booked_at=now, checked_in_by="", result_by=""))
                    decided.append(dict(rid=req_id, state="booked", code="", reason="", at=now))
                    report.booked.append(AllocationLine(req_id, r.application_no, masking.mask_name(r.name),
                                                        r.subject, labels[slot_id], ""))
            if bookings:
                conn.execute(insert(ExamBooking.__table__), bookings)
            tick(total * 3 // 4, total)
            for req_id, why in result.refused.items():
                r = rows[req_id]
                if (r.reason_code, r.reason) != (why.code, why.zh):
                    decided.append(dict(rid=req_id, state="open", code=why.code, reason=why.zh, at=None))
                report.not_booked.append(AllocationLine(req_id, r.application_no, masking.mask_name(r.name),
                                                        r.subject, "", why.zh))
            if decided:
                t = ExamRequest.__table__
                conn.execute(update(t).where(t.c.id == bindparam("rid")).values(
                    state=bindparam("state"), reason_code=bindparam("code"), reason=bindparam("reason"),
                    decided_at=bindparam("at")), decided)
            audit.record(session, actor=actor, at=now, action="exam_allocated", record_type="exam_allocation",
                         record_id=until.isoformat(),
                         detail=f"排上{len(report.booked)} 未排上{len(report.not_booked)} 过期{report.expired}")
        tick(total, total)
        report.booked.sort(key=lambda line: (line.session_label, line.request_id))
        report.not_booked.sort(key=lambda line: line.request_id)
        return report

    @staticmethod
    def _fresh_codes(conn, hall_code: str, n: int) -> list[str]:
        """n booking codes no booking of the hall has yet."""
        out: set[str] = set()
        while len(out) < n:
            batch = {"".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(n - len(out))}
            batch -= out
            for i in range(0, len(batch), 900):
                part = sorted(batch)[i:i + 900]
                batch -= set(conn.execute(select(ExamBooking.code).where(ExamBooking.hall_code == hall_code,
                                                                         ExamBooking.code.in_(part))).scalars())
            out |= batch
        return sorted(out)

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
            refusal = _first_refusal(exam_rules.check_eligibility(candidate_facts(session, cand), s.subject, s.day,
                                                                  today, policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            order_no = claim_seat(session, s.id)
            if order_no is None:
                raise RefusedError("session_full", "该场次已约满，请选择其他场次", "The session is full: choose another")
            booking = ExamBooking(hall_code=actor.hall_code, candidate_id=cand.id, session_id=s.id, subject=s.subject,
                                  code=new_booking_code(session, actor.hall_code), order_no=order_no, ticket_serial="",
                                  state="booked", channel=channel, booked_at=now, checked_in_by="", result_by="")
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
            booking = self._booking(session, actor, booking_id)
            if booking.state != "booked":
                raise RefusedError("booking_not_live", "该预约已签到、已考试或已取消，不能取消",
                                   "The booking is checked in, sat or already cancelled")
            s = session.get(ExamSession, booking.session_id)
            refusal = _first_refusal(exam_rules.check_cancel(s.day, today, hall_closed_days(session, actor.hall_code),
                                                             policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            booking.state, booking.cancelled_at = "cancelled", now
            release_seat(session, s.id)
            self._revoke_ticket(session, booking, "预约已取消")
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
            booking = self._booking(session, actor, booking_id)
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
            refusal = _first_refusal(exam_rules.check_cancel(old.day, today, hall_closed_days(session, actor.hall_code),
                                                             policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            site_move = new.site_id != old.site_id
            if site_move:
                refusal = _first_refusal(exam_rules.check_site_change(cand.cls, cand.site_changes, policy))
                if refusal is not None:
                    raise RefusedError(refusal.code, refusal.zh, refusal.en)
            if cand.cls not in new.classes.split():
                raise RefusedError("session_class", f"该场次不考{cand.cls}", f"This session does not examine {cand.cls}")
            facts = candidate_facts(session, cand)
            facts = exam_rules.CandidateFacts(**{**facts.__dict__, "booked": tuple(
                b for b in facts.booked if b != (booking.subject, old.day))})
            refusal = _first_refusal(exam_rules.check_eligibility(facts, new.subject, new.day, today, policy))
            if refusal is not None:
                raise RefusedError(refusal.code, refusal.zh, refusal.en)
            order_no = claim_seat(session, new.id)
            if order_no is None:
                raise RefusedError("session_full", "该场次已约满，请选择其他场次", "The session is full: choose another")
            release_seat(session, old.id)
            booking.state, booking.cancelled_at = "cancelled", now
            self._revoke_ticket(session, booking, "已改约")
            moved = ExamBooking(hall_code=actor.hall_code, candidate_id=cand.id, session_id=new.id,
                                request_id=booking.request_id, subject=booking.subject,
                                code=new_booking_code(session, actor.hall_code), order_no=order_no, ticket_serial="",
                                state="booked", channel="change", booked_at=now, checked_in_by="", result_by="")
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

    # -- admission tickets ------------------------------------------------------------------------

    def ticket(self, actor: Actor, booking_id: int) -> bytes:
        """The admission ticket PDF; registered and signed the first time, the same serial after."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            booking = self._booking(session, actor, booking_id)
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

    def _revoke_ticket(self, session: Session, booking: ExamBooking, reason: str) -> None:
        if booking.ticket_serial:
            session.execute(update(IssuedDocument).where(IssuedDocument.hall_code == booking.hall_code,
                                                         IssuedDocument.serial == booking.ticket_serial)
                            .values(revoked=True, revoked_reason=reason))

    @staticmethod
    def _booking(session: Session, actor: Actor, booking_id: int) -> ExamBooking:
        booking = session.get(ExamBooking, booking_id, with_for_update=True)
        if booking is None or booking.hall_code != actor.hall_code:
            raise NotFoundError("booking_unknown", "没有该预约", "No such booking")
        return booking

    @staticmethod
    def _view(session: Session, b: ExamBooking) -> BookingView:
        s = session.get(ExamSession, b.session_id)
        site = session.get(ExamSite, s.site_id)
        return BookingView(b.id, b.code, b.candidate_id, b.subject, s.id, _session_label(s, site), s.day, b.order_no,
                           b.state, b.ticket_serial)
