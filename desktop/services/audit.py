"""Audit log (审计日志): one entry per data-changing call, hash-chained so edits and deletions show."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Text, bindparam, cast, func, insert, literal_column, select, update
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from desktop.services.base import Actor, Service, require
from desktop.store import driver
from desktop.store.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64
# Built once (every data-changing call runs these three).
_HEAD = select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_INSERT = insert(AuditEntry)
_ADVANCE = update(AuditHead).where(AuditHead.id == 1).values(last_id=bindparam("new_id"),
                                                             last_hash=bindparam("new_hash"))
_FIELDS = ("id", "at", "hall_code", "actor", "action", "record_type", "record_id", "detail", "prev_hash",
           "entry_hash")
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
    if len(entries) == 1 and conn.dialect.name == "postgresql":  # every data-changing call: one statement
        return [conn.execute(_SERVER_APPEND, chained_params(actor=actor, at=at, **entries[0])).scalar_one()]
    if len(entries) == 1 and conn.dialect.name == "sqlite":
        return [_append_on_sqlite(conn, actor, at, entries[0])]
    head = conn.execute(_HEAD).one()
    params = []
    for entry in entries:
        params.append(entry_params(head, actor=actor, at=at, **entry))
        head = params[-1]["new_id"], params[-1]["new_hash"]
    if params:
        conn.execute(_INSERT, [{f: p[f"e_{f}"] for f in _FIELDS} for p in params])
        conn.execute(_ADVANCE, params[-1])
    return [p["new_id"] for p in params]


# SQLite, one entry (every data-changing call): the driver's own statements, in the caller's
# transaction (it holds the write lock: BEGIN IMMEDIATE). Through Core the three cost ~0.6 ms of a
# 叫号's ~4 (benchmarks/bench_queue.py); the values are bound as the columns' own types bind them.
_SQLITE_HEAD = "SELECT last_id, last_hash FROM audit_head WHERE id = 1"
_SQLITE_INSERT = (f"INSERT INTO audit_log ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})")
_SQLITE_ADVANCE = "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1"


def _append_on_sqlite(conn, actor: Actor, at: datetime, entry: dict) -> int:
    head = driver.execute(conn, _SQLITE_HEAD)
    if head is None:
        raise NoResultFound("No row was found when one was required")  # as Core's .one() says it
    params = entry_params(head, actor=actor, at=at, **entry)
    values = [params[f"e_{f}"] for f in _FIELDS]
    values[1] = driver.bind_processor(AuditEntry.__table__.c.at, conn)(values[1])
    driver.execute(conn, _SQLITE_INSERT, values)
    driver.execute(conn, _SQLITE_ADVANCE, (params["new_id"], params["new_hash"]))
    return params["new_id"]


def entry_params(head, *, actor: Actor, at: datetime, action: str, record_type: str = "",
                 record_id: object = "", detail: str = "", hall_code: str | None = None) -> dict:
    """The next entry after `head` (last_id, last_hash, read under its lock), hashed here: e_<field>
    for the entry, new_id / new_hash for the head's advance (record_many's batches, and SQLite)."""
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


# --- PostgreSQL: the entry chained by the server, in the statement that needs it. The head is locked
# inside that one statement and held only to the commit: no round trip, no Python, between taking
# the lock every writer queues for and the commit (20 counters: bench_pg_counters).

def canonical_middle(at: datetime, hall_code: str, actor: str, action: str, record_type: str, record_id: str,
                      detail: str) -> str:
    """entry_hash's canonical JSON between the entry's id and the previous hash (what Python knows
    before the head is read): the server puts "[id," before it and ',"prev_hash"]' after it."""
    return json.dumps([at.isoformat(timespec="microseconds"), hall_code, actor, action, record_type, record_id,
                       detail], ensure_ascii=False, separators=(",", ":"))[1:-1]


def _server_hash(last_id, last_hash):
    """entry_hash() of the entry after (last_id, last_hash), computed by PostgreSQL (sha256, PG 11+)
    from the same canonical text: an integer and a hex string need no JSON escaping, and the rest
    is Python's own json.dumps (e_middle)."""
    canonical = (literal_column("'['", Text) + cast(last_id + 1, Text) + literal_column("','", Text)
                 + bindparam("e_middle", type_=Text) + literal_column("',\"'", Text) + last_hash
                 + literal_column("'\"]'", Text))
    return func.encode(func.sha256(func.convert_to(canonical, literal_column("'UTF8'"))), literal_column("'hex'"))


# The head locked and read once (referenced twice, so PostgreSQL evaluates it once); the entry
# inserted from it and the head advanced from it, each hashing the same row. The advance joins it by
# the head's id, never by a column that moves: a head another writer advanced after this
# statement's snapshot still matches, and is updated as the version this statement locked.
_LOCKED = _HEAD.add_columns(AuditHead.id).cte("audit_head_locked")
_SERVER_ENTRY = insert(AuditEntry).from_select(list(_FIELDS), select(
    _LOCKED.c.last_id + 1, *(bindparam(f"e_{f}", type_=AuditEntry.__table__.c[f].type) for f in _FIELDS[1:-2]),
    _LOCKED.c.last_hash,
    _server_hash(_LOCKED.c.last_id, _LOCKED.c.last_hash))).cte("audit_entry")
_SERVER_ADVANCE = update(AuditHead).where(AuditHead.id == _LOCKED.c.id).values(
    last_id=_LOCKED.c.last_id + 1, last_hash=_server_hash(_LOCKED.c.last_id, _LOCKED.c.last_hash))
_SERVER_APPEND = _SERVER_ADVANCE.add_cte(_LOCKED).add_cte(_SERVER_ENTRY).returning(AuditHead.last_id)


def chained(statement):
    """PostgreSQL: `statement` that also appends an audit entry and advances the head, the chain's
    link made by the server (data-modifying WITHs), with chained_params' parameters beside its own."""
    return statement.add_cte(_LOCKED).add_cte(_SERVER_ENTRY).add_cte(_SERVER_ADVANCE.cte("audit_advance"))


def chained_params(*, actor: Actor, at: datetime, action: str, record_type: str = "", record_id: object = "",
                   detail: str = "", hall_code: str | None = None) -> dict:
    """The entry's fields for chained() (e_<field>), and its canonical middle for the server's hash."""
    at = at.astimezone(timezone.utc)
    entry = {"at": at, "hall_code": hall_code or actor.hall_code, "actor": actor.username, "action": action,
             "record_type": record_type, "record_id": str(record_id), "detail": detail[:DETAIL_MAX]}
    return {**{f"e_{k}": v for k, v in entry.items()}, "e_middle": canonical_middle(**entry)}


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
