"""Candidates (考生): the accepted 初次申领 / 增驾 application an exam booking belongs to; what the
eligibility rules know about one (its sittings, live bookings and cancellations), its history, and
the list of candidates who have passed everything and wait for their licence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import identifiers, licensing, masking
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.licence_terms import DEFAULT_POLICY as LICENCE_POLICY
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Service, hall_date, require
from desktop.store.driver_models import DrivingLicence, ExamResult, LicenceClass
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamRequest, ExamSession, ExamSite
from desktop.store.models import Person

LIVE = ("booked", "checked_in")
# classes that count as "already holding a car licence" for the A/B 科目三 wait (Art.44)
CAR_CLASSES = frozenset({"C1", "C2", "C3", "C4", "C5"})


@dataclass(frozen=True)
class CandidateView:
    id: int
    person_id: int
    name: str
    name_masked: str
    id_masked: str
    cls: str
    application_no: str
    accepted_at: datetime
    school: str
    state: str
    permit_from: date | None
    permit_until: date | None
    passed: tuple[str, ...]
    needed: tuple[str, ...]
    locked: bool
    failed_checks: int

    @property
    def ready(self) -> bool:
        """Every subject the class needs is passed: ready for 初次申领 / 增驾 at the driver window."""
        return self.state == "active" and set(self.needed) <= set(self.passed)

    @property
    def state_text(self) -> str:
        if self.ready:
            return "考试合格待发证"
        return {"active": "考试中", "done": "已发证", "voided": "成绩作废", "expired": "已过期"}.get(self.state, self.state)


@dataclass(frozen=True)
class HistoryRow:
    """One line of a candidate's history: `what` and `detail` in Chinese, and the same as codes and values
    for a screen in another language (`event`: accepted, request, booking, permit)."""

    when: date
    what: str
    detail: str
    event: str = ""
    subject: str = ""
    state: str = ""  # the request's or the booking's state code
    first_day: date | None = None  # a request's days
    last_day: date | None = None
    sites: str = ""  # a request's site codes ("" any)
    reason: str = ""
    reason_code: str = ""
    site: str = ""  # a booking's site name
    half: str = ""
    order_no: int = 0
    score: int | None = None
    retake_score: int | None = None
    passed: bool | None = None
    until: date | None = None  # the 学习驾驶证明's last day
    reference: str = ""  # the application: number, class, school


@dataclass(frozen=True)
class CandidateRow:
    """The columns of a candidate the rules read (an ORM object or a Core row both fit)."""

    id: int
    person_id: int
    cls: str
    accepted_at: datetime
    permit_from: date | None
    permit_until: date | None
    state: str
    locked: bool


def facts_for(session: Session, cands, births: dict[int, date] | None = None,
              chunk: int = 900) -> dict[int, exam_rules.CandidateFacts]:
    """What the eligibility rules need to know about many candidates (candidate id → facts), in a few
    queries: their sittings, live and cancelled bookings, and the classes their persons hold."""
    cands = list(cands)
    ids = [c.id for c in cands]
    persons = sorted({c.person_id for c in cands})
    births = dict(births or {})
    sittings: dict[int, list[exam_rules.Sitting]] = {}
    booked: dict[int, list[tuple[str, date]]] = {}
    cancelled: dict[int, list[datetime]] = {}
    held: dict[int, set[str]] = {}
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        for cid, subject, day, passed, source in session.execute(
                select(ExamResult.candidate_id, ExamResult.subject, ExamResult.exam_date, ExamResult.passed,
                       ExamResult.source).where(ExamResult.candidate_id.in_(part))
                .order_by(ExamResult.exam_date, ExamResult.id)):
            sittings.setdefault(cid, []).append(exam_rules.Sitting(subject, day, bool(passed), source == "no_show"))
        for cid, subject, day, state, at in session.execute(
                select(ExamBooking.candidate_id, ExamBooking.subject, ExamSession.day, ExamBooking.state,
                       ExamBooking.cancelled_at).join(ExamSession, ExamSession.id == ExamBooking.session_id)
                .where(ExamBooking.candidate_id.in_(part), ExamBooking.state.in_(LIVE + ("cancelled",)))):
            if state in LIVE:
                booked.setdefault(cid, []).append((subject, day))
            elif at is not None:
                cancelled.setdefault(cid, []).append(at)
    missing = [p for p in persons if p not in births]
    for i in range(0, len(persons), chunk):
        part = persons[i:i + chunk]
        for pid, cls in session.execute(
                select(DrivingLicence.person_id, LicenceClass.cls)
                .join(LicenceClass, LicenceClass.licence_id == DrivingLicence.id)
                .where(DrivingLicence.person_id.in_(part))):
            held.setdefault(pid, set()).add(cls)
    for i in range(0, len(missing), chunk):
        births.update(session.execute(select(Person.id, Person.birth_date)
                                      .where(Person.id.in_(missing[i:i + chunk]))).all())
    return {c.id: exam_rules.CandidateFacts(
        cls=c.cls, birth_date=births[c.person_id], accepted_at=c.accepted_at, permit_from=c.permit_from,
        permit_until=c.permit_until, holds_car_licence=bool(held.get(c.person_id, set()) & CAR_CLASSES),
        sittings=tuple(sittings.get(c.id, ())), booked=tuple(booked.get(c.id, ())),
        cancellations=tuple(cancelled.get(c.id, ())), voided=c.state == "voided", locked=c.locked,
        subjects=LICENCE_POLICY.subjects_for(c.cls)) for c in cands}


def candidate_facts(session: Session, cand, birth_date: date | None = None) -> exam_rules.CandidateFacts:
    """What the eligibility rules need to know about one candidate, read in the caller's transaction."""
    return facts_for(session, [cand], {cand.person_id: birth_date} if birth_date else None)[cand.id]


def accept_in(session: Session, actor: Actor, person: Person, cls: str, application_no: str, accepted_at: datetime,
              *, now: datetime, source: str = "window", school: str = "") -> ExamCandidate:
    """Record an accepted application as a candidate (one active application per person and class)."""
    if cls not in licensing.CLASSES:
        raise ValidationError("licence_class", "class_unknown", f"没有准驾车型“{cls}”", f"Unknown licence class {cls}")
    active = session.execute(select(ExamCandidate).where(ExamCandidate.person_id == person.id,
                                                         ExamCandidate.cls == cls, ExamCandidate.state == "active")
                             ).scalar_one_or_none()
    if active is not None:
        raise RefusedError("candidate_exists", f"该申请人已有{cls}的考试申请（受理编号{active.application_no}），不能重复受理",
                           f"This applicant already has an exam application for {cls} ({active.application_no})")
    cand = ExamCandidate(hall_code=actor.hall_code, person_id=person.id, cls=cls, application_no=application_no,
                         accepted_at=accepted_at, school=school[:60], source=source, state="active",
                         site_changes=0, failed_checks=0, locked=False, created_by=actor.username)
    if "1" not in LICENCE_POLICY.subjects_for(cls):  # C6 增驾: no 科目一, the 学习驾驶证明 comes at once
        cand.permit_from = hall_date(accepted_at)
        cand.permit_until = exam_rules.permit_until(cand.permit_from, person.birth_date, cls)
    session.add(cand)
    session.flush()
    audit.record(session, actor=actor, at=now, action="exam_candidate_accepted", record_type="exam_candidate", record_id=application_no,
                 detail=f"{cls} {source} {school}".strip())
    return cand


def booking_in(session: Session, actor: Actor, booking_id: int) -> ExamBooking:
    """A booking of the actor's hall, locked for the change the caller is about to make."""
    booking = session.get(ExamBooking, booking_id, with_for_update=True)
    if booking is None or booking.hall_code != actor.hall_code:
        raise NotFoundError("booking_unknown", "没有该预约", "No such booking")
    return booking


def passed_subjects(session: Session, candidate_ids, chunk: int = 900) -> dict[int, set[str]]:
    """The subjects each candidate has passed (candidate id → subjects), in one query per chunk."""
    ids = list(candidate_ids)
    passed: dict[int, set[str]] = {cid: set() for cid in ids}
    for i in range(0, len(ids), chunk):
        for cid, subject in session.execute(
                select(ExamResult.candidate_id, ExamResult.subject)
                .where(ExamResult.candidate_id.in_(ids[i:i + chunk]), ExamResult.passed.is_(True))):
            passed[cid].add(subject)
    return passed


def candidate_view(session: Session, cand: ExamCandidate, person: Person | None = None,
                   passed: set[str] | None = None) -> CandidateView:
    """What the panels show of a candidate; `passed` when the caller read it in bulk (passed_subjects)."""
    person = person or session.get(Person, cand.person_id)
    if passed is None:
        passed = passed_subjects(session, [cand.id])[cand.id]
    needed = LICENCE_POLICY.subjects_for(cand.cls)
    order = {s: i for i, s in enumerate(exam_rules.SUBJECTS)}
    return CandidateView(
        cand.id, cand.person_id, person.name, masking.mask_name(person.name), masking.mask_id_number(person.id_number),
        cand.cls, cand.application_no, cand.accepted_at, cand.school, cand.state, cand.permit_from, cand.permit_until,
        tuple(sorted(passed & needed, key=order.get)), tuple(sorted(needed, key=order.get)), cand.locked,
        cand.failed_checks)


class ExamCandidateService(Service):
    def find(self, actor: Actor, text: str, limit: int = 50) -> list[CandidateView]:
        """By ID number, 受理编号 or name (exact or starting with); newest application first."""
        require(actor, "exam.view")
        text = (text or "").strip()
        if not text or len(text) > 40:
            return []
        norm = identifiers.normalize(text)
        with self._sessions() as session, session.begin():
            rows = session.execute(
                select(ExamCandidate, Person).join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamCandidate.hall_code == actor.hall_code,
                       (Person.id_number == norm) | (ExamCandidate.application_no == text.upper())
                       | Person.name.startswith(text, autoescape=True))
                .order_by(ExamCandidate.accepted_at.desc()).limit(limit)).all()
            passed_by = passed_subjects(session, [c.id for c, _ in rows])
            return [candidate_view(session, c, p, passed_by[c.id]) for c, p in rows]

    def get(self, actor: Actor, candidate_id: int) -> CandidateView:
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            cand = self.candidate_in(session, actor, candidate_id)
            return candidate_view(session, cand)

    def by_credentials(self, actor: Actor, id_number: str, application_no: str) -> CandidateView:
        """The kiosk's look-up: ID number plus the 受理编号 from the acceptance notice, both must match."""
        require(actor, "exam.view")
        norm = identifiers.normalize(id_number or "")
        with self._sessions() as session, session.begin():
            row = session.execute(
                select(ExamCandidate, Person).join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamCandidate.hall_code == actor.hall_code, Person.id_number == norm,
                       ExamCandidate.application_no == (application_no or "").strip().upper())).first()
            if row is None:
                raise NotFoundError("candidate_not_matched", "身份证号与受理编号不匹配，请核对受理凭证",
                                    "The ID number and the application number do not match: check the notice")
            return candidate_view(session, row[0], row[1])

    def ready(self, actor: Actor, limit: int = 200) -> list[CandidateView]:
        """Active candidates who have passed every subject their class needs (for the driver window)."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            passed = (select(ExamResult.candidate_id, func.count(func.distinct(ExamResult.subject)).label("n"))
                      .where(ExamResult.passed.is_(True), ExamResult.candidate_id.is_not(None))
                      .group_by(ExamResult.candidate_id).subquery())
            rows = session.execute(
                select(ExamCandidate, Person).join(Person, Person.id == ExamCandidate.person_id)
                .join(passed, and_(passed.c.candidate_id == ExamCandidate.id, passed.c.n >= 2))
                .where(ExamCandidate.hall_code == actor.hall_code, ExamCandidate.state == "active")
                .order_by(ExamCandidate.accepted_at).limit(limit * 4)).all()
            passed_by = passed_subjects(session, [c.id for c, _ in rows])
            views = [candidate_view(session, c, p, passed_by[c.id]) for c, p in rows]
            return [v for v in views if v.ready][:limit]

    def history(self, actor: Actor, candidate_id: int) -> list[HistoryRow]:
        """The application, each request, booking, check-in and result, in time order."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            cand = self.candidate_in(session, actor, candidate_id)
            reference = f"{cand.application_no} {cand.cls} {cand.school}".strip()
            rows = [HistoryRow(cand.accepted_at.astimezone(HALL_ZONE).date(), "受理", reference, event="accepted",
                               reference=reference)]
            for r in session.execute(select(ExamRequest).where(ExamRequest.candidate_id == cand.id)).scalars():
                state = {"open": "待排考", "booked": "已排考", "refused": "未排上", "withdrawn": "已撤回"}[r.state]
                rows.append(HistoryRow(r.created_at.astimezone(HALL_ZONE).date(),
                                       f"申请{licensing.SUBJECT_NAMES[r.subject]}",
                                       f"{r.first_day:%m-%d}至{r.last_day:%m-%d} {r.sites or '任意考场'} {state} {r.reason}"
                                       .strip(), event="request", subject=r.subject, state=r.state,
                                       first_day=r.first_day, last_day=r.last_day, sites=r.sites or "",
                                       reason=r.reason or "", reason_code=r.reason_code or ""))
            for b, s, site in session.execute(
                    select(ExamBooking, ExamSession, ExamSite).join(ExamSession, ExamSession.id == ExamBooking.session_id)
                    .join(ExamSite, ExamSite.id == ExamSession.site_id).where(ExamBooking.candidate_id == cand.id)):
                state = {"booked": "已预约", "checked_in": "已签到", "sat": "已考试", "no_show": "缺考",
                         "cancelled": "已取消"}[b.state]
                score = ""
                if b.state == "sat":
                    score = f"成绩{b.score}" + (f"，补考{b.retake_score}" if b.retake_score is not None else "") \
                            + ("，合格" if b.passed else "，不合格")
                rows.append(HistoryRow(s.day, licensing.SUBJECT_NAMES[s.subject],
                                       f"{site.name} {exam_rules.HALVES[s.half]} 第{b.order_no}号 {state} {score}".strip(),
                                       event="booking", subject=s.subject, state=b.state, site=site.name, half=s.half,
                                       order_no=b.order_no, score=b.score if b.state == "sat" else None,
                                       retake_score=b.retake_score if b.state == "sat" else None,
                                       passed=b.passed if b.state == "sat" else None))
            if cand.permit_from:
                rows.append(HistoryRow(cand.permit_from, "学习驾驶证明", f"有效期至{cand.permit_until}", event="permit",
                                       until=cand.permit_until))
            return sorted(rows, key=lambda r: r.when)

    @staticmethod
    def candidate_in(session: Session, actor: Actor, candidate_id: int, lock: bool = False) -> ExamCandidate:
        cand = session.get(ExamCandidate, candidate_id, with_for_update=lock)
        if cand is None or cand.hall_code != actor.hall_code:
            raise NotFoundError("candidate_unknown", "没有该考生", "No such candidate")
        return cand

    def today(self) -> date:
        return hall_date(self._clock())
