"""The counter's side of the queue (叫号): call next, recall, call a given ticket, start, no-show,
hold and call back, transfer, finish, pause and resume. Each method is one transaction.

A ticket is claimed with `UPDATE … WHERE state = 'waiting'` and a row-count check, so two counters
never get the same ticket, on SQLite shared by several processes and on PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import (Integer, String, all_, any_, bindparam, case, false, func, insert, literal, literal_column,
                        select, text, true, union_all, update)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from desktop.domain import queue_rules
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.halls import check_counter_number
from desktop.domain.queueing import Choice, CounterProfile, PolicySettings, WaitingTicket, ranking
from desktop.services import audit, calling_pg
from desktop.services.base import Actor, Service, hall_date, require
from desktop.services.counter_panel import CounterPanelMixin
from desktop.services.supervision import SupervisionMixin
from desktop.services.queue_views import TicketView, ticket_view
from desktop.store import driver
from desktop.store.models import Counter
from desktop.store.queue_models import WAITING, CallEvent, CounterState, Ticket, TicketCategory

CLAIM_ATTEMPTS = 20

# The hot path of 叫号 uses statements built once, with bound parameters: building a select() per
# call costs more than running it (benchmarks/bench_queue.py).
_COUNTER = select(Counter).where(Counter.hall_code == bindparam("hall"), Counter.number == bindparam("number"))
_STATE = select(CounterState).where(CounterState.hall_code == bindparam("hall"),
                                    CounterState.counter_number == bindparam("number")).with_for_update()
_CLAIM = (update(Ticket).where(Ticket.id == bindparam("ticket_id"),
                               Ticket.state.in_(bindparam("from_states", expanding=True)))
          .values(state="called", counter_number=bindparam("counter"), clerk=bindparam("clerk"),
                  called_at=bindparam("now"), target_counter=None,
                  first_called_at=func.coalesce(Ticket.first_called_at, bindparam("now")))
          .returning(Ticket))
_DESK_READ = (select(Counter.number, Counter.categories, Counter.active, CounterState.state, CounterState.ticket_id,
                     CounterState.priority_streak, Ticket.state.label("ticket_state"), Ticket.label.label("ticket_label"))
              .join(CounterState, (CounterState.hall_code == Counter.hall_code)
                    & (CounterState.counter_number == Counter.number))
              .outerjoin(Ticket, Ticket.id == CounterState.ticket_id)  # the counter's ticket (see _desk)
              .where(Counter.hall_code == bindparam("hall"), Counter.number == bindparam("number")))
_DESK = _DESK_READ.with_for_update(of=CounterState)
# PostgreSQL: the counter's transaction runs its statements on plans made once per connection
# (generic plans of the prepared statements) instead of planning them at every execution: the
# candidates' read is a union of a dozen short index scans, and planning it cost the server more
# than running it (server CPU per 叫号 + 办结 3.3 → 2.0 ms, one counter, bench_pg_counters). Set by
# the desk read itself for its transaction only (set_config(…, true)): no round trip, and nothing
# outside the counter's hot path is affected. Every predicate a partial index needs is a literal.
_GENERIC_PLANS = func.set_config("plan_cache_mode", "force_generic_plan", True).label("plans")
_DESK_PG = _DESK.add_columns(_GENERIC_PLANS)
# calling_pg's read of the desk, unlocked (its claim locks the row and checks it is still as read),
# in a batch that is its own transaction: the plans' setting ends with the batch.
_DESK_PG_READ = _DESK_READ.add_columns(_GENERIC_PLANS)
# 叫号 reads candidates, not the whole queue: for each calling rule of domain.queueing.choose_next,
# the first CANDIDATES tickets in that rule's own order, each through its partial index (migration
# 0007) — per category the green-channel head and the normal head (by sort_at, id) and the longest
# waiting (by issued_at: the service-level rule), plus the due appointments and the transfers to
# this counter. The best ticket of every rule is among them, so choose_next over the candidates
# chooses what it would over every waiting ticket (at 6,000 waiting the full read took 132 ms).
CANDIDATES = 8
# As the indexes state it (queue_models.WAITING): with a bound parameter they would go unused.
_WAITING_NOW = text(f"tickets.{WAITING}")
_CANDIDATE_COLUMNS = (Ticket.id, Ticket.category, Ticket.sort_at, Ticket.issued_at, Ticket.priority,
                      Ticket.appointment_at, Ticket.target_counter)
_candidate_statements: dict[tuple[int, str], object] = {}


def _candidates_statement(n_categories: int, dialect: str, n_excluded: int = 0):
    """The candidates' read for a counter serving `n_categories` categories (bound c0, c1, …), one
    round trip: UNION ALL of the rules' short index scans, with each category's service-level target.
    A row: WaitingTicket's fields, `grp` (which scan it came from: a scan that came back full may
    have more), the label, the category's SLA minutes. `n_excluded`: SQLite only, how many ticket
    ids (bound x0, x1, …) to leave out."""
    key = (n_categories, dialect, n_excluded if dialect != "postgresql" else 0)
    statement = _candidate_statements.get(key)
    if statement is not None:
        return statement

    # PostgreSQL: the lists as arrays (= ANY, <> ALL), so the SQL text is the same whatever their length
    # (one prepared statement). SQLite: one statement per length, each value bound on its own (it
    # runs on the driver, store.driver.Prepared; an expanding IN is rendered anew at every call) — the
    # exclusions are almost always none there: one writer at a time, a claim is never lost.
    if dialect == "postgresql":
        not_excluded = [Ticket.id != all_(bindparam("excluded", type_=ARRAY(Integer)))]
        # (the counter's categories as it stores them, "A,D": no text array to quote on the way)
        in_categories = Ticket.category == any_(func.string_to_array(bindparam("categories", type_=String), ","))
    else:
        excluded = [bindparam(f"x{j}", type_=Integer) for j in range(n_excluded)]
        not_excluded = [Ticket.id.not_in(excluded)] if excluded else []
        in_categories = Ticket.category.in_([bindparam(f"c{i}", type_=String) for i in range(n_categories)])

    def scan(group: int, *where, order):
        return select(*_CANDIDATE_COLUMNS, literal_column(str(group)).label("grp"), Ticket.label).where(
            Ticket.hall_code == bindparam("hall"), Ticket.day == bindparam("day"), _WAITING_NOW,
            *not_excluded, *where).order_by(*order).limit(CANDIDATES)

    untargeted = Ticket.target_counter.is_(None)
    scans = [scan(0, Ticket.target_counter.is_not(None), Ticket.target_counter == bindparam("number"),
                  order=(Ticket.sort_at, Ticket.id)),
             scan(1, Ticket.appointment_at.is_not(None), Ticket.appointment_at <= bindparam("due_from"),
                  in_categories, untargeted,
                  order=(Ticket.appointment_at, Ticket.sort_at, Ticket.id))]
    for i in range(n_categories):
        category = Ticket.category == bindparam(f"c{i}")
        for flag in (true(), false()):
            scans.append(scan(len(scans), category, Ticket.priority == flag, untargeted,
                              order=(Ticket.sort_at, Ticket.id)))
        scans.append(scan(len(scans), category, untargeted, order=(Ticket.issued_at, Ticket.sort_at, Ticket.id)))
    # SQLite takes no ORDER BY / LIMIT on a member of a UNION: each scan is wrapped as a subquery
    # there. PostgreSQL takes the scans as they are: half the text, which its driver then converts
    # once and keeps (psycopg caches statements up to 4 KB), not at every call.
    members = scans if dialect == "postgresql" else [select(*s.subquery().c) for s in scans]
    found = union_all(*members).subquery()
    statement = select(*found.c, TicketCategory.sla_minutes).join(
        TicketCategory, (TicketCategory.hall_code == bindparam("hall")) & (TicketCategory.code == found.c.category))
    _candidate_statements[key] = statement
    return statement


def _first(conn, statement, values: dict):
    """The hot paths' statements (built once): on SQLite straight on the driver (store.driver.Prepared:
    the Core execute cost more than the statement), elsewhere through Core; one row or None."""
    if conn.dialect.name == "sqlite":
        return driver.prepared(statement, conn.dialect).first(conn, values)
    return conn.execute(statement, values).one_or_none()


def _all(conn, statement, values: dict) -> list:
    """As _first, every row."""
    if conn.dialect.name == "sqlite":
        return driver.prepared(statement, conn.dialect).all(conn, values)
    return conn.execute(statement, values).all()


def candidate_values(hall_code: str, day, number: int, due_from: datetime, categories: tuple[str, ...],
                     excluded: set[int], dialect: str) -> dict:
    """The candidates' read's parameters, as the dialect's statement binds the lists."""
    lists = {"categories": ",".join(categories), "excluded": sorted(excluded)} if dialect == "postgresql" else \
        {f"x{j}": ticket_id for j, ticket_id in enumerate(sorted(excluded))}
    return {"hall": hall_code, "day": day, "number": number, "due_from": due_from, **lists,
            **{f"c{i}": c for i, c in enumerate(categories)}}


# TicketView's fields, in its order.
_VIEW_COLUMNS = (Ticket.id, Ticket.label, Ticket.category, Ticket.state, Ticket.priority, Ticket.priority_reason,
                 Ticket.name_masked, Ticket.issued_at, Ticket.called_at, Ticket.started_at, Ticket.finished_at,
                 Ticket.appointment_at, Ticket.counter_number, Ticket.clerk, Ticket.recalls, Ticket.outcome,
                 Ticket.person_id, Ticket.rating)
# The claim: the first of the counter's choices, in its order, that no other counter has taken or is
# taking. PostgreSQL: a row another counter is claiming right now is skipped (SKIP LOCKED), not waited
# for — waiting meant waiting for that counter's commit, then losing anyway and reading the queue
# again; with twenty counters most calls lost the head ticket so. SQLite has one writer at a time
# (BEGIN IMMEDIATE): FOR UPDATE is not rendered there and the first choice is always free.
RANKED = calling_pg.RANKED  # choices offered in one claim
_CLAIMABLE = Ticket.__table__.alias("claimable")
_claim_statements: dict[int, object] = {}


def _claim_statement(n: int):
    """The claim of the first free ticket among ids r0 … r{n-1}, in that order (built once per n)."""
    statement = _claim_statements.get(n)
    if statement is None:
        ids = [bindparam(f"r{i}") for i in range(n)]
        first_free = (select(_CLAIMABLE.c.id).where(_CLAIMABLE.c.id.in_(ids), _CLAIMABLE.c.state == "waiting")
                      .order_by(case({i: rank for rank, i in enumerate(ids)}, value=_CLAIMABLE.c.id) if n > 1
                                else _CLAIMABLE.c.id)
                      .limit(1).with_for_update(skip_locked=True).scalar_subquery())
        statement = (update(Ticket).where(Ticket.id == first_free, Ticket.state == "waiting")
                     .values(state="called", counter_number=bindparam("counter"), clerk=bindparam("clerk"),
                             called_at=bindparam("now"), target_counter=None,
                             first_called_at=func.coalesce(Ticket.first_called_at, bindparam("now")))
                     .returning(*_VIEW_COLUMNS))
        _claim_statements[n] = statement
    return statement


_COUNTER_CALLED = update(CounterState).where(
    CounterState.hall_code == bindparam("hall"), CounterState.counter_number == bindparam("number")).values(
    state="called", ticket_id=bindparam("ticket_id"), clerk=bindparam("clerk"), since=bindparam("now"),
    priority_streak=bindparam("streak"))
_FINISH = (update(Ticket).where(Ticket.id == bindparam("ticket_id"),
                                 Ticket.state.in_([literal("called"), literal("serving")]))  # (not expanding)
           .values(state="finished", outcome="served", finished_at=bindparam("now"), cases=bindparam("cases"),
                   started_at=func.coalesce(Ticket.started_at, bindparam("now")))
           .returning(*_VIEW_COLUMNS))
# PostgreSQL: the two writes that follow a claim, or a finish, in one statement (a data-modifying
# WITH): a round trip less per call with twenty counters sharing two CPUs with the server.
_CALLED_AND_EVENT = _COUNTER_CALLED.add_cte(insert(CallEvent).values(
    hall_code=bindparam("hall"), ticket_id=bindparam("ticket_id"), label=bindparam("label"),
    counter_number=bindparam("number"), name_masked=bindparam("name_masked"), kind=bindparam("kind"),
    at=bindparam("now")).cte("event"))
# SQLite: the same two writes on the driver's cursor (store/driver.py: each Core execute cost ~0.15 ms
# of a 叫号's ~3.5).
_SQLITE_CALLED = ("UPDATE counter_states SET state = 'called', ticket_id = ?, clerk = ?, since = ?, priority_streak = ? "
                  "WHERE hall_code = ? AND counter_number = ?")
_SQLITE_EVENT = ("INSERT INTO call_events (hall_code, ticket_id, label, counter_number, name_masked, kind, at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)")
_COUNTER_IDLE = update(CounterState).where(  # (not "number": a column of tickets, with which it is sent)
    CounterState.hall_code == bindparam("desk_hall"), CounterState.counter_number == bindparam("desk_number")).values(
    state="idle", ticket_id=None, since=bindparam("now"))
# PostgreSQL: each with its audit entry, chained by the server (audit.chained): the head is locked in
# the transaction's last statement only, and held to the commit.
_FINISH_IDLE_AND_ENTRY = audit.chained(_FINISH.add_cte(_COUNTER_IDLE.cte("idle")))
_CALLED_EVENT_AND_ENTRY = audit.chained(_CALLED_AND_EVENT)


def _candidates(rows) -> tuple[list[WaitingTicket], PolicySettings, list[set[int]]]:
    """The candidates' read as choose_next takes it: the tickets, the policy with the categories'
    service-level targets, and the ids of each scan that came back full (it may hold more)."""
    settings = PolicySettings(sla_minutes={r[1]: r[9] for r in rows})
    scans: dict[int, set[int]] = {}
    for r in rows:
        scans.setdefault(r[7], set()).add(r[0])
    full = [ids for ids in scans.values() if len(ids) == CANDIDATES]
    return list({r[0]: WaitingTicket(*r[:7]) for r in rows}.values()), settings, full


def _rank_candidates(rows, profile: CounterProfile, now: datetime, streak: int, excluded: set[int]):
    """calling_pg's way to the same choices: (the ranked choices, each with its ticket's label;
    whether a read would find more)."""
    waiting, settings, full = _candidates(rows)
    ranked = _ranked(waiting, profile, now, settings, streak, full, excluded)
    labels = {r[0]: r[8] for r in rows}
    return [(c, labels[c.ticket.id]) for c in ranked], any(ids <= excluded for ids in full)


def _ranked(waiting: list[WaitingTicket], profile: CounterProfile, now: datetime, settings: PolicySettings,
            streak: int, full: list[set[int]], excluded: set[int]) -> list[Choice]:
    """The counter's choices in order — the best, the best once that one is gone, … — as long as the
    candidates still hold each rule's next best (a scan that came back full keeps one unchosen)."""
    ranked: list[Choice] = []
    gone = set(excluded)
    for choice in ranking(waiting, profile, now, settings, streak):
        if len(ranked) >= RANKED or any(ids <= gone for ids in full):
            break
        ranked.append(choice)
        gone.add(choice.ticket.id)
    return ranked


class CallingService(SupervisionMixin, CounterPanelMixin, Service):
    _pg: calling_pg.PgCounterPath | None | bool = False  # not yet looked at

    def _pg_path(self) -> calling_pg.PgCounterPath | None:
        """PostgreSQL: 叫号 and 办结 the short way (calling_pg), tried before the ordinary way below."""
        if self._pg is False:
            engine = self._sessions.factory.kw.get("bind")
            self._pg = calling_pg.PgCounterPath(
                engine, _DESK_PG_READ, lambda n: _candidates_statement(n, "postgresql"), _rank_candidates) \
                if engine is not None and engine.dialect.name == "postgresql" else None
        return self._pg

    # --- the counter itself ---------------------------------------------------------------------
    def _desk(self, session: Session, actor: Actor, counter: int | None, number: int | None):
        """(connection, the counter's desk row) for the hot paths: Core statements straight on the
        connection; an unknown, inactive or never-opened counter goes the checked way first."""
        conn = session.connection()
        statement = _DESK_PG if conn.dialect.name == "postgresql" else _DESK
        desk = _first(conn, statement, {"hall": actor.hall_code, "number": number}) if number is not None else None
        if desk is None or not desk.active:
            _, state = self._counter(session, actor, counter)
            session.flush()
            desk = _first(conn, statement, {"hall": actor.hall_code, "number": state.counter_number})
        if desk.ticket_id is not None and desk.ticket_state is None:
            # PostgreSQL, after waiting for the desk's lock: the statement re-checks the desk row as
            # the other transaction left it, but keeps the joined ticket as first read — none, as the
            # desk was idle. Read again, under the lock now held: the ticket the other PC called.
            desk = _first(conn, statement, {"hall": actor.hall_code, "number": desk.number})
        return conn, desk

    def _counter(self, session: Session, actor: Actor, number: int | None) -> tuple[Counter, CounterState]:
        number = number if number is not None else actor.counter
        if number is None:
            raise ValidationError("counter", "counter_required", "请选择窗口号", "Choose the counter number")
        number = check_counter_number(number)  # 1..999: never a 2**64 or "一" at the driver
        counter = session.execute(_COUNTER, {"hall": actor.hall_code, "number": number}).scalar_one_or_none()
        if counter is None or not counter.active:
            raise NotFoundError("counter_unknown", f"没有启用的{number}号窗口", f"Counter {number} does not exist")
        state = session.execute(_STATE, {"hall": actor.hall_code, "number": counter.number}).scalar_one_or_none()
        if state is None:
            state = CounterState(hall_code=actor.hall_code, counter_number=counter.number, state="closed",
                                 clerk="", pause_reason="", priority_streak=0)
            session.add(state)
            session.flush()
        return counter, state

    def _current(self, session: Session, state: CounterState, *, states: tuple[str, ...]) -> Ticket:
        ticket = session.get(Ticket, state.ticket_id) if state.ticket_id else None
        if ticket is None or ticket.state not in states:
            raise RefusedError("no_current_ticket", "本窗口当前没有号票", "This counter has no current ticket")
        return ticket

    def _busy_guard(self, session: Session, state: CounterState) -> None:
        """One ticket per counter at a time (Novo SGA #213: two started tickets locked the module)."""
        if state.ticket_id:
            current = session.get(Ticket, state.ticket_id)
            if current is not None and current.state in ("called", "serving"):
                raise RefusedError("counter_busy", f"请先办结或过号当前号票 {current.label}",
                                   f"Finish or mark as no-show the current ticket {current.label} first")

    def open_counter(self, actor: Actor, counter: int | None = None) -> None:
        """Sign in at a counter: it becomes idle and ready to call."""
        require(actor, "queue.serve")
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            if state.state in ("closed", "idle") or state.clerk != actor.username:
                if state.state not in ("called", "serving"):
                    state.state = "idle"
                state.clerk, state.since = actor.username, self._clock()
                audit.record(session, actor=actor, at=self._clock(), action="counter_opened",
                             record_type="counter", record_id=state.counter_number)

    def close_counter(self, actor: Actor, counter: int | None = None) -> None:
        require(actor, "queue.serve")
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            self._busy_guard(session, state)
            state.state, state.clerk, state.since = "closed", "", self._clock()
            audit.record(session, actor=actor, at=self._clock(), action="counter_closed",
                         record_type="counter", record_id=state.counter_number)

    # --- calling ------------------------------------------------------------------------------
    def call_next(self, actor: Actor, counter: int | None = None) -> TicketView | None:
        """叫号: the next ticket by the hall's policy among the categories this counter serves.

        The hot path of the hall: Core statements built once (the desk and its lock, the candidates
        with their SLA, the claim with RETURNING, the announcement) — about 7 statements."""
        require(actor, "queue.serve")
        now = self._clock()
        number = counter if counter is not None else actor.counter
        fast = self._pg_path()
        if fast is not None and number is not None:
            view = fast.call_next(actor, check_counter_number(number), now)
            if view is calling_pg.BUSY:
                raise RefusedError("busy_try_again", "叫号繁忙，请重试", "The queue is busy; please try again")
            if view is not calling_pg.FALLBACK:
                return view
        with self._sessions() as session, session.begin():
            conn, desk = self._desk(session, actor, counter, number)
            if desk.ticket_state in ("called", "serving"):
                raise RefusedError("counter_busy", f"请先办结或过号当前号票 {desk.ticket_label}",
                                   f"Finish or mark as no-show the current ticket {desk.ticket_label} first")
            if desk.state == "paused":
                raise RefusedError("counter_paused", "窗口处于暂停状态，请先恢复", "The counter is paused: resume first")
            categories = tuple(c for c in desk.categories.split(",") if c)
            profile = CounterProfile(desk.number, categories)
            excluded: set[int] = set()
            due_from = now + timedelta(minutes=PolicySettings.appointment_early_minutes)
            dialect = conn.dialect.name
            rows = None
            for _ in range(CLAIM_ATTEMPTS):
                if rows is None:  # (re)read the candidates, without those other counters took first
                    values = candidate_values(actor.hall_code, hall_date(now), desk.number, due_from, categories,
                                              excluded, dialect)
                    rows = _all(conn, _candidates_statement(len(categories), dialect, len(excluded)), values)
                    waiting, settings, full = _candidates(rows)
                ranked = _ranked(waiting, profile, now, settings, desk.priority_streak, full, excluded)
                if not ranked:
                    if any(ids <= excluded for ids in full):
                        rows = None  # the next of a scan is unread
                        continue
                    return None
                claimed = _first(conn, _claim_statement(len(ranked)), {
                    **{f"r{i}": c.ticket.id for i, c in enumerate(ranked)}, "counter": desk.number,
                    "clerk": actor.username, "now": now})
                if claimed is not None:
                    view = TicketView(*claimed)
                    choice = next(c for c in ranked if c.ticket.id == view.id)
                    self._announce(session, actor, desk.number, view, now, "call", choice.reason,
                                   choice.priority_streak)
                    return view
                # Other counters took all of them: choose again among the candidates left, or read
                # again once a scan that came back full has none left (its next one is unread).
                excluded.update(c.ticket.id for c in ranked)
                waiting = [t for t in waiting if t.id not in excluded]
                if any(ids <= excluded for ids in full):
                    rows = None
            raise RefusedError("busy_try_again", "叫号繁忙，请重试", "The queue is busy; please try again")

    def _claim(self, session: Session, ticket_id: int, counter: int, actor: Actor, now: datetime,
               from_states: tuple[str, ...] = ("waiting",)) -> Ticket | None:
        """The atomic claim: only one transaction can move the row out of `from_states`; the others
        update nothing and get None (RETURNING gives the claimed row without another SELECT)."""
        return session.execute(_CLAIM, {"ticket_id": ticket_id, "from_states": list(from_states), "counter": counter,
                                        "clerk": actor.username, "now": now},
                               execution_options={"synchronize_session": False}).scalar_one_or_none()

    def _called(self, session: Session, state: CounterState, ticket: Ticket, actor: Actor, now: datetime,
                kind: str, reason: str = "") -> None:
        self._announce(session, actor, state.counter_number, ticket_view(ticket), now, kind, reason,
                       state.priority_streak)
        session.expire(state)

    def _announce(self, session: Session, actor: Actor, counter: int, ticket: TicketView, now: datetime,
                  kind: str, reason: str, streak: int) -> None:
        """After a claim: the counter shows the ticket, the board gets a call event, the audit an entry.
        Core statements (no unit-of-work flush): this runs in every 叫号; on PostgreSQL all of it is
        one statement, the transaction's last."""
        session.flush()  # pending ORM changes (call_specific's path) reach the row before Core writes it
        conn = session.connection()
        desk = {"hall": actor.hall_code, "number": counter, "ticket_id": ticket.id, "clerk": actor.username,
                "now": now, "streak": streak}
        entry = {"actor": actor, "at": now, "action": f"ticket_{kind}ed" if kind != "call" else "ticket_called",
                 "record_type": "ticket", "record_id": ticket.id,
                 "detail": f"{ticket.label} → {counter}号窗口 {reason}".strip()}
        if conn.dialect.name == "postgresql":
            event = {**desk, "label": ticket.label, "name_masked": ticket.name_masked, "kind": kind}
            conn.execute(_CALLED_EVENT_AND_ENTRY, {**event, **audit.chained_params(**entry)})
            return
        at = driver.bind_processor(CallEvent.__table__.c.at, conn)(now)  # (and counter_states.since: the same type)
        driver.execute(conn, _SQLITE_CALLED, (ticket.id, actor.username, at, streak, actor.hall_code, counter))
        driver.execute(conn, _SQLITE_EVENT, (actor.hall_code, ticket.id, ticket.label, counter, ticket.name_masked,
                                             kind, at))
        audit.record(session, **entry)

    def recall(self, actor: Actor, counter: int | None = None) -> TicketView:
        """重呼: repeat the announcement of the current ticket (counted)."""
        require(actor, "queue.serve")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = self._current(session, state, states=("called",))
            ticket.recalls += 1
            session.add(CallEvent(hall_code=ticket.hall_code, ticket_id=ticket.id, label=ticket.label,
                                  counter_number=state.counter_number, name_masked=ticket.name_masked,
                                  kind="recall", at=now))
            audit.record(session, actor=actor, at=now, action="ticket_recalled", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} recall {ticket.recalls}")
            return ticket_view(ticket)

    def call_specific(self, actor: Actor, label: str, reason: str, counter: int | None = None) -> TicketView:
        """指定叫号: call a given waiting or held ticket out of turn — with a reason, audited."""
        require(actor, "queue.serve")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "reason_required", "指定叫号须填写原因", "Give the reason for calling out of turn")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            self._busy_guard(session, state)
            ticket = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == hall_date(now),
                Ticket.label == (label or "").strip().upper())).scalar_one_or_none()
            if ticket is None:
                raise NotFoundError("ticket_unknown", f"今天没有号票 {label}", f"No ticket {label} today")
            held_here = ticket.state == "held" and ticket.counter_number == state.counter_number
            if ticket.state != "waiting" and not held_here:
                raise RefusedError("ticket_not_waiting", f"号票 {ticket.label} 当前状态不能叫号",
                                   f"Ticket {ticket.label} is not waiting")
            claimed = self._claim(session, ticket.id, state.counter_number, actor, now, ("waiting", "held"))
            if claimed is None:
                raise RefusedError("ticket_taken", f"号票 {ticket.label} 已被其他窗口叫走",
                                   f"Ticket {ticket.label} was just called by another counter")
            session.refresh(ticket)
            self._called(session, state, ticket, actor, now, "call", f"指定叫号: {reason}")
            return ticket_view(ticket)

    # --- serving ------------------------------------------------------------------------------
    def start(self, actor: Actor, counter: int | None = None) -> TicketView:
        """开始办理: the person has arrived at the window."""
        require(actor, "queue.serve")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = self._current(session, state, states=("called",))
            ticket.state, ticket.started_at = "serving", now
            state.state, state.since = "serving", now
            audit.record(session, actor=actor, at=now, action="ticket_started", record_type="ticket",
                         record_id=ticket.id, detail=ticket.label)
            return ticket_view(ticket)

    def finish(self, actor: Actor, counter: int | None = None, cases: list[str] | None = None) -> TicketView:
        """办结: the ticket is served; the business cases handled are linked to it.

        Every 叫号 is followed by one: Core statements as in call_next (the desk and its lock, the
        ticket with RETURNING, the desk back to idle, the audit entry)."""
        require(actor, "queue.serve")
        now = self._clock()
        number = counter if counter is not None else actor.counter
        linked = ",".join(cases or [])[:200]
        fast = self._pg_path()
        if fast is not None and number is not None:
            view = fast.finish(actor, check_counter_number(number), now, linked)
            if view is not calling_pg.FALLBACK:
                return view
        with self._sessions() as session, session.begin():
            conn, desk = self._desk(session, actor, counter, number)
            finished = None
            if desk.ticket_id is not None:
                ticket = {"ticket_id": desk.ticket_id, "now": now, "cases": linked}
                idle = {"desk_hall": actor.hall_code, "desk_number": desk.number, "now": now}
                entry = {"actor": actor, "at": now, "action": "ticket_finished", "record_type": "ticket",
                         "record_id": desk.ticket_id, "detail": f"{desk.ticket_label} cases={linked}"}
                if conn.dialect.name == "postgresql":  # (a refusal below rolls the desk and the entry back too)
                    finished = conn.execute(_FINISH_IDLE_AND_ENTRY,
                                            {**ticket, **idle, **audit.chained_params(**entry)}).one_or_none()
                else:
                    finished = _first(conn, _FINISH, ticket)
                    if finished is not None:
                        _first(conn, _COUNTER_IDLE, idle)
                        audit.record(session, **entry)
            if finished is None:
                raise RefusedError("no_current_ticket", "本窗口当前没有号票", "This counter has no current ticket")
            return TicketView(*finished)

    def no_show(self, actor: Actor, counter: int | None = None, *, requeue: bool = False) -> TicketView:
        """过号: only after the minimum wait since the call; may be put back once, a few places back."""
        require(actor, "queue.serve")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = self._current(session, state, states=("called",))
            queue_rules.no_show_allowed(ticket.called_at, now)
            state.state, state.ticket_id, state.since = "idle", None, now
            if requeue:
                if ticket.requeues >= queue_rules.REQUEUE_LIMIT:
                    raise RefusedError("requeue_limit", f"号票 {ticket.label} 已重新排队过一次，不能再排",
                                       f"Ticket {ticket.label} was already put back once")
                ticket.state, ticket.requeues = "waiting", ticket.requeues + 1
                ticket.sort_at = self._places_back(session, ticket, queue_rules.REQUEUE_PLACES_BACK, now)
                ticket.counter_number, ticket.clerk = None, ""
                action = "ticket_requeued"
            else:
                ticket.state, ticket.outcome, ticket.finished_at = "no_show", "no_show", now
                action = "ticket_no_show"
            audit.record(session, actor=actor, at=now, action=action, record_type="ticket", record_id=ticket.id,
                         detail=ticket.label)
            return ticket_view(ticket)

    def _places_back(self, session: Session, ticket: Ticket, places: int, now: datetime) -> datetime:
        ahead = session.execute(select(Ticket.sort_at).where(
            Ticket.hall_code == ticket.hall_code, Ticket.day == ticket.day, Ticket.category == ticket.category,
            Ticket.state == "waiting", Ticket.id != ticket.id).order_by(Ticket.sort_at).limit(places)).scalars().all()
        if len(ahead) < places:
            return now
        return ahead[-1] + timedelta(microseconds=1)

    def hold(self, actor: Actor, note: str = "", counter: int | None = None) -> TicketView:
        """挂起: set the current ticket aside (e.g. to fetch a document) and serve others meanwhile."""
        require(actor, "queue.serve")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = self._current(session, state, states=("called", "serving"))
            ticket.state, ticket.note = "held", (note or "").strip()[:200]
            state.state, state.ticket_id, state.since = "idle", None, now
            audit.record(session, actor=actor, at=now, action="ticket_held", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} {ticket.note}")
            return ticket_view(ticket)

    def held(self, actor: Actor, counter: int | None = None) -> list[TicketView]:
        require(actor, "queue.serve")
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            rows = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.state == "held",
                Ticket.counter_number == state.counter_number).order_by(Ticket.issued_at)).scalars()
            return [ticket_view(t) for t in rows]

    def call_back(self, actor: Actor, label: str, counter: int | None = None) -> TicketView:
        """回呼: call a ticket this counter held back."""
        return self.call_specific(actor, label, "回呼挂起号票", counter)

    def transfer(self, actor: Actor, *, to_category: str | None = None, to_counter: int | None = None,
                 note: str = "", counter: int | None = None) -> TicketView:
        """转移: to another category or counter, with a note; the person goes to the front of that queue."""
        require(actor, "queue.serve")
        if not to_category and not to_counter:
            raise ValidationError("target", "transfer_target_required", "请选择转往的业务类别或窗口",
                                  "Choose the category or counter to transfer to")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = self._current(session, state, states=("called", "serving"))
            target_category = ticket.category
            if to_category:
                cat = session.execute(select(TicketCategory).where(
                    TicketCategory.hall_code == actor.hall_code,
                    TicketCategory.code == to_category.strip().upper())).scalar_one_or_none()
                if cat is None:
                    raise ValidationError("category", "category_unknown", f"没有业务类别 {to_category}",
                                          f"There is no ticket category {to_category}")
                target_category = cat.code
            if to_counter:
                target = session.execute(select(Counter).where(Counter.hall_code == actor.hall_code,
                                                               Counter.number == int(to_counter))).scalar_one_or_none()
                if target is None or not target.active:
                    raise NotFoundError("counter_unknown", f"没有{to_counter}号窗口", f"Counter {to_counter} does not exist")
                if target_category not in target.category_list:
                    target_category = target.category_list[0]
            head = session.execute(select(Ticket.sort_at).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == ticket.day, Ticket.category == target_category,
                Ticket.state == "waiting").order_by(Ticket.sort_at).limit(1)).scalar_one_or_none()
            ticket.transferred_from = ticket.transferred_from or str(state.counter_number)
            ticket.state, ticket.category = "waiting", target_category
            ticket.sort_at = min(head - timedelta(seconds=1), ticket.issued_at) if head else ticket.issued_at
            ticket.target_counter = int(to_counter) if to_counter else None
            ticket.counter_number, ticket.clerk, ticket.started_at = None, "", None
            ticket.note = (note or "").strip()[:200]
            state.state, state.ticket_id, state.since = "idle", None, now
            audit.record(session, actor=actor, at=now, action="ticket_transferred", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} → {target_category}"
                                                     f"{f' / {to_counter}号窗口' if to_counter else ''} {ticket.note}")
            return ticket_view(ticket)

    def pause(self, actor: Actor, reason: str, counter: int | None = None) -> None:
        """暂停: with a reason (Novo SGA #315); not while a ticket is being served."""
        require(actor, "queue.serve")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "reason_required", "暂停须选择或填写原因", "Give the reason for pausing")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            self._busy_guard(session, state)
            state.state, state.pause_reason, state.clerk, state.since = "paused", reason[:60], actor.username, now
            audit.record(session, actor=actor, at=now, action="counter_paused", record_type="counter",
                         record_id=state.counter_number, detail=reason)

    def resume(self, actor: Actor, counter: int | None = None) -> None:
        require(actor, "queue.serve")
        now = self._clock()
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            if state.state != "paused":
                raise RefusedError("not_paused", "窗口没有暂停", "The counter is not paused")
            state.state, state.pause_reason, state.since = "idle", "", now
            audit.record(session, actor=actor, at=now, action="counter_resumed", record_type="counter",
                         record_id=state.counter_number)

    def current(self, actor: Actor, counter: int | None = None) -> TicketView | None:
        with self._sessions() as session, session.begin():
            _, state = self._counter(session, actor, counter)
            ticket = session.get(Ticket, state.ticket_id) if state.ticket_id else None
            return ticket_view(ticket) if ticket else None
