"""The process the crash campaign kills: it works on a database as fast as it can and reports, one
flushed line at a time, what it is doing, so the campaign knows what had committed when SIGKILL came.

    python -m tests.crash.worker import URL FILE...     import each file (vehicles-*.csv / licences-*.csv)
    python -m tests.crash.worker demo URL SCALE          demo-data for the hall (year 2026, seed 7)
    python -m tests.crash.worker cases URL               注册登记 (50选1, some 容缺), 初次申领 and 取号, in a loop

Lines (tab-separated, written with os.write so nothing waits in a buffer):
    READY                      set up; the work starts now
    B <kind> <key>             a unit of work (one service call) starts
    C <kind> <key> <json>      … it returned: its transaction committed
    T+ / W / K / T- / TE       a session transaction began (after BEGIN IMMEDIATE) / its first INSERT,
                               UPDATE or DELETE / the DBAPI commit starts / committed / ended (committed,
                               rolled back or closed after reading)
    DONE                       all the work is done (import, demo)
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HALL = "152900"
HALL_NAME = "阿拉善盟车管所"
ADMIN, ADMIN_PASSWORD = "admin", "admin1234"
CLERK, CLERK_PASSWORD = "clerk", "clerkpass1"
# 2026-11-26 09:30 in the hall (01:30 UTC), the tests' FakeClock start: a Thursday, inside ticket hours.
START = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
DEMO_YEAR, DEMO_SEED = 2026, 7
TICKET_CATEGORIES = "ABCD"


def emit(*fields: object) -> None:
    os.write(1, ("\t".join(str(f) for f in fields) + "\n").encode("utf-8"))


def fast_hasher():
    """Cheap argon2 parameters (as tests/conftest.py): the demo's ten staff accounts would otherwise
    spend 3 s hashing, time in which no transaction is open."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


SMALL_CACHE_KIB = 100  # SQLite page cache of the worker's connections (the default is 2 MiB)


def install_markers(engine) -> None:
    """T+ / W / K / T- / TE lines from SQLAlchemy's events, for the campaign to tell where the kill
    landed. On SQLite also a small page cache: a transaction bigger than it spills its pages into the
    WAL before its commit (as a large import does with the default cache), so a kill leaves
    uncommitted frames on disk that recovery has to discard — the case worth testing.

    On every engine of the process, not only `engine`: the demo writes through an engine of its own
    (demo_helper.DEMO_CACHE_KIB), which gets the same small cache here."""
    from sqlalchemy import Engine, event
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import Pool

    import desktop.services.demo_helper as demo_helper

    state = {"wrote": False}
    if engine.dialect.name == "sqlite":
        demo_helper.DEMO_CACHE_KIB = SMALL_CACHE_KIB

        @event.listens_for(Pool, "connect")
        def _small_cache(dbapi_connection, _record) -> None:
            if type(dbapi_connection).__module__.startswith("sqlite3"):
                dbapi_connection.execute(f"PRAGMA cache_size=-{SMALL_CACHE_KIB}")

        engine.dispose()  # connections opened before this one get the small cache too

    # Session events fire for savepoints too (import rows run in one each): only the outermost counts.
    @event.listens_for(Session, "after_begin")
    def _began(session, transaction, connection) -> None:  # after the product's BEGIN IMMEDIATE
        if transaction.parent is None:
            state["wrote"] = False
            emit("T+")

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(conn, cursor, statement, parameters, context, executemany) -> None:
        if not state["wrote"] and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            state["wrote"] = True
            emit("W")

    @event.listens_for(Engine, "commit")
    def _committing(conn) -> None:  # just before the DBAPI commit (of the outermost transaction only)
        emit("K")

    @event.listens_for(Session, "after_commit")
    def _committed(session) -> None:
        if not session.in_nested_transaction():
            emit("T-")

    @event.listens_for(Session, "after_transaction_end")
    def _ended(session, transaction) -> None:  # committed, rolled back, or closed after reading
        if transaction.parent is None and not transaction.nested:
            emit("TE")


def run_import(url: str, files: list[str]) -> None:
    from desktop.context import open_app

    ctx = open_app(url, clock=Clock(), hasher=fast_hasher())
    admin = ctx.services.auth.login(ADMIN, ADMIN_PASSWORD)
    install_markers(ctx.engine)
    emit("READY")
    for name in files:
        path = Path(name)
        service = ctx.services.vehicle_import if path.name.startswith("vehicles") else ctx.services.licence_import
        emit("B", "import", path.name)
        report = service.import_file(admin, path)
        emit("C", "import", path.name, json.dumps({"imported": report.imported, "unchanged": report.unchanged,
                                                   "errors": len(report.errors)}))
    emit("DONE")


def run_demo(url: str, scale: float) -> None:
    import desktop.services.auth as auth
    from desktop.context import open_store
    from desktop.services.demo import DemoDataService

    auth.default_hasher = fast_hasher  # the demo's AuthService takes no hasher
    _, engine, factory = open_store(url)
    install_markers(engine)
    emit("READY")
    emit("B", "demo", HALL)
    summary = DemoDataService(factory, Clock()).generate(HALL, year=DEMO_YEAR, scale=scale, seed=DEMO_SEED)
    emit("C", "demo", HALL, json.dumps({k: v for k, v in summary.__dict__.items() if isinstance(v, int)}))
    emit("DONE")


def vin_for(n: int) -> str:
    from desktop.domain.identifiers import make_vin

    return make_vin(f"LCRSH{n:011d}")


def owner_for(n: int) -> str:
    from desktop.domain.identifiers import make_resident_id

    return make_resident_id("152921", date(1950, 1, 1) + timedelta(days=n), 11)


def applicant_for(n: int) -> str:
    from desktop.domain.identifiers import make_resident_id

    return make_resident_id("152922", date(1980, 1, 1) + timedelta(days=n), 23)


def run_cases(url: str) -> None:
    from desktop.context import open_app
    from desktop.services.case_records import PartyInput
    from desktop.services.driver_cases import DriverCaseRequest
    from desktop.services.plates import PlateChoice
    from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput

    clock = Clock()
    ctx = open_app(url, clock=clock, hasher=fast_hasher())
    s = ctx.services
    clerk = s.auth.login(CLERK, CLERK_PASSWORD)
    install_markers(ctx.engine)
    emit("READY")
    i = 0
    while True:
        clock.now = START + timedelta(seconds=2 * i)  # 8 hours of ticket hours last 14,400 units
        n, kind = divmod(i, 3)
        if kind == 0:  # 注册登记: 50选1, then the case; one in four with 容缺 (购置税 missing)
            emit("B", "draw", n)
            draw = s.plates.draw(clerk)
            emit("C", "draw", n, json.dumps({"token": draw.token, "numbers": list(draw.numbers)}))
            vin, owner, deferred = vin_for(n), owner_for(n), n % 4 == 3
            emit("B", "vehicle", vin)
            result = s.vehicle_cases.submit(clerk, CaseRequest(
                "register", new_vehicle=NewVehicleInput(vin, cllx="K33", syxz="A", seats=5, colour="A", brand="大众",
                                                        model="SVW71612", engine_no=f"E{n:07d}",
                                                        insurance_until=date(2027, 11, 1)),
                owner=PartyInput(owner, "车主"), deferred=("purchase_tax",) if deferred else (),
                commitment_signed=deferred, plate=PlateChoice("draw", draw.numbers[n % 50], draw.token)))
            emit("C", "vehicle", vin, json.dumps({"case_no": result.case_no, "plate": result.plate,
                                                  "state": result.state, "token": draw.token, "owner": owner}))
        elif kind == 1:  # 初次申领 before the exams: the exam application (a new applicant each time)
            applicant = applicant_for(n)
            emit("B", "driver", applicant)
            result = s.driver_cases.submit(clerk, DriverCaseRequest(
                "first_licence", applicant=PartyInput(applicant, "申请人"), requested_class="C1"))
            emit("C", "driver", applicant, json.dumps({"case_no": result.case_no, "state": result.state}))
        else:  # 取号 at the kiosk
            category = TICKET_CATEGORIES[n % len(TICKET_CATEGORIES)]
            emit("B", "ticket", n)
            issued = s.tickets.take(HALL, category)
            emit("C", "ticket", n, json.dumps({"id": issued.ticket.id, "label": issued.ticket.label,
                                               "serial": issued.slip_serial}))
        i += 1


def child(argv: list[str], out, env: dict[str, str], stderr_path: str) -> None:
    """The worker forked by the campaign's fork server: `out` (a pipe) becomes its stdout, the file
    its stderr; then the same as `python -m tests.crash.worker`."""
    os.environ.update(env)
    os.environ.pop("COUNTERDESK_DB", None)
    err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(err, 2)
    os.close(err)
    os.dup2(out.fileno(), 1)
    out.close()
    main(argv)


def main(argv: list[str]) -> None:
    mode, url, *rest = argv
    if mode == "import":
        run_import(url, rest)
    elif mode == "demo":
        run_demo(url, float(rest[0]))
    elif mode == "cases":
        run_cases(url)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
