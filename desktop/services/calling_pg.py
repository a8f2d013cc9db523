"""叫号 and 办结 on PostgreSQL, waiting for the server three times (issue 9: twenty counters at once).

With twenty counter PCs and the server sharing a few CPUs, what a call costs is mostly its round
trips and the statements in them: each exchange puts the counter's process to sleep and wakes it
again, and the server's backend with it, on caches other processes have since filled. Through
SQLAlchemy a 叫号 + 办结 took ten (BEGIN, the desk, the candidates, the claim, the announcement,
COMMIT; BEGIN, the desk, the finish, COMMIT). Here, on the driver's own connection in autocommit
mode — no BEGIN, no COMMIT: a statement alone is its own transaction, and the statements of one
pipeline batch (psycopg sends them without waiting for each one's result) are one transaction
together, up to the batch's Sync:

- 叫号, exchange 1, one batch: the desk read (calling._DESK_PG_READ, which also puts the batch on
  generic plans) and the candidates read for the categories the counter had at its last call.
  Nothing is locked: it is a read.
- 叫号, exchange 2, one statement: the desk locked and checked to be as exchange 1 read it (the
  same state, ticket, priority streak, categories, still active), then the claim of the first free
  ticket among the ranked choices, with everything that follows it — the counter shows it, the
  board's call event, the audit entry chained by the server — in data-modifying WITHs. A desk that
  changed in between (a second PC at the same window called, a pause) claims nothing: FALLBACK.
- 办结, one statement: the finish of the ticket this service called there, with the counter back
  to idle and the audit entry.

Three waits in the steady state: a counter's first call, categories the supervisor changed, or
tickets other counters took first cost an exchange more each.

Measured (bench_pg_counters, 2 CPUs): with the transactions of BEGIN … COMMIT and the desk locked
from the read, 185–217 calls/s at 5.0–5.6 ms client and 4.0–4.8 ms server CPU per call + finish;
this way, 270–310 calls/s at 3.5–4.0 and 2.9–3.3 ms.

The audit entry is hashed as audit.chained() hashes it: Python's json.dumps gives everything but the
entry's id and the previous hash (audit.canonical_middle); the claim is sent one such middle per
ranked choice, and the server takes the one of the ticket it claimed.

Anything this path does not expect — a counter paused, busy, inactive or unknown, a desk changed
between the read and the claim, a finish of a ticket this service did not call — has written
nothing and answers FALLBACK: CallingService then takes its ordinary path, which gives the
refusal or does the work. So this path is a shortcut for the common case and never the only judge.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from sqlalchemy import exc as sa_exc

from desktop.domain.queueing import CounterProfile, PolicySettings
from desktop.services import audit
from desktop.domain.errors import DatabaseBusy
from desktop.services.base import Actor, hall_date, is_busy
from desktop.services.queue_views import TicketView
from desktop.store import guards

FALLBACK = object()
BUSY = object()  # every attempt lost its tickets to other counters: CallingService refuses "busy"
ATTEMPTS = 20  # claims before "busy, try again" (as calling.CLAIM_ATTEMPTS)
RANKED = 8  # choices offered in one claim, at most (calling.RANKED)
_TIMES = (7, 8, 9, 10, 11)  # TicketView's moments: given in UTC, as the store's UTCDateTime gives them

# TicketView's fields as tickets' columns, in its order (calling._VIEW_COLUMNS).
_VIEW = ("id, label, category, state, priority, priority_reason, name_masked, issued_at, called_at, started_at, "
         "finished_at, appointment_at, counter_number, clerk, recalls, outcome, person_id, rating")


def _chain(after: str, middle: str, action: str, record_id: str, detail: str) -> str:
    """The audit entry after the head, once `after` (a CTE) has a row: the head locked, the entry
    inserted and the head advanced from one evaluation of `link` (referenced twice: evaluated once),
    hashed as audit._server_hash hashes it."""
    return f"""
head AS (SELECT audit_head.id, audit_head.last_id, audit_head.last_hash FROM audit_head
         WHERE audit_head.id = 1 AND EXISTS (SELECT FROM {after}) FOR UPDATE),
link AS (SELECT head.id AS head_id, head.last_id + 1 AS entry_id, head.last_hash AS prev_hash,
                encode(sha256(convert_to('[' || (head.last_id + 1)::text || ',' || {middle} || ',"'
                                         || head.last_hash || '"]', 'UTF8')), 'hex') AS entry_hash,
                {record_id} AS record_id, {detail} AS detail
         FROM head, {after}),
entry AS (INSERT INTO audit_log (id, at, hall_code, actor, action, record_type, record_id, detail, prev_hash,
                                 entry_hash)
          SELECT entry_id, %(now)s, %(hall)s, %(clerk)s, '{action}', 'ticket', record_id, detail, prev_hash,
                 entry_hash FROM link),
advance AS (UPDATE audit_head SET last_id = link.entry_id, last_hash = link.entry_hash FROM link
            WHERE audit_head.id = link.head_id)"""


def _ranked_array(name: str, sql_type: str) -> str:
    """ARRAY[%(name0)s, …] of RANKED scalar parameters (a choice short of RANKED sends NULL): the
    statement's text is the same however many choices there are, and no array literal is built.
    psycopg still prepares one copy per set of parameter types it sends (a NULL has none; a small
    int goes as int2, a larger one as int4): one counter's connection held 8 copies of the claim."""
    return f"ARRAY[{', '.join(f'%({name}{i})s' for i in range(RANKED))}]::{sql_type}[]"


_IDS = _ranked_array("r", "integer")
# The desk locked first, if it is still as exchange 1 read it (a lock another transaction held is
# waited for, and the desk's row then checked as that one left it; the counter's categories and
# active flag are read as the statement began, which a lock wait does not refresh — the supervisor's
# change reaches the next call); only then the first free ticket among
# ids[1..n], in that order (a row another counter is claiming right now is skipped, as
# calling._claim_statement skips it), claimed; then the counter, the call event and the audit entry,
# each from the claimed row and the choice's own streak, detail and canonical middle. One row back:
# whether the desk was ready, and the claimed ticket's columns (NULL when every choice was taken).
# The claim and the finish are planned as the server chooses: each prepared copy ran on a generic
# plan after its first five executions (pg_prepared_statements, bench_pg_counters).
_CLAIM = f"""
WITH ready AS (
  SELECT counter_states.counter_number FROM counter_states JOIN counters
    ON counters.hall_code = counter_states.hall_code AND counters.number = counter_states.counter_number
  WHERE counter_states.hall_code = %(hall)s AND counter_states.counter_number = %(number)s AND counters.active
    AND counters.categories = %(categories)s AND counter_states.state = %(desk_state)s
    AND counter_states.ticket_id IS NOT DISTINCT FROM %(desk_ticket)s
    AND counter_states.priority_streak = %(desk_streak)s
  FOR UPDATE OF counter_states),
claimed AS (
  UPDATE tickets SET state = 'called', counter_number = %(number)s, clerk = %(clerk)s, called_at = %(now)s,
                     target_counter = NULL, first_called_at = coalesce(tickets.first_called_at, %(now)s)
  WHERE tickets.id = (SELECT c.id FROM tickets AS c WHERE EXISTS (SELECT FROM ready) AND c.id = ANY({_IDS})
                        AND c.state = 'waiting'
                      ORDER BY array_position({_IDS}, c.id) LIMIT 1 FOR UPDATE SKIP LOCKED)
    AND tickets.state = 'waiting'
  RETURNING {_VIEW}, array_position({_IDS}, tickets.id) AS rank),
desk AS (
  UPDATE counter_states SET state = 'called', ticket_id = claimed.id, clerk = %(clerk)s, since = %(now)s,
                            priority_streak = ({_ranked_array("s", "integer")})[claimed.rank]
  FROM claimed WHERE counter_states.hall_code = %(hall)s AND counter_states.counter_number = %(number)s),
event AS (
  INSERT INTO call_events (hall_code, ticket_id, label, counter_number, name_masked, kind, at)
  SELECT %(hall)s, claimed.id, claimed.label, %(number)s, claimed.name_masked, 'call', %(now)s FROM claimed),
{_chain("claimed", f"({_ranked_array('m', 'text')})[claimed.rank]", "ticket_called", "claimed.id::text",
        f"({_ranked_array('d', 'text')})[claimed.rank]")}
SELECT EXISTS (SELECT FROM ready) AS ready, claimed.* FROM (VALUES (1)) AS one (x) LEFT JOIN claimed ON true"""

# The counter's ticket finished, if it is still the one this service called there and still called
# or being served; the counter back to idle; the audit entry. The counter's row is locked first.
_FINISH = f"""
WITH desk AS (
  SELECT counter_states.ticket_id FROM counter_states JOIN counters
    ON counters.hall_code = counter_states.hall_code AND counters.number = counter_states.counter_number
  WHERE counter_states.hall_code = %(hall)s AND counter_states.counter_number = %(number)s AND counters.active
    AND counter_states.ticket_id = %(ticket_id)s
  FOR UPDATE OF counter_states),
finished AS (
  UPDATE tickets SET state = 'finished', outcome = 'served', finished_at = %(now)s, cases = %(cases)s,
                     started_at = coalesce(tickets.started_at, %(now)s)
  WHERE tickets.id = (SELECT ticket_id FROM desk) AND tickets.state IN ('called', 'serving')
  RETURNING {_VIEW}),
idle AS (
  UPDATE counter_states SET state = 'idle', ticket_id = NULL, since = %(now)s
  WHERE counter_states.hall_code = %(hall)s AND counter_states.counter_number = %(number)s
    AND EXISTS (SELECT FROM finished)),
{_chain("finished", "%(middle)s", "ticket_finished", "%(record_id)s", "%(detail)s")}
SELECT {_VIEW} FROM finished"""



class PgCounterPath:
    """The shortcut, for one engine. It remembers, per counter: the categories it had at its last
    call (so the candidates can be read in the same exchange as the desk), and the ticket this
    service last called there with its label (so 办结 needs no read first). Both are checked by the
    statements against the rows themselves; a stale memory costs a FALLBACK, never a wrong write."""

    def __init__(self, engine, desk_statement, candidates_statement, rank) -> None:
        self._engine = engine
        self._driver_error = engine.dialect.loaded_dbapi.Error  # psycopg.Error (imported with the engine)
        self._rank = rank  # calling._rank_candidates: the candidates' rows → the ranked choices
        self._desk_sql, self._desk_defaults = _compiled(desk_statement, engine)
        self._candidates = candidates_statement  # n categories → statement (PostgreSQL form)
        self._candidate_sql: dict[int, tuple[str, dict]] = {}
        self._categories: dict[tuple[str, int], str] = {}
        self._called: dict[tuple[str, int], tuple[int, str]] = {}

    # --- 叫号 ---------------------------------------------------------------------------------
    def call_next(self, actor: Actor, number: int, now: datetime):
        """The called ticket's view; None when there is nothing to call; FALLBACK (see the module)."""
        key = (actor.hall_code, number)
        day = hall_date(now)
        due_from = now + timedelta(minutes=PolicySettings.appointment_early_minutes)
        excluded: set[int] = set()
        with self._engine.connect() as connection, _autocommit(connection) as raw:
            try:
                for _ in range(ATTEMPTS):
                    remembered = self._categories.get(key)
                    with raw.pipeline():
                        desk_cursor = raw.cursor()
                        desk_cursor.execute(self._desk_sql, {**self._desk_defaults, "hall": actor.hall_code,
                                                             "number": number}, prepare=True)
                        rows_cursor = None
                        if remembered is not None:
                            rows_cursor = self._read_candidates(raw, actor, number, remembered, day, due_from,
                                                                excluded)
                    desk = desk_cursor.fetchone()
                    # (number, categories, active, state, ticket_id, streak, ticket_state, ticket_label, plans)
                    if desk is None or not desk[2] or desk[3] == "paused" or desk[6] in ("called", "serving"):
                        return FALLBACK
                    if desk[1] != remembered:  # first call here, or the supervisor changed them
                        self._categories[key] = desk[1]
                        rows_cursor = self._read_candidates(raw, actor, number, desk[1], day, due_from, excluded)
                    rows = rows_cursor.fetchall()
                    categories = tuple(c for c in desk[1].split(",") if c)
                    ranked, unread = self._rank(rows, CounterProfile(number, categories), now, desk[5],
                                                excluded)
                    if not ranked:
                        if unread:
                            continue
                        return None
                    claimed = self._claim(raw, actor, number, now, desk, ranked)
                    if not claimed[0]:  # the desk changed since it was read (another call there, a pause, …)
                        return FALLBACK
                    if claimed[1] is not None:
                        view = _view(claimed[1:])
                        self._called[key] = (view.id, view.label)
                        return view
                    excluded.update(c.ticket.id for c, _ in ranked)  # other counters took them all
            except self._driver_error as error:
                raise _ordinary_error(connection, error, self._driver_error)
        return BUSY

    def _read_candidates(self, raw, actor: Actor, number: int, categories: str, day, due_from, excluded):
        cats = [c for c in categories.split(",") if c]
        sql, defaults = self._candidate_sql.get(len(cats)) or self._compile_candidates(len(cats))
        cursor = raw.cursor()
        cursor.execute(sql, {**defaults, "hall": actor.hall_code, "day": day, "number": number,
                             "due_from": due_from, "categories": categories, "excluded": sorted(excluded),
                             **{f"c{i}": c for i, c in enumerate(cats)}}, prepare=True)
        return cursor

    def _compile_candidates(self, n: int) -> tuple[str, dict]:
        self._candidate_sql[n] = compiled = _compiled(self._candidates(n), self._engine)
        return compiled

    def _claim(self, raw, actor: Actor, number: int, now: datetime, desk, ranked) -> tuple:
        """Exchange 2, one statement (its own transaction): the desk checked as read and locked, the
        claim with all its writes. (whether the desk was as read, the claimed row's columns or NULLs)."""
        at = now.astimezone(timezone.utc)
        params = {"hall": actor.hall_code, "number": number, "clerk": actor.username, "now": at,
                  "categories": desk[1], "desk_state": desk[3], "desk_ticket": desk[4], "desk_streak": desk[5]}
        for i in range(RANKED):
            if i < len(ranked):
                choice, label = ranked[i]
                detail = f"{label} → {number}号窗口 {choice.reason}".strip()[:audit.DETAIL_MAX]
                params[f"r{i}"], params[f"s{i}"], params[f"d{i}"] = choice.ticket.id, choice.priority_streak, detail
                params[f"m{i}"] = audit.canonical_middle(at, actor.hall_code, actor.username, "ticket_called",
                                                         "ticket", str(choice.ticket.id), detail)
            else:
                params[f"r{i}"] = params[f"s{i}"] = params[f"d{i}"] = params[f"m{i}"] = None
        guards.check(params)
        cursor = raw.cursor()
        cursor.execute(_CLAIM, params, prepare=True)
        return cursor.fetchone()

    # --- 办结 ---------------------------------------------------------------------------------
    def finish(self, actor: Actor, number: int, now: datetime, cases: str):
        """The finished ticket's view, or FALLBACK."""
        key = (actor.hall_code, number)
        called = self._called.pop(key, None)
        if called is None:
            return FALLBACK
        ticket_id, label = called
        at = now.astimezone(timezone.utc)
        detail = f"{label} cases={cases}"[:audit.DETAIL_MAX]
        params = {"hall": actor.hall_code, "number": number, "clerk": actor.username, "now": at,
                  "ticket_id": ticket_id, "cases": cases, "record_id": str(ticket_id), "detail": detail,
                  "middle": audit.canonical_middle(at, actor.hall_code, actor.username, "ticket_finished", "ticket",
                                                    str(ticket_id), detail)}
        guards.check(params)
        with self._engine.connect() as connection, _autocommit(connection) as raw:
            try:
                cursor = raw.cursor()
                cursor.execute(_FINISH, params, prepare=True)  # one statement: its own transaction
                row = cursor.fetchone()
            except self._driver_error as error:
                raise _ordinary_error(connection, error, self._driver_error)
        return FALLBACK if row is None else _view(row)

    def forget(self, actor: Actor, number: int) -> None:
        """The counter's ticket changed by another way (no-show, hold, transfer, …)."""
        self._called.pop((actor.hall_code, number), None)


def _view(row) -> TicketView:
    values = list(row[:18])
    for i in _TIMES:
        if values[i] is not None:
            values[i] = values[i].astimezone(timezone.utc)
    return TicketView(*values)


@contextmanager
def _autocommit(connection):
    """The pooled connection's driver connection in autocommit mode, for the length of the block:
    each statement its own transaction, or the statements of one pipeline batch one transaction
    together (up to its Sync) — no BEGIN and no COMMIT to send. It goes back to the pool as it came
    (the ordinary way's transactions need it); if that cannot be done, it is closed, never reused."""
    raw = connection.connection.driver_connection
    raw.autocommit = True
    try:
        yield raw
    finally:
        try:
            raw.autocommit = False
        except connection.dialect.loaded_dbapi.Error:  # a broken connection (its status unknown): replaced
            if not connection.invalidated:
                connection.invalidate()


def _compiled(statement, engine) -> tuple[str, dict]:
    """A Core statement as the driver's SQL, with the values it binds itself (literals)."""
    compiled = statement.compile(dialect=engine.dialect)
    return str(compiled), dict(compiled.params)


def _ordinary_error(connection, error: Exception, driver_error: type) -> Exception:
    """The driver's error as the ordinary path would have raised it: a "busy, try again" one (a lock
    not granted, a connection the server dropped since its last use) as DatabaseBusy, as UnitOfWork
    raises it; others as SQLAlchemy's. A broken connection is invalidated, so the pool replaces it."""
    disconnect = connection.dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
    if disconnect:
        connection.invalidate(error)
    wrapped = sa_exc.DBAPIError.instance(None, None, error, driver_error, connection_invalidated=disconnect)
    wrapped.__cause__ = error
    if not is_busy(wrapped):
        return wrapped
    busy = DatabaseBusy()
    busy.__cause__ = wrapped
    return busy
