"""Audit log (审计日志): one entry per data-changing call, hash-chained so edits and deletions show."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.services.base import Actor, Service, require
from desktop.store.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64
# Built once (every data-changing call runs these three).
_HEAD = select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_INSERT = insert(AuditEntry)
_ADVANCE = update(AuditHead).where(AuditHead.id == 1).values(last_id=bindparam("new_id"),
                                                             last_hash=bindparam("new_hash"))
# PostgreSQL: the entry and the head's advance in one statement (a data-modifying WITH). Every
# writer queues for the head row from its SELECT … FOR UPDATE to its commit; one round trip fewer
# inside that window is what twenty counters wait on (bench_pg_counters).
_FIELDS = ("id", "at", "hall_code", "actor", "action", "record_type", "record_id", "detail", "prev_hash",
           "entry_hash")
_ENTRY_CTE = insert(AuditEntry).values({f: bindparam(f"e_{f}") for f in _FIELDS}).cte("audit_entry")
_ADVANCE_CTE = _ADVANCE.cte("audit_advance")
_APPEND = _ADVANCE.add_cte(_ENTRY_CTE)
DETAIL_MAX = 2000


def entry_hash(entry_id: int, at: datetime, hall_code: str, actor: str, action: str,
               record_type: str, record_id: str, detail: str, prev_hash: str) -> str:
    canonical = json.dumps(
        [entry_id, at.isoformat(timespec="microseconds"), hall_code, actor, action, record_type,
         record_id, detail, prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(session: Session, *, actor: Actor, at: datetime, action: str, record_type: str = "",
           record_id: object = "", detail: str = "", hall_code: str | None = None) -> int:
    """Append one entry inside the caller's transaction. The head row is locked first, so entries
    are chained strictly one after another across processes (SQLite: BEGIN IMMEDIATE already holds
    the write lock; PostgreSQL: SELECT … FOR UPDATE)."""
    return record_many(session, actor=actor, at=at, entries=[dict(
        action=action, record_type=record_type, record_id=record_id, detail=detail, hall_code=hall_code)])[0]


def record_many(session: Session, *, actor: Actor, at: datetime, entries: list[dict]) -> list[int]:
    """Several entries at once (action, record_type, record_id, detail, hall_code each), chained one
    after another as one record() after another would chain them, under one lock of the head: a
    batch's registrations."""
    # The caller's pending changes go first, so the head row — the one lock every writer shares — is
    # taken last and held only to the commit (taking it earlier deadlocked 16 PostgreSQL counters).
    session.flush()
    conn = session.connection()  # Core on the transaction's connection: no ORM layer per statement
    head = conn.execute(_HEAD).one()
    params = []
    for entry in entries:
        params.append(entry_params(head, actor=actor, at=at, **entry))
        head = params[-1]["new_id"], params[-1]["new_hash"]
    if len(params) == 1 and conn.dialect.name == "postgresql":
        conn.execute(_APPEND, params[0])  # one entry (every data-changing call): one statement
    elif params:
        conn.execute(_INSERT, [{f: p[f"e_{f}"] for f in _FIELDS} for p in params])
        conn.execute(_ADVANCE, params[-1])
    return [p["new_id"] for p in params]


# --- the hot paths' own way (PostgreSQL): the head read with the statement before, the entry with
# the statement after — the same entry, two round trips fewer inside the head's lock (叫号/办结).

def locked_head():
    """A CTE that locks and reads the head (last_id, last_hash). Reference it only where the
    statement has done its work (RETURNING of the row it changed), so a statement that changes
    nothing does not take the lock."""
    return _HEAD.cte("audit_head_locked")


def entry_params(head, *, actor: Actor, at: datetime, action: str, record_type: str = "",
                 record_id: object = "", detail: str = "", hall_code: str | None = None) -> dict:
    """The next entry after `head` (last_id, last_hash, read under its lock), as the parameters of
    with_entry's statement: e_<field> for the entry, new_id / new_hash for the head's advance."""
    last_id, last_hash = head
    # Hashed in UTC with microseconds: both stores give back exactly that, so the hash recomputes.
    at = at.astimezone(timezone.utc)
    entry_id = last_id + 1
    hall = hall_code or actor.hall_code
    text = detail[:DETAIL_MAX]
    digest = entry_hash(entry_id, at, hall, actor.username, action, record_type, str(record_id), text, last_hash)
    entry = {"id": entry_id, "at": at, "hall_code": hall, "actor": actor.username, "action": action,
             "record_type": record_type, "record_id": str(record_id), "detail": text, "prev_hash": last_hash,
             "entry_hash": digest}
    return {**{f"e_{k}": v for k, v in entry.items()}, "new_id": entry_id, "new_hash": digest}


def append_after(conn, head, **entry) -> int:
    """PostgreSQL: the entry after `head`, read under its lock by the caller's statement before."""
    params = entry_params(head, **entry)
    conn.execute(_APPEND, params)
    return params["new_id"]


def with_entry(statement):
    """PostgreSQL: `statement` that also appends the entry and advances the head (data-modifying
    WITHs), with entry_params' parameters beside its own."""
    return statement.add_cte(_ENTRY_CTE).add_cte(_ADVANCE_CTE)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_entry_id: int | None = None
    problem_zh: str = ""
    problem_en: str = ""


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in id order; the first broken link is reported."""
    head = session.get(AuditHead, 1)
    prev_hash, expected_id, checked = GENESIS_HASH, 1, 0
    last_seen = 0
    while True:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.id > last_seen).order_by(AuditEntry.id).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for e in rows:
            if e.id != expected_id:
                return ChainReport(False, checked, expected_id, f"审计记录 {expected_id} 缺失（被删除）",
                                   f"audit entry {expected_id} is missing (deleted)")
            if e.prev_hash != prev_hash:
                return ChainReport(False, checked, e.id, f"审计记录 {e.id} 与前一条不衔接",
                                   f"audit entry {e.id} does not link to the entry before it")
            digest = entry_hash(e.id, e.at, e.hall_code, e.actor, e.action, e.record_type, e.record_id,
                                e.detail, e.prev_hash)
            if digest != e.entry_hash:
                return ChainReport(False, checked, e.id, f"审计记录 {e.id} 的内容被修改",
                                   f"audit entry {e.id} was altered")
            prev_hash, expected_id, checked = e.entry_hash, e.id + 1, checked + 1
            last_seen = e.id
        session.expunge_all()
    if head is None or head.last_id != checked or head.last_hash != prev_hash:
        return ChainReport(False, checked, checked + 1 if head else None,
                           "最后的审计记录被删除或链头被改动",
                           "the newest audit entries were deleted or the chain head was altered")
    return ChainReport(True, checked)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    hall_code: str
    actor: str
    action: str
    record_type: str
    record_id: str
    detail: str


class AuditService(Service):
    def verify(self, actor: Actor | None = None) -> ChainReport:
        """`counterdesk audit verify` runs without login: anyone may check integrity."""
        with self._sessions() as session, session.begin():
            return verify_chain(session)

    def recent(self, actor: Actor, limit: int = 200, action: str | None = None) -> list[AuditRow]:
        require(actor, "audit.view")
        with self._sessions() as session, session.begin():
            query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            if action:
                query = query.where(AuditEntry.action == action)
            return [AuditRow(e.id, e.at, e.hall_code, e.actor, e.action, e.record_type, e.record_id,
                             e.detail) for e in session.execute(query).scalars()]

    def count(self) -> int:
        with self._sessions() as session, session.begin():
            return session.execute(select(func.count(AuditEntry.id))).scalar_one()
