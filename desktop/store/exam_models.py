"""Exam tables (考试预约与自主排考): sites, published plans and their sessions, candidates (one
accepted 初次申领 / 增驾 application each), their requests, bookings (a seat in a session, with the
admission ticket and the sitting's scores) and the check-in attempts. Results go on to
`exam_results` (driver_models), which the driver window reads for 初次申领."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, UTCDateTime


class ExamSite(Base):
    """A 考场: the subjects and classes it examines."""

    __tablename__ = "exam_sites"
    __table_args__ = (UniqueConstraint("hall_code", "code", name="uq_exam_sites_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(120), default="")
    subjects: Mapped[str] = mapped_column(String(16))  # "1", "2", "3 3s" …
    classes: Mapped[str] = mapped_column(String(64))  # "C1 C2 C5" …
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ExamPlan(Base):
    """A published weekly plan over a date range; the sessions it made point back to it."""

    __tablename__ = "exam_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    site_id: Mapped[int] = mapped_column(ForeignKey("exam_sites.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    weekly: Mapped[str] = mapped_column(Text)  # the weekly slots as JSON
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # published < 10 days before the first session
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    published_by: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExamSession(Base):
    """One half-day sitting of a subject at a site. A seat is claimed atomically (UPDATE … SET
    booked = booked + 1, issued = issued + 1 WHERE booked < capacity RETURNING issued): `booked` counts
    the live seats, `issued` the order numbers handed out (a cancelled seat's number is not reused)."""

    __tablename__ = "exam_sessions"
    __table_args__ = (
        UniqueConstraint("site_id", "day", "half", "subject", name="uq_exam_sessions_slot"),
        CheckConstraint("half in ('am','pm')", name="half_known"),
        CheckConstraint("subject in ('1','2','3','3s')", name="subject_known"),
        CheckConstraint("booked >= 0 and booked <= capacity", name="within_capacity"),
        Index("ix_exam_sessions_day", "hall_code", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    site_id: Mapped[int] = mapped_column(ForeignKey("exam_sites.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("exam_plans.id"))
    day: Mapped[date] = mapped_column(Date)
    half: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(2))
    classes: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    issued: Mapped[int] = mapped_column(Integer, default=0)


class ExamCandidate(Base):
    """考生: an accepted 初次申领 / 增驾 application for one class, from the window, a driving school's
    list or the demo. state: active → done (licence issued) | voided (fifth failure) | expired."""

    __tablename__ = "exam_candidates"
    __table_args__ = (
        UniqueConstraint("hall_code", "application_no", name="uq_exam_candidates_application"),
        CheckConstraint("state in ('active','done','voided','expired')", name="state_known"),
        Index("ix_exam_candidates_person", "person_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    cls: Mapped[str] = mapped_column(String(2))
    application_no: Mapped[str] = mapped_column(String(16))  # 受理编号, on the acceptance notice
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    school: Mapped[str] = mapped_column(String(60), default="")
    source: Mapped[str] = mapped_column(String(12), default="window")  # window / import / demo
    state: Mapped[str] = mapped_column(String(8), default="active")
    permit_from: Mapped[date | None] = mapped_column(Date)  # 学习驾驶证明
    permit_until: Mapped[date | None] = mapped_column(Date)
    site_changes: Mapped[int] = mapped_column(Integer, default=0)
    failed_checks: Mapped[int] = mapped_column(Integer, default=0)  # identity not confirmed at check-in
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # until a supervisor releases it
    created_by: Mapped[str] = mapped_column(String(40), default="")


class ExamRequest(Base):
    """A request for a subject at preferred sites within dates (自主排考), waiting for allocation.
    state: open → booked | refused (at allocation, with the reason) | withdrawn."""

    __tablename__ = "exam_requests"
    __table_args__ = (
        CheckConstraint("state in ('open','booked','refused','withdrawn')", name="state_known"),
        Index("ix_exam_requests_open", "hall_code", "state", "subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("exam_candidates.id"), index=True)
    subject: Mapped[str] = mapped_column(String(2))
    sites: Mapped[str] = mapped_column(String(64), default="")  # site codes in preference order; "" = any
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(8), default="window")  # window / kiosk / school
    state: Mapped[str] = mapped_column(String(10), default="open")
    reason_code: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExamBooking(Base):
    """A seat in a session. state: booked → checked_in → sat | no_show; or cancelled.
    Scores: the first attempt and the one retake (Art.47); `passed` is the sitting's result."""

    __tablename__ = "exam_bookings"
    __table_args__ = (
        CheckConstraint("state in ('booked','checked_in','sat','no_show','cancelled')", name="state_known"),
        UniqueConstraint("hall_code", "code", name="uq_exam_bookings_code"),
        Index("ix_exam_bookings_session", "session_id", "state"),
        Index("ix_exam_bookings_candidate", "candidate_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("exam_candidates.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("exam_requests.id"))
    subject: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(8))  # 预约码: reprint at the kiosk with the ID number
    order_no: Mapped[int] = mapped_column(Integer)  # 序号 in the session
    ticket_serial: Mapped[str] = mapped_column(String(16), default="")  # the AT document
    state: Mapped[str] = mapped_column(String(10), default="booked")
    channel: Mapped[str] = mapped_column(String(12), default="allocation")  # allocation / window / kiosk / change
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_by: Mapped[str] = mapped_column(String(40), default="")
    score: Mapped[int | None] = mapped_column(Integer)
    retake_score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result_by: Mapped[str] = mapped_column(String(40), default="")
