"""叫号 and 办结's short way on PostgreSQL (services/calling_pg.py, issue 9): the driver's own
pipelined statements instead of SQLAlchemy's. It must write what the ordinary way writes, and hand
everything it does not expect to the ordinary way, whose refusals the clerk then sees. The behaviour
tests run on both stores (SQLite has only the ordinary way): the same answers either way."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, exc, select, text
from sqlalchemy.pool import NullPool

from desktop.domain.errors import DatabaseBusy, RefusedError
from desktop.services import calling_pg
from desktop.services.calling import RANKED, CallingService
from desktop.store.models import AuditEntry
from desktop.store.queue_models import CallEvent, CounterState, Ticket
from tests.pgserver import race_behind_the_audit_head


def _clerk(hall, counters=((1, "A"),)):
    s = hall.services
    for number, cats in counters:
        s.halls.save_counter(hall.admin, number, cats)
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    clerk = s.auth.login("clerk", "clerkpass1", counter=counters[0][0])
    s.calling.open_counter(clerk)
    return clerk


def _take(hall, category: str, n: int = 1):
    return [hall.services.tickets.take("152900", category).ticket for _ in range(n)]


def _sql_statements(hall):
    counted = []

    @event.listens_for(hall.ctx.engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        counted.append(statement)

    return counted, lambda: event.remove(hall.ctx.engine, "before_cursor_execute", count)


def test_the_constants_agree():
    assert calling_pg.RANKED == RANKED == 8
    assert calling_pg.ATTEMPTS >= 10


def test_call_and_finish_write_what_the_ordinary_way_writes(hall):
    """Two halls' worth of the same calls, one the short way (PostgreSQL) and one the ordinary way
    (the short way switched off): the same tickets, states, call events and audit entries."""
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 4)
    ordinary = CallingService(hall.ctx.session_factory, hall.clock)
    ordinary._pg = None  # the ordinary way only
    counted, stop = _sql_statements(hall)
    try:
        short = [s.calling.call_next(clerk)]
        short.append(s.calling.finish(clerk, cases=["VC1"]))
        through_sqlalchemy = len(counted)
        hall.clock.advance(minutes=2)
        plain = [ordinary.call_next(clerk)]
        plain.append(ordinary.finish(clerk, cases=["VC2"]))
    finally:
        stop()
    if hall.url.startswith("postgresql"):
        assert through_sqlalchemy == 0  # 叫号 and 办结 went the short way
    assert [v.label for v in short] == ["A001", "A001"] and [v.label for v in plain] == ["A002", "A002"]
    for called, finished in (short, plain):
        assert called.state == "called" and called.counter == 1 and called.clerk == "clerk"
        assert finished.state == "finished" and finished.outcome == "served"
        assert called.called_at.utcoffset().total_seconds() == 0 and finished.finished_at.tzinfo is not None
        assert finished.started_at == finished.finished_at  # never started: started when finished
    with hall.ctx.session_factory() as session:
        tickets = {t.label: t for t in session.execute(select(Ticket)).scalars()}
        events = session.execute(select(CallEvent.label, CallEvent.counter_number, CallEvent.kind)
                                 .order_by(CallEvent.id)).all()
        desk = session.get(CounterState, ("152900", 1))
    assert [tickets[x].cases for x in ("A001", "A002")] == ["VC1", "VC2"]
    assert tickets["A001"].first_called_at == tickets["A001"].called_at
    assert events == [("A001", 1, "call"), ("A002", 1, "call")]
    assert (desk.state, desk.ticket_id, desk.priority_streak) == ("idle", None, 0)
    entries = [(e.action, e.record_type, e.detail) for e in s.audit.recent(hall.admin, limit=4)][::-1]
    assert entries == [
        ("ticket_called", "ticket", "A001 → 1号窗口 normal"), ("ticket_finished", "ticket", "A001 cases=VC1"),
        ("ticket_called", "ticket", "A002 → 1号窗口 normal"), ("ticket_finished", "ticket", "A002 cases=VC2")]
    assert s.audit.verify(hall.admin).ok


def test_what_the_short_way_does_not_expect_gets_the_ordinary_answer(hall):
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 3)
    _take(hall, "B", 1)
    first = s.calling.call_next(clerk)
    with pytest.raises(RefusedError) as busy:  # its ticket is still called
        s.calling.call_next(clerk)
    assert busy.value.code == "counter_busy" and first.label in busy.value.message_zh
    s.calling.finish(clerk)
    with pytest.raises(RefusedError) as nothing:  # finished already: no current ticket
        s.calling.finish(clerk)
    assert nothing.value.code == "no_current_ticket"
    s.calling.pause(clerk, "午休")
    with pytest.raises(RefusedError) as paused:
        s.calling.call_next(clerk)
    assert paused.value.code == "counter_paused"
    s.calling.resume(clerk)
    # The supervisor moves the counter to B between two calls: the remembered categories are stale.
    s.halls.save_counter(hall.admin, 1, "B")
    assert s.calling.call_next(clerk).label == "B001"
    # A ticket put on hold is not this counter's current ticket any more.
    s.calling.hold(clerk, "取材料")
    with pytest.raises(RefusedError) as held:
        s.calling.finish(clerk)
    assert held.value.code == "no_current_ticket"
    assert s.calling.call_back(clerk, "B001").label == "B001"
    assert s.calling.finish(clerk).state == "finished"
    # Called out of turn (the ordinary way), finished whichever way.
    s.halls.save_counter(hall.admin, 1, "A")
    assert s.calling.call_specific(clerk, "A003", "老人").label == "A003"
    assert s.calling.finish(clerk).label == "A003"
    assert s.calling.call_next(clerk).label == "A002"
    hall.clock.advance(minutes=5)
    s.calling.no_show(clerk)
    with pytest.raises(RefusedError):
        s.calling.finish(clerk)
    assert s.calling.call_next(clerk) is None  # nothing left for A
    assert s.audit.verify(hall.admin).ok


def test_every_ranked_choice_taken_by_others_then_the_next(hall):
    """The claim skips tickets other counters took between this counter's read and its claim (the
    race of twenty counters, played here by taking them behind its back)."""
    clerk = _clerk(hall, ((1, "A"), (2, "A")))
    s = hall.services
    _take(hall, "A", RANKED + 3)
    other = s.auth.login("clerk", "clerkpass1", counter=2)
    s.calling.open_counter(other)
    assert s.calling.call_next(clerk).label == "A001"
    s.calling.finish(clerk)
    path = s.calling._pg_path()
    if path is None:
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    read = path._read_candidates

    def read_then_lose(raw, actor, *args):  # the candidates read; then another counter calls 3 of them
        cursor = read(raw, actor, *args)
        if actor.counter == 1 and not taken:
            with hall.ctx.session_factory() as session, session.begin():
                ids = session.execute(select(Ticket.id).where(Ticket.state == "waiting")
                                      .order_by(Ticket.id).limit(3)).scalars().all()
                session.execute(Ticket.__table__.update().where(Ticket.id.in_(ids)).values(state="called",
                                                                                         counter_number=2))
            taken.extend(ids)
        return cursor

    taken: list[int] = []
    path._read_candidates = read_then_lose
    try:
        got = s.calling.call_next(clerk)
    finally:
        path._read_candidates = read
    assert taken and got.id not in taken and got.label == "A005"
    assert s.audit.verify(hall.admin).ok


@pytest.mark.parametrize("meanwhile, refusal", [
    ("called", "counter_busy"),  # a second PC signed in at the same window called first
    ("paused", "counter_paused"),  # or the window was paused
])
def test_a_desk_changed_between_the_read_and_the_claim_gets_the_ordinary_answer(hall, meanwhile, refusal):
    """The short way reads the desk without locking it and claims in a statement of its own, which
    locks the desk and claims only if it is still as read: else the ordinary way answers."""
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 3)
    path = s.calling._pg_path()
    if path is None:
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    ordinary = CallingService(hall.ctx.session_factory, hall.clock)
    ordinary._pg = None
    rank = path._rank
    interfered = []

    def rank_then_interfere(*args):  # between the read (exchange 1) and the claim (exchange 2)
        ranked = rank(*args)
        if not interfered:
            interfered.append(ordinary.call_next(clerk) if meanwhile == "called" else ordinary.pause(clerk, "午休"))
        return ranked

    path._rank = rank_then_interfere
    try:
        with pytest.raises(RefusedError) as refused:
            s.calling.call_next(clerk)
    finally:
        path._rank = rank
    assert refused.value.code == refusal
    with hall.ctx.session_factory() as session:
        called = session.execute(select(Ticket.label).where(Ticket.state == "called")).scalars().all()
        desk = session.get(CounterState, ("152900", 1))
    assert called == (["A001"] if meanwhile == "called" else [])  # never two tickets at one window
    assert desk.state == meanwhile
    assert s.audit.verify(hall.admin).ok


@pytest.mark.postgres
@pytest.mark.parametrize("second", ["call_next", "finish"])
def test_the_ordinary_way_after_waiting_for_the_desk_sees_the_ticket_called_meanwhile(hall, second):
    """Two PCs signed in at one window. The short way's claim holds the desk's lock and waits (here,
    for the audit chain's head); the ordinary way waits for the desk's lock. When it gets it, the
    desk row it sees is the new one, but the ticket joined to it is as first read (none): it must not
    call a second ticket to the window, nor write the 办结 of a ticket it cannot name."""
    if not hall.url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 3)
    ordinary = CallingService(hall.ctx.session_factory, hall.clock)
    ordinary._pg = None
    # the short way: the desk locked, A001 claimed, the head awaited; the ordinary way: the desk awaited
    short, plain = race_behind_the_audit_head(hall.url, lambda: s.calling.call_next(clerk),
                                              lambda: getattr(ordinary, second)(clerk))
    assert short.label == "A001"
    with hall.ctx.session_factory() as session:
        states = dict(session.execute(select(Ticket.label, Ticket.state)).all())
        detail = session.execute(select(AuditEntry.detail).where(AuditEntry.action == "ticket_finished")).scalar()
    if second == "call_next":
        assert isinstance(plain, RefusedError) and plain.code == "counter_busy"
        assert "A001" in plain.message_zh
        assert states == {"A001": "called", "A002": "waiting", "A003": "waiting"}  # one ticket at the window
    else:
        assert plain.label == "A001" and plain.state == "finished"
        assert detail == "A001 cases="  # the ticket named, not "None"
    assert s.audit.verify(hall.admin).ok


@pytest.mark.postgres
def test_a_broken_connection_is_busy_try_again_and_the_next_call_works(hall):
    if not hall.url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 2)
    # the pool's one connection dies behind the application's back (a server restart, a network cut)
    hall.ctx.engine.dispose()
    with hall.ctx.engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    outside = create_engine(hall.url, poolclass=NullPool)
    try:
        with outside.connect() as killer:
            assert killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    finally:
        outside.dispose()
    with pytest.raises(DatabaseBusy) as broken:  # "try again", as the ordinary way says it
        s.calling.call_next(clerk)
    assert isinstance(broken.value.__cause__, exc.OperationalError)
    first = s.calling.call_next(clerk)  # a fresh connection: the broken one was invalidated
    assert first.label == "A001"
    assert s.calling.finish(clerk).state == "finished"
    assert s.audit.verify(hall.admin).ok


def test_the_short_way_leaves_the_connections_on_the_servers_own_plans(hall):
    clerk = _clerk(hall)
    s = hall.services
    _take(hall, "A", 1)
    s.calling.call_next(clerk)
    s.calling.finish(clerk)
    with hall.ctx.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only")
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "auto"
        assert conn.connection.driver_connection.autocommit is False  # as the ordinary way needs it
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1  # and no transaction was left open
