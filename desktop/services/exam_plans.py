"""Exam sites and the published plan (考场与考试计划): sites with the subjects and classes they examine,
a weekly plan turned into half-day sessions on working days, and the session calendar the exam
panel and the kiosk show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import licensing
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.text import check_text, shown
from desktop.services import audit
from desktop.services.base import Actor, Service, hall_date, require
from desktop.services.case_documents import hall_closed_days
from desktop.store.exam_models import ExamBooking, ExamPlan, ExamSession, ExamSite


@dataclass(frozen=True)
class SiteView:
    id: int
    code: str
    name: str
    address: str
    subjects: tuple[str, ...]
    classes: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class SessionView:
    id: int
    site_code: str
    site_name: str
    day: date
    half: str
    subject: str
    classes: tuple[str, ...]
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return self.capacity - self.booked

    @property
    def label(self) -> str:
        return (f"{self.day:%Y-%m-%d} {exam_rules.HALVES[self.half]} {licensing.SUBJECT_NAMES[self.subject]} "
                f"{self.site_name}")


@dataclass(frozen=True)
class PlanResult:
    plan_id: int
    sessions: int
    skipped: int  # sessions that already existed (a plan re-published over the same days)
    late: bool
    first_session: date | None


def _codes(text: str) -> tuple[str, ...]:
    return tuple(t for t in (text or "").split() if t)


def site_view(site: ExamSite) -> SiteView:
    return SiteView(site.id, site.code, site.name, site.address, _codes(site.subjects), _codes(site.classes),
                    site.active)


def session_view(s: ExamSession, site: ExamSite) -> SessionView:
    return SessionView(s.id, site.code, site.name, s.day, s.half, s.subject, _codes(s.classes), s.capacity, s.booked)


def _check_subjects(subjects) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(s.strip() for s in subjects if s.strip()))
    if not out:
        raise ValidationError("subjects", "subjects_required", "请选择考场考试的科目", "Choose the subjects the site examines")
    for s in out:
        if s not in exam_rules.SUBJECTS:
            raise ValidationError("subjects", "subject_unknown", f"没有“{shown(s)}”这个考试科目",
                                  f"There is no exam subject {shown(s)!r}")
    return out


def _check_classes(classes) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(c.strip().upper() for c in classes if c.strip()))
    if not out:
        raise ValidationError("classes", "classes_required", "请选择考场考试的准驾车型",
                              "Choose the licence classes the site examines")
    for c in out:
        if c not in licensing.CLASSES:
            raise ValidationError("classes", "class_unknown", f"没有准驾车型“{shown(c)}”", f"Unknown licence class {shown(c)}")
    return out


class ExamPlanService(Service):
    # -- sites ---------------------------------------------------------------------------------------

    def save_site(self, actor: Actor, code: str, name: str, subjects, classes, address: str = "",
                  active: bool = True) -> SiteView:
        """Add a site, or change the one with this code."""
        require(actor, "exam.plan")
        code = check_text(code, "code", "考场代码", "site code").strip().upper()
        name = check_text(name, "name", "考场名称", "site name").strip()
        address = check_text(address, "address", "考场地址", "site address")
        if not code or len(code) > 12 or not code.isalnum():
            raise ValidationError("code", "site_code_bad", "考场代码须为1至12位字母或数字",
                                  "A site code is 1 to 12 letters or digits")
        if not name or len(name) > 60:
            raise ValidationError("name", "site_name_bad", "请填写考场名称（60字以内）", "Enter the site's name (up to 60)")
        if len(address) > 120:
            raise ValidationError("address", "site_address_long", "考场地址过长（120字以内）",
                                  "The site's address is too long (up to 120)")
        subjects, classes = _check_subjects(subjects), _check_classes(classes)
        now = self._clock()
        with self._sessions() as session, session.begin():
            site = session.execute(select(ExamSite).where(ExamSite.hall_code == actor.hall_code,
                                                          ExamSite.code == code)).scalar_one_or_none()
            if site is None:
                site = ExamSite(hall_code=actor.hall_code, code=code)
                session.add(site)
            site.name, site.address, site.active = name, address.strip(), active
            site.subjects, site.classes = " ".join(subjects), " ".join(classes)
            session.flush()
            audit.record(session, actor=actor, at=now, action="exam_site_saved", record_type="exam_site",
                         record_id=code, detail=f"{' '.join(subjects)} / {' '.join(classes)}")
            return site_view(site)

    def sites(self, actor: Actor, active_only: bool = True) -> list[SiteView]:
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            q = select(ExamSite).where(ExamSite.hall_code == actor.hall_code).order_by(ExamSite.code)
            if active_only:
                q = q.where(ExamSite.active.is_(True))
            return [site_view(s) for s in session.execute(q).scalars()]

    # -- plans -------------------------------------------------------------------------------------

    def publish(self, actor: Actor, site_code: str, weekly: list[exam_rules.WeeklySlot], first_day: date,
                last_day: date) -> PlanResult:
        """Publish a weekly plan: one session per slot on each working day of the range (the hall's
        closed days excluded). A session that already exists is kept as it is (with its bookings).
        A plan published less than 10 days before its first session is recorded as late."""
        require(actor, "exam.plan")
        now = self._clock()
        today = hall_date(now)
        exam_rules.check_plan_dates(first_day, last_day, today)
        with self._sessions() as session, session.begin():
            site = self._site(session, actor, site_code)
            for slot in weekly:
                exam_rules.check_subject(slot.subject, "weekly")
                if slot.subject not in site.subjects.split():
                    raise ValidationError("weekly", "site_subject", f"{site.name}不考{licensing.SUBJECT_NAMES[slot.subject]}",
                                          f"{site.code} does not examine subject {slot.subject}")
                extra = set(slot.classes) - set(site.classes.split())
                if extra:
                    raise ValidationError("weekly", "site_class", f"{site.name}不考{'、'.join(sorted(extra))}",
                                          f"{site.code} does not examine {', '.join(sorted(extra))}")
            planned = exam_rules.plan_sessions(weekly, first_day, last_day, hall_closed_days(session, actor.hall_code))
            if not planned:
                raise RefusedError("plan_empty", "所选日期内没有工作日或没有安排场次", "The plan has no session on a working day")
            first = min(p.day for p in planned)
            late = exam_rules.plan_is_late(today, first)
            plan = ExamPlan(hall_code=actor.hall_code, site_id=site.id, first_day=first_day, last_day=last_day,
                            weekly=json.dumps([dict(weekday=s.weekday, half=s.half, subject=s.subject,
                                                    capacity=s.capacity, classes=sorted(s.classes)) for s in weekly]),
                            late=late, published_by=actor.username, published_at=now)
            session.add(plan)
            session.flush()
            existing = set(session.execute(select(ExamSession.day, ExamSession.half, ExamSession.subject).where(
                ExamSession.site_id == site.id, ExamSession.day >= first_day, ExamSession.day <= last_day)).all())
            made = 0
            for p in planned:
                if (p.day, p.half, p.subject) in existing:
                    continue
                session.add(ExamSession(hall_code=actor.hall_code, site_id=site.id, plan_id=plan.id, day=p.day,
                                        half=p.half, subject=p.subject, classes=" ".join(sorted(p.classes)),
                                        capacity=p.capacity, booked=0, issued=0))
                made += 1
            plan.sessions = made
            audit.record(session, actor=actor, at=now, action="exam_plan_published", record_type="exam_plan",
                         record_id=plan.id, detail=f"{site.code} {first_day}..{last_day} {made}场"
                                                   + (" 发布过晚" if late else ""))
            return PlanResult(plan.id, made, len(planned) - made, late, first)

    def set_capacity(self, actor: Actor, session_id: int, capacity: int) -> SessionView:
        """Change a session's capacity; never below the seats already booked."""
        require(actor, "exam.plan")
        if not 1 <= capacity <= 500:
            raise ValidationError("capacity", "capacity_range", "考位数须在1至500之间", "Capacity must be 1 to 500")
        with self._sessions() as session, session.begin():
            s = session.get(ExamSession, session_id, with_for_update=True)
            if s is None or s.hall_code != actor.hall_code:
                raise NotFoundError("session_unknown", "没有该考试场次", "No such exam session")
            if capacity < s.booked:
                raise RefusedError("capacity_below_booked", f"该场次已约{s.booked}人，考位数不能少于已约人数",
                                   f"{s.booked} seats are booked: the capacity cannot be lower")
            s.capacity = capacity
            audit.record(session, actor=actor, at=self._clock(), action="exam_session_capacity",
                         record_type="exam_session", record_id=s.id, detail=str(capacity))
            return session_view(s, session.get(ExamSite, s.site_id))

    def calendar(self, actor: Actor, first_day: date, last_day: date, subject: str | None = None,
                 site_code: str | None = None) -> list[SessionView]:
        """Sessions in a date range with their capacity and the seats booked."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            q = (select(ExamSession, ExamSite).join(ExamSite, ExamSite.id == ExamSession.site_id)
                 .where(ExamSession.hall_code == actor.hall_code, ExamSession.day >= first_day,
                        ExamSession.day <= last_day)
                 .order_by(ExamSession.day, ExamSession.half, ExamSite.code, ExamSession.subject))
            if subject:
                q = q.where(ExamSession.subject == subject)
            if site_code:
                q = q.where(ExamSite.code == site_code.strip().upper())
            return [session_view(s, site) for s, site in session.execute(q)]

    def roster(self, actor: Actor, session_id: int) -> list[tuple[int, str, str, str]]:
        """A session's seats: (order number, booking code, state, candidate id) in order."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(select(ExamBooking.order_no, ExamBooking.code, ExamBooking.state,
                                          ExamBooking.candidate_id)
                                   .where(ExamBooking.session_id == session_id).order_by(ExamBooking.order_no)).all()
            return [tuple(r) for r in rows]

    def plans(self, actor: Actor, limit: int = 50) -> list[tuple[int, str, date, date, int, bool]]:
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            return [tuple(r) for r in session.execute(
                select(ExamPlan.id, ExamSite.code, ExamPlan.first_day, ExamPlan.last_day, ExamPlan.sessions,
                       ExamPlan.late).join(ExamSite, ExamSite.id == ExamPlan.site_id)
                .where(ExamPlan.hall_code == actor.hall_code).order_by(ExamPlan.id.desc()).limit(limit))]

    def session_count(self, actor: Actor) -> int:
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            return session.execute(select(func.count()).select_from(ExamSession)
                                   .where(ExamSession.hall_code == actor.hall_code)).scalar_one()

    @staticmethod
    def _site(session: Session, actor: Actor, code: str) -> ExamSite:
        site = session.execute(select(ExamSite).where(ExamSite.hall_code == actor.hall_code,
                                                      ExamSite.code == (code or "").strip().upper())
                               ).scalar_one_or_none()
        if site is None:
            raise NotFoundError("site_unknown", f"没有考场“{shown(code)}”", f"No exam site {shown(code)!r}")
        return site
