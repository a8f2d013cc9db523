"""The registry of issued documents and their signed QR payloads (扫码验真)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop.documents.signing import (
    DOCUMENT_KINDS,
    DocumentRef,
    parse_payload,
    payload_signature_ok,
    sign_payload,
)
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.store.models import DocumentSequence, Hall, IssuedDocument

@dataclass(frozen=True)
class IssuedRef:
    kind: str
    serial: str
    hall_code: str
    issued_on: date
    issued_at: datetime
    payload: str


@dataclass(frozen=True)
class Verification:
    """What `verify` says of a payload: accepted, or the reason it is refused."""

    ok: bool
    code: str
    message_zh: str
    message_en: str
    kind: str = ""
    kind_zh: str = ""
    kind_en: str = ""
    serial: str = ""
    hall_code: str = ""
    hall_name: str = ""
    issued_on: date | None = None
    issued_by: str = ""
    subject: str = ""

    def as_dict(self) -> dict[str, object]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()}


def _sequence_upsert(dialect_insert):
    """INSERT the day's first value, or add one to the row already there, and return the value: one
    atomic statement (PostgreSQL waits on the row's lock, SQLite's BEGIN IMMEDIATE already holds the
    write lock), which also covers two PCs issuing the day's first document at the same moment."""
    stmt = dialect_insert(DocumentSequence).values(hall_code=bindparam("seq_hall"), kind=bindparam("seq_kind"),
                                                  day=bindparam("seq_day"), last_value=bindparam("seq_n"))
    return stmt.on_conflict_do_update(
        index_elements=[DocumentSequence.hall_code, DocumentSequence.kind, DocumentSequence.day],
        set_={"last_value": DocumentSequence.last_value + bindparam("seq_n")}).returning(DocumentSequence.last_value)


# Built once: every 取号 registers its slip through these.
_SEQUENCE_UPSERT = {"postgresql": _sequence_upsert(postgresql.insert), "sqlite": _sequence_upsert(sqlite.insert)}
_SEQUENCE_WHERE = ((DocumentSequence.hall_code == bindparam("seq_hall"))
                   & (DocumentSequence.kind == bindparam("seq_kind")) & (DocumentSequence.day == bindparam("seq_day")))
_SEQUENCE_LOCK = select(DocumentSequence.last_value).where(_SEQUENCE_WHERE).with_for_update()
_SEQUENCE_SET = update(DocumentSequence).where(_SEQUENCE_WHERE).values(last_value=bindparam("seq_value"))
_SEQUENCE_FIRST = insert(DocumentSequence).values(hall_code=bindparam("seq_hall"), kind=bindparam("seq_kind"),
                                                  day=bindparam("seq_day"), last_value=bindparam("seq_n"))
_REGISTER = insert(IssuedDocument)


def next_serial(session: Session, hall_code: str, kind: str, day: date) -> str:
    """KIND + yymmdd + 5-digit sequence, restarting daily; unique across PCs (an atomic upsert on
    PostgreSQL and SQLite; on another database the row lock of SELECT … FOR UPDATE)."""
    return next_serials(session, hall_code, kind, day, 1)[0]


def next_serials(session: Session, hall_code: str, kind: str, day: date, n: int) -> list[str]:
    """The next n serials of the day, taken in one step (a batch of admission tickets)."""
    session.flush()  # the caller's pending changes first, as the ORM query's autoflush did
    conn = session.connection()
    params = {"seq_hall": hall_code, "seq_kind": kind, "seq_day": day, "seq_n": n}
    upsert = _SEQUENCE_UPSERT.get(conn.dialect.name) if conn.dialect.insert_returning else None
    if upsert is not None:
        last = conn.execute(upsert, params).scalar_one()
    else:
        last = conn.execute(_SEQUENCE_LOCK, params).scalar_one_or_none()
        if last is None:
            conn.execute(_SEQUENCE_FIRST, params)
            last = n
        else:
            last += n
            conn.execute(_SEQUENCE_SET, {**params, "seq_value": last})
    return [f"{kind}{day:%y%m%d}{value:05d}" for value in range(last - n + 1, last + 1)]


class DocumentService(Service):
    """Registers and signs documents; verifies payloads offline with the halls' keys."""

    def __init__(self, session_factory, hall_keys: dict[str, bytes], clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self._keys = dict(hall_keys)

    def pseudonym(self, hall_code: str, text: str) -> str:
        """A keyed digest of a personal value (HMAC with the hall key), for matching without storing it."""
        key = self._keys.get(hall_code)
        if key is None:
            raise NotFoundError("hall_key_missing", "本大厅没有签名密钥，请先执行初始化",
                                "This hall has no signing key: run init first")
        return hmac.new(key, b"pseudonym:" + text.encode("utf-8"), hashlib.sha256).hexdigest()

    def issue_in(self, session: Session, actor: Actor, kind: str, *, subject: str = "",
                 record_type: str = "", record_id: object = "") -> IssuedRef:
        """Register one document inside the caller's transaction and sign its QR payload.
        The subject is stored masked or as the caller gives it: never put a full ID number in it."""
        return self.issue_many_in(session, actor, kind, [(subject, record_type, record_id)])[0]

    def issue_many_in(self, session: Session, actor: Actor, kind: str,
                      items: list[tuple[str, str, object]]) -> list[IssuedRef]:
        """issue_in for several documents of one kind, (subject, record_type, record_id) each: the
        same register rows, serials and audit entries as one at a time, in three statements (a batch
        print of admission tickets)."""
        require(actor, "document.issue")
        if kind not in DOCUMENT_KINDS:
            raise ValidationError("kind", "document_kind_unknown", f"未知的文书类型：{kind}",
                                  f"Unknown document kind: {kind}")
        key = self._keys.get(actor.hall_code)
        if key is None:
            raise NotFoundError("hall_key_missing", "本大厅没有签名密钥，请先执行初始化",
                                "This hall has no signing key: run init first")
        if not items:
            return []
        now = self._clock()
        day = hall_date(now)
        serials = next_serials(session, actor.hall_code, kind, day, len(items))
        # Core INSERT on the transaction's connection (no unit-of-work flush): this runs in every 取号.
        session.connection().execute(_REGISTER, [{
            "hall_code": actor.hall_code, "kind": kind, "serial": serial, "issued_on": day, "issued_at": now,
            "issued_by": actor.username, "subject": subject[:200], "record_type": record_type,
            "record_id": str(record_id), "revoked": False, "revoked_reason": ""}
            for serial, (subject, record_type, record_id) in zip(serials, items)])
        entries = [{"action": "document_issued", "record_type": "document", "record_id": serial,
                    "detail": f"{kind} {record_type} {record_id}".strip()}
                   for serial, (_, record_type, record_id) in zip(serials, items)]
        audit.record_many(session, actor=actor, at=now, entries=entries)
        return [IssuedRef(kind, serial, actor.hall_code, day, now,
                          sign_payload(DocumentRef(kind, serial, actor.hall_code, day), key)) for serial in serials]

    def payload_for(self, hall_code: str, kind: str, serial: str, issued_on) -> str | None:
        """The signed QR payload of a registered document again (for a reprint: same serial, same QR)."""
        key = self._keys.get(hall_code)
        return sign_payload(DocumentRef(kind, serial, hall_code, issued_on), key) if key else None

    def issue(self, actor: Actor, kind: str, *, subject: str = "", record_type: str = "",
              record_id: object = "") -> IssuedRef:
        with self._sessions() as session, session.begin():
            return self.issue_in(session, actor, kind, subject=subject, record_type=record_type,
                                 record_id=record_id)

    def revoke(self, actor: Actor, serial: str, reason: str) -> None:
        require(actor, "document.revoke")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "reason_required", "请填写作废原因", "Give the reason for revoking")
        with self._sessions() as session, session.begin():
            doc = session.execute(select(IssuedDocument).where(
                IssuedDocument.hall_code == actor.hall_code,
                IssuedDocument.serial == serial.strip().upper())).scalar_one_or_none()
            if doc is None:
                raise NotFoundError("serial_unknown", f"没有编号为 {serial} 的文书",
                                    f"No document with serial {serial}")
            doc.revoked, doc.revoked_reason = True, reason[:200]
            audit.record(session, actor=actor, at=self._clock(), action="document_revoked",
                         record_type="document", record_id=doc.serial, detail=reason)

    def verify(self, text: str) -> Verification:
        """Check a scanned payload offline: format, hall, signature, registry, revocation."""
        try:
            ref, _mac = parse_payload(text)
        except ValidationError as exc:
            return Verification(False, exc.code, exc.message_zh, exc.message_en)
        kind_zh, kind_en = DOCUMENT_KINDS[ref.kind]
        base = dict(kind=ref.kind, kind_zh=kind_zh, kind_en=kind_en, serial=ref.serial,
                    hall_code=ref.hall, issued_on=ref.issued)
        key = self._keys.get(ref.hall)
        if key is None:
            return Verification(False, "other_hall", f"该文书由其他大厅（{ref.hall}）签发，本机无法核验",
                                f"Issued by another hall ({ref.hall}); it cannot be checked here", **base)
        if not payload_signature_ok(text, key):
            return Verification(False, "bad_signature", "签名不符：二维码内容被改动或伪造",
                                "Bad signature: the QR content was altered or forged", **base)
        with self._sessions() as session, session.begin():
            doc = session.execute(select(IssuedDocument).where(
                IssuedDocument.hall_code == ref.hall, IssuedDocument.serial == ref.serial)
            ).scalar_one_or_none()
            hall = session.get(Hall, ref.hall)
            base["hall_name"] = hall.name if hall else ""
            if doc is None or doc.kind != ref.kind or doc.issued_on != ref.issued:
                return Verification(False, "unknown_serial", f"登记簿中没有编号 {ref.serial}",
                                    f"Serial {ref.serial} is not in the register", **base)
            base.update(issued_by=doc.issued_by, subject=doc.subject)
            if doc.revoked:
                return Verification(False, "revoked", f"该文书已作废：{doc.revoked_reason}",
                                    f"This document was revoked: {doc.revoked_reason}", **base)
            return Verification(True, "ok", f"真实有效：{kind_zh} {ref.serial}",
                                f"Genuine: {kind_en} {ref.serial}", **base)
