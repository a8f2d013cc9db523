"""The audit log's hash chain: every change leaves one entry; edits and deletions are detected."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from desktop.context import open_app
from tests.conftest import FAST_HASHER
from desktop.store.models import AuditEntry, AuditHead


def _make_entries(hall, n=3):
    for i in range(n):
        hall.services.halls.save_counter(hall.admin, i + 1, "A")


def test_each_change_writes_one_entry_and_the_chain_verifies(hall):
    before = hall.services.audit.count()
    _make_entries(hall, 3)
    assert hall.services.audit.count() == before + 3
    report = hall.services.audit.verify()
    assert report.ok and report.checked == before + 3


def test_an_edited_entry_is_detected(hall):
    _make_entries(hall)
    with hall.ctx.session_factory() as session, session.begin():
        session.execute(sa.update(AuditEntry).where(AuditEntry.id == 3).values(detail="nothing happened"))
    report = hall.services.audit.verify()
    assert not report.ok and report.bad_entry_id == 3


def test_a_deleted_entry_is_detected(hall):
    _make_entries(hall)
    with hall.ctx.session_factory() as session, session.begin():
        session.execute(sa.delete(AuditEntry).where(AuditEntry.id == 2))
    report = hall.services.audit.verify()
    assert not report.ok and report.bad_entry_id == 2


def test_deleting_the_newest_entry_is_detected(hall):
    _make_entries(hall)
    with hall.ctx.session_factory() as session, session.begin():
        last = session.execute(sa.select(sa.func.max(AuditEntry.id))).scalar_one()
        session.execute(sa.delete(AuditEntry).where(AuditEntry.id == last))
    assert not hall.services.audit.verify().ok


def test_a_rewritten_chain_without_the_head_is_detected(hall):
    """Re-hashing an edited entry is not enough: the following links and the head still disagree."""
    from desktop.services.audit import entry_hash

    _make_entries(hall)
    with hall.ctx.session_factory() as session, session.begin():
        e = session.get(AuditEntry, 2)
        e.actor = "someone_else"
        e.entry_hash = entry_hash(e.id, e.at, e.hall_code, e.actor, e.action, e.record_type, e.record_id,
                                  e.detail, e.prev_hash)
    report = hall.services.audit.verify()
    assert not report.ok and report.bad_entry_id == 3


def test_a_refused_change_writes_no_entry(hall):
    before = hall.services.audit.count()
    try:
        hall.services.halls.save_counter(hall.admin, 5, "Q")
    except Exception:
        pass
    assert hall.services.audit.count() == before


def test_concurrent_writers_keep_one_chain(hall):
    """Several connections (as several counter PCs) writing at once: no fork, no gap."""
    contexts = [open_app(hall.url, clock=hall.clock, hasher=FAST_HASHER) for _ in range(4)]
    errors = []

    def work(ctx, base):
        try:
            for i in range(5):
                ctx.services.halls.save_counter(hall.admin, base + i, "A")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c, 10 * (n + 1))) for n, c in enumerate(contexts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in contexts:
        c.dispose()
    assert errors == []
    report = hall.services.audit.verify()
    assert report.ok, report
    with hall.ctx.session_factory() as session:
        assert session.get(AuditHead, 1).last_id == report.checked


TRICKY_DETAILS = ['引号 " 与反斜杠 \\ 和 \\" ', "换行\n回车\r制表\t", "控制 \x01\x1f 删除 \x7f", "🚗 蒙M·A1234",
                  "行分隔 \u2028 段分隔 \u2029", "{\"json\": [1, 2]}", "", "'; DROP TABLE audit_log; --"]


def test_entries_hash_alike_whichever_side_makes_the_link(hall):
    """On PostgreSQL one entry is linked by the server (sha256 of the same canonical text); a batch
    and SQLite link in Python. Each stored hash equals Python's entry_hash, text of every kind."""
    from desktop.services import audit

    now = hall.clock()
    with hall.ctx.session_factory() as session, session.begin():
        for detail in TRICKY_DETAILS:
            audit.record(session, actor=hall.admin, at=now, action="test_entry", detail=detail)
        audit.record_many(session, actor=hall.admin, at=now, entries=[
            dict(action="test_batch", record_type="t", record_id=i, detail=d) for i, d in enumerate(TRICKY_DETAILS)])
    with hall.ctx.session_factory() as session:
        rows = session.scalars(sa.select(AuditEntry).where(AuditEntry.action.in_(("test_entry", "test_batch")))
                               .order_by(AuditEntry.id)).all()
    assert [r.detail for r in rows] == TRICKY_DETAILS * 2
    for r in rows:
        assert r.entry_hash == audit.entry_hash(r.id, r.at, r.hall_code, r.actor, r.action, r.record_type,
                                                r.record_id, r.detail, r.prev_hash)
    assert hall.services.audit.verify().ok
