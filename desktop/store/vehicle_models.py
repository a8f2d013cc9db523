"""Vehicle tables (机动车业务): the register, business cases with their materials and fees, plate
numbers (选号) and 容缺 commitments (shared with the driver window)."""

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

CASE_STATES = ("accepted", "deferred", "completed", "refused", "terminated")
PLATE_STATES = ("held", "assigned", "retained")
DEFERRAL_STATES = ("pending", "supplied", "terminated")


class Vehicle(Base):
    """One vehicle of the register (机动车档案), keyed by its VIN. Flags mirror the national 状态."""

    __tablename__ = "vehicles"
    __table_args__ = (
        CheckConstraint("NOT (owner_person_id IS NOT NULL AND owner_company_id IS NOT NULL)",
                        name="one_owner"),
        Index("ix_vehicles_plate", "plate"),
        Index("ix_vehicles_inspection", "hall_code", "cancelled", "inspection_valid_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    plate: Mapped[str | None] = mapped_column(String(10))  # 号牌号码; None before registration
    hpzl: Mapped[str] = mapped_column(String(2), default="02")  # 号牌种类
    cllx: Mapped[str] = mapped_column(String(3), default="K33")  # 车辆类型
    syxz: Mapped[str] = mapped_column(String(1), default="A")  # 使用性质
    seats: Mapped[int | None] = mapped_column(Integer)  # 核定载客
    total_mass_kg: Mapped[int | None] = mapped_column(Integer)  # 总质量
    colour: Mapped[str] = mapped_column(String(4), default="")  # 车身颜色 csys letters
    brand: Mapped[str] = mapped_column(String(40), default="")  # 中文品牌
    model: Mapped[str] = mapped_column(String(40), default="")  # 车辆型号
    engine_no: Mapped[str] = mapped_column(String(30), default="")
    energy: Mapped[str] = mapped_column(String(16), default="fuel")  # fuel / pure_electric / plug_in …
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    owner_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    certificate_no: Mapped[str] = mapped_column(String(20), default="")  # 登记证书编号
    registered: Mapped[bool] = mapped_column(Boolean, default=True)
    first_registered: Mapped[date | None] = mapped_column(Date)  # 初次登记日期
    manufactured: Mapped[date | None] = mapped_column(Date)  # 出厂日期
    last_inspected: Mapped[date | None] = mapped_column(Date)  # 最近定检日期
    inspection_valid_until: Mapped[date | None] = mapped_column(Date)  # 检验有效期止
    insurance_until: Mapped[date | None] = mapped_column(Date)  # 交强险止
    scrap_date: Mapped[date | None] = mapped_column(Date)  # 强制报废期止
    mortgaged: Mapped[bool] = mapped_column(Boolean, default=False)
    pledged: Mapped[bool] = mapped_column(Boolean, default=False)
    seized: Mapped[bool] = mapped_column(Boolean, default=False)
    stolen: Mapped[bool] = mapped_column(Boolean, default=False)
    violations_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    accidents_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    injury_accident: Mapped[bool] = mapped_column(Boolean, default=False)  # excludes the 2022 reform
    illegal_modification: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)  # 注销
    moved_out: Mapped[bool] = mapped_column(Boolean, default=False)  # 迁出 to another office
    temp_plates_issued: Mapped[int] = mapped_column(Integer, default=0)
    last_plate_swap: Mapped[date | None] = mapped_column(Date)
    plate_since: Mapped[date | None] = mapped_column(Date)  # when the current number was assigned
    source: Mapped[str] = mapped_column(String(12), default="case")  # case / import / demo
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VehicleCase(Base):
    """One vehicle business case (业务流水): accepted at a window, maybe 容缺待补, then completed."""

    __tablename__ = "vehicle_cases"
    __table_args__ = (
        UniqueConstraint("hall_code", "case_no", name="uq_vehicle_cases_hall_case_no"),
        CheckConstraint("state in ('accepted','deferred','completed','refused','terminated')",
                        name="state_known"),
        Index("ix_vehicle_cases_day", "hall_code", "day", "business"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    case_no: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)  # the hall's date of acceptance
    business: Mapped[str] = mapped_column(String(24))
    business_name: Mapped[str] = mapped_column(String(40))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"), index=True)
    applicant_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    applicant_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    agent_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    counter: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="accepted")
    plate: Mapped[str] = mapped_column(String(10), default="")  # number assigned by this case
    fee_total: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    due_on: Mapped[date | None] = mapped_column(Date)  # 办结时限 (working days, 令164 Art.92)
    detail: Mapped[str] = mapped_column(Text, default="")  # the form's fields, JSON
    accepted_by: Mapped[str] = mapped_column(String(40))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notice_serial: Mapped[str] = mapped_column(String(16), default="")
    receipt_serial: Mapped[str] = mapped_column(String(16), default="")


class CaseMaterial(Base):
    """One material of a case's checklist: received (✓), deferred (容缺), supplied later, or not
    applicable (a conditional material, such as 居住证明 for a local resident)."""

    __tablename__ = "case_materials"
    __table_args__ = (
        CheckConstraint("status in ('received','deferred','supplied','not_applicable')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type: Mapped[str] = mapped_column(String(8), default="vehicle")  # vehicle / driver
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(60))
    key: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="received")
    supplied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CaseFee(Base):
    """One fee line of a case (号牌 100 × 1 …), copied from the catalogue at acceptance."""

    __tablename__ = "case_fees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type: Mapped[str] = mapped_column(String(8), default="vehicle")
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    hall_code: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    item_code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class PlateNumber(Base):
    """A plate number that is not free: held for a draw (50选1), assigned to a vehicle, or retained
    for its former owner (保留原号牌). No row, or a lapsed hold, means free. The primary key is what
    makes two clerks unable to take the same number, on SQLite and on PostgreSQL alike."""

    __tablename__ = "plate_numbers"
    __table_args__ = (
        CheckConstraint("state in ('held','assigned','retained')", name="state_known"),
        Index("ix_plate_numbers_draw", "held_for"),
    )

    number: Mapped[str] = mapped_column(String(10), primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    kind: Mapped[str] = mapped_column(String(10))  # ordinary / nev_small / nev_large
    state: Mapped[str] = mapped_column(String(10))
    held_for: Mapped[str | None] = mapped_column(String(24))  # the draw's token
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))  # owner, for retention
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    since: Mapped[date | None] = mapped_column(Date)  # assigned on
    retained_until: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Deferral(Base):
    """容缺受理: a case accepted with non-key materials missing, on the applicant's commitment."""

    __tablename__ = "deferrals"
    __table_args__ = (
        UniqueConstraint("case_type", "case_id", name="uq_deferrals_case"),
        CheckConstraint("state in ('pending','supplied','terminated')", name="state_known"),
        Index("ix_deferrals_open", "hall_code", "state", "deadline"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    case_type: Mapped[str] = mapped_column(String(8))  # vehicle / driver
    case_id: Mapped[int] = mapped_column(Integer)
    case_no: Mapped[str] = mapped_column(String(16))
    business_name: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    missing: Mapped[str] = mapped_column(Text)  # material names, "、"-joined
    commitment: Mapped[str] = mapped_column(Text)  # the signed 承诺 text
    accepted_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    barred_until: Mapped[date | None] = mapped_column(Date)  # set when terminated
    notice_serial: Mapped[str] = mapped_column(String(16), default="")
