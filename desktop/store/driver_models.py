"""Driver tables (驾驶证业务): the licence register with its classes and 12-point cycles, driver
cases, and exam results (written by the exam side or by import; read for 初次申领 and 增驾).
Materials, fees and 容缺 commitments of driver cases share the vehicle window's tables
(case_type = "driver")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, UTCDateTime


class DrivingLicence(Base):
    """One person's 机动车驾驶证; its number is the holder's ID number (Person.id_number)."""

    __tablename__ = "driving_licences"
    __table_args__ = (Index("ix_driving_licences_valid_until", "hall_code", "valid_until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), unique=True)
    archive_no: Mapped[str] = mapped_column(String(20), default="")  # 档案编号
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)  # None: 长期
    renewals: Mapped[int] = mapped_column(Integer, default=0)  # validity periods completed (6 → 10 → 长期)
    status: Mapped[str] = mapped_column(String(8), default="A")  # 驾驶证状态 letters, e.g. "A" or "DH"
    points: Mapped[int] = mapped_column(Integer, default=0)  # current 记分周期
    cycle_start: Mapped[date | None] = mapped_column(Date)
    health_due: Mapped[date | None] = mapped_column(Date)  # next 身体条件证明
    review_due: Mapped[date | None] = mapped_column(Date)  # next 审验
    last_medical: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12), default="case")  # case / import / demo
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LicenceClass(Base):
    """A class (准驾车型) on a licence, with the date it was first obtained (实习期, 增驾 years)."""

    __tablename__ = "licence_classes"
    __table_args__ = (UniqueConstraint("licence_id", "cls", name="uq_licence_classes_licence_cls"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("driving_licences.id"), index=True)
    cls: Mapped[str] = mapped_column(String(2))
    first_obtained: Mapped[date] = mapped_column(Date)


class PointCycle(Base):
    """A 记分周期 that reached 12 points (its end date): shortens nothing, blocks 增驾 and the 10-year step."""

    __tablename__ = "point_cycles"
    __table_args__ = (UniqueConstraint("licence_id", "cycle_end", name="uq_point_cycles_licence_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("driving_licences.id"), index=True)
    cycle_end: Mapped[date] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer, default=12)


class ExamResult(Base):
    """A subject passed or failed (科目一/二/三/安全文明常识) for a class; 初次申领 needs them all."""

    __tablename__ = "exam_results"
    __table_args__ = (
        CheckConstraint("subject in ('1','2','3','3s')", name="subject_known"),
        UniqueConstraint("person_id", "subject", "cls", "exam_date", name="uq_exam_results_sitting"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    subject: Mapped[str] = mapped_column(String(2))
    cls: Mapped[str] = mapped_column(String(2))
    exam_date: Mapped[date] = mapped_column(Date)
    score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    used: Mapped[bool] = mapped_column(Boolean, default=False)  # consumed by an issued licence
    source: Mapped[str] = mapped_column(String(12), default="exam")  # exam / no_show / import / demo
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the application the sitting belongs to (None: imported before the exam side existed); a voided
    # candidate's passes no longer count
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("exam_candidates.id"), index=True)


class DriverCase(Base):
    """One driver business case (驾驶证业务流水)."""

    __tablename__ = "driver_cases"
    __table_args__ = (
        UniqueConstraint("hall_code", "case_no", name="uq_driver_cases_hall_case_no"),
        CheckConstraint("state in ('accepted','deferred','examining','completed','refused','terminated')",
                        name="state_known"),  # examining: 初次申领/增驾 accepted, exams under way
        Index("ix_driver_cases_day", "hall_code", "day", "business"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    case_no: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    business: Mapped[str] = mapped_column(String(24))
    business_name: Mapped[str] = mapped_column(String(40))
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("driving_licences.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    agent_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    counter: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="accepted")
    classes: Mapped[str] = mapped_column(String(40), default="")  # the classes after the case, e.g. "C1 D"
    fee_total: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    due_on: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text, default="")
    accepted_by: Mapped[str] = mapped_column(String(40))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notice_serial: Mapped[str] = mapped_column(String(16), default="")
    receipt_serial: Mapped[str] = mapped_column(String(16), default="")
    pickup_serial: Mapped[str] = mapped_column(String(16), default="")
