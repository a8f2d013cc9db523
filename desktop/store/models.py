"""The store's tables (SQLAlchemy 2 typed models). Every record carries its hall code (就近办)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, UTCDateTime


class Hall(Base):
    """A service hall (车管所 or one of its 就近办 sites)."""

    __tablename__ = "halls"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200), default="")
    plate_prefix: Mapped[str] = mapped_column(String(4), default="蒙M")
    time_zone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    # The hall's HMAC key for QR payloads; created at `init`, never shown or exported.
    secret_key: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    counters: Mapped[list[Counter]] = relationship(back_populates="hall", order_by="Counter.number")


class Counter(Base):
    """A window (窗口) and the ticket categories it serves, e.g. "A,B"."""

    __tablename__ = "counters"
    __table_args__ = (
        UniqueConstraint("hall_code", "number", name="uq_counters_hall_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40), default="")
    categories: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    hall: Mapped[Hall] = relationship(back_populates="counters")

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]


class Staff(Base):
    """A member of staff: clerk (窗口民警/辅警), exam officer (考试员), supervisor (科长) or admin."""

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("role in ('clerk','exam','supervisor','admin')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40), default="")
    badge: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(12))
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Person(Base):
    """An applicant (申请人), identified by resident ID number."""

    __tablename__ = "persons"
    __table_args__ = (CheckConstraint("sex in ('M','F')", name="sex_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Company(Base):
    """A company owner or applicant, identified by 统一社会信用代码 (USCC)."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """One audit entry per data-changing service call. `entry_hash` chains each entry to the one
    before it (over all halls, in id order), so an edited or deleted row breaks the chain."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    hall_code: Mapped[str] = mapped_column(String(12), index=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60), index=True)
    record_type: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The chain's head: one row, locked by each writer so that entries are chained one at a time
    even when several counter PCs write to one PostgreSQL server."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class IssuedDocument(Base):
    """The registry of every document printed with a signed QR (so `verify` knows the serial)."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("hall_code", "serial", name="uq_issued_documents_hall_serial"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    kind: Mapped[str] = mapped_column(String(4))
    serial: Mapped[str] = mapped_column(String(16))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200), default="")
    record_type: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(60), default="")
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_reason: Mapped[str] = mapped_column(String(200), default="")


class DocumentSequence(Base):
    """Per hall, kind and day, the last serial number handed out (serials restart each day)."""

    __tablename__ = "document_sequences"

    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(4), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class HallSetting(Base):
    """A hall's configurable values (policy numbers, texts), as key → text."""

    __tablename__ = "hall_settings"

    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


# The queue tables live in their own module, on the same metadata.
from desktop.store import queue_models  # noqa: E402,F401  (queue tables on the same metadata)
from desktop.store import vehicle_models  # noqa: E402,F401  (and the vehicle tables)
from desktop.store import driver_models  # noqa: E402,F401  (and the driver tables)
from desktop.store import exam_models  # noqa: E402,F401  (and the exam tables)
