"""The allocation run (排考): the open requests up to a day, ranked by the regulation's priority time,
fill the sessions in date order; seats are claimed and booking codes drawn n at a time, so thousands
of requests take about a second. The direct booking in exam_bookings.py uses the same two helpers
with n = 1.

A seat is claimed with one conditional statement (UPDATE … SET booked = booked + n WHERE booked + n <=
capacity RETURNING issued), so two PCs allocating or booking at once can never overfill a session."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.vehicle_rules import Refusal
from desktop.services import audit
from desktop.services.base import Actor, hall_date
from desktop.services.exam_candidates import CandidateRow, facts_for
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamRequest, ExamSession, ExamSite
from desktop.store.models import Person

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 预约码: no 0/O, 1/I
CODE_LENGTH = 8
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AllocationLine:
    request_id: int
    application_no: str
    name_masked: str
    subject: str
    session_label: str  # "" when not booked
    reason: str  # why not booked ("" when booked)
    reason_en: str = ""  # the same in English


@dataclass
class AllocationReport:
    until: date
    booked: list[AllocationLine] = field(default_factory=list)
    not_booked: list[AllocationLine] = field(default_factory=list)
    expired: int = 0  # requests whose dates have passed, closed by this run


def first_refusal(outcome) -> Refusal | None:
    return outcome.refusals[0] if outcome.refusals else None


def claim_seats(conn, session_id: int, n: int) -> int | None:
    """Take n seats at once; the first seat's order number, None when fewer than n are free."""
    issued = conn.execute(update(ExamSession.__table__).where(
        ExamSession.id == session_id, ExamSession.booked + n <= ExamSession.capacity)
        .values(booked=ExamSession.booked + n, issued=ExamSession.issued + n)
        .returning(ExamSession.issued)).scalar_one_or_none()
    return None if issued is None else issued - n + 1


def fresh_codes(conn, hall_code: str, n: int) -> list[str]:
    """n booking codes (预约码) no booking of the hall has yet."""
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


def allocate_in(session: Session, actor: Actor, until: date, now: datetime, policy: exam_rules.ExamPolicy,
                tick: Progress) -> tuple[AllocationReport, int]:
    """The run in the caller's transaction: the report (unsorted) and the progress total, so the
    caller says "done" once it has committed."""
    today = hall_date(now)
    report = AllocationReport(until)
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
            verdicts[key] = first_refusal(exam_rules.check_eligibility(
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
    codes = fresh_codes(conn, actor.hall_code, len(result.assigned))
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
                                                r.subject, "", why.zh, why.en))
    if decided:
        t = ExamRequest.__table__
        conn.execute(update(t).where(t.c.id == bindparam("rid")).values(
            state=bindparam("state"), reason_code=bindparam("code"), reason=bindparam("reason"),
            decided_at=bindparam("at")), decided)
    audit.record(session, actor=actor, at=now, action="exam_allocated", record_type="exam_allocation",
                 record_id=until.isoformat(),
                 detail=f"排上{len(report.booked)} 未排上{len(report.not_booked)} 过期{report.expired}")
    return report, total
