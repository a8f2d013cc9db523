"""Crash campaign (issue 9): kill -9 a worker in the middle of an import, of demo-data and of window
business, N rounds each, and check that the database comes back whole.

    python -m tests.crash.campaign [--rounds 20] [--seed 9] [--modes import,demo,cases] [--jobs 3]
                                   [--import-rows 1000] [--demo-scale 0.01] [--pg | --pg-only] [--exec]

Each round copies a prepared database, starts tests/crash/worker.py on it, waits a seeded random
time until the worker is in the middle of its work (aimed at a transaction that has begun writing),
sends SIGKILL, then opens the database with the app (SQLite replays or discards the WAL here) and
checks:

  * SQLite: PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check finds nothing;
  * the audit chain verifies (services.audit.verify);
  * atomicity — what the worker reported committed is entirely there, the unit it was in the middle
    of is entirely there or entirely absent, and nothing is half there (a case without its audit
    entry, materials, fees or documents; a vehicle without its case; an assigned plate number
    without its vehicle; a document serial handed out without its document …);
  * import: the rows present are whole rows of the files, whole files at a time; importing the
    files again completes the import and a third time changes nothing;
  * demo: demo-data run again completes; the audit chain still verifies; the hall then holds
    exactly what an uninterrupted run produces, on SQLite and on PostgreSQL; and an uninterrupted
    second run adds nothing.

A summary table is printed; the exit status is 1 when any check failed. With --pg the same rounds
run against a throwaway PostgreSQL cluster too (tests/pgserver.py; integrity_check does not apply).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from tests.crash import worker as W

ROOT = Path(__file__).resolve().parents[2]
MODES = ("import", "demo", "cases")
DEMO_SCALE = 0.01  # the tests' demo_template scale: ~250 transactions, a few seconds
IMPORT_PARTS = 2  # vehicles-1, licences-1 (vehicles-2, licences-2 … with more)
IMPORT_ROWS = 1000  # rows a file (a few bad ones among them): ~10 ms a row
DRAW_COUNT = 50
WORKER_TIMEOUT = 300  # seconds: a worker that takes longer is stuck


@dataclass
class Settings:
    rounds: int = 20
    seed: int = 9
    import_rows: int = IMPORT_ROWS
    import_parts: int = IMPORT_PARTS
    demo_scale: float = DEMO_SCALE
    cases_units: tuple[int, int] = (4, 45)  # units committed before the kill, drawn in this range
    launcher: str = "fork"  # fork (from a fork server) or exec (python -m tests.crash.worker)
    jobs: int = 1  # modes run side by side
    demo_twice: bool = True  # run the uninterrupted demo twice (a second run should add nothing)


# ---------------------------------------------------------------------------------------------
# The worker process and what it said


PRELOAD = ["tests.crash.worker", "desktop.context", "desktop.services.demo", "desktop.services.vehicle_import",
           "desktop.services.licence_import", "desktop.services.vehicle_cases", "desktop.services.driver_cases",
           "desktop.documents.notice", "desktop.documents.receipt", "argon2"]
_forkserver = None


def forkserver():
    """A fork server that has imported the app once: a worker starts in milliseconds, not the two
    seconds `python -m` spends importing (the short test's budget); still a process of its own."""
    global _forkserver
    if _forkserver is None:
        import multiprocessing

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _forkserver = ctx
    return _forkserver


class Worker:
    """A worker process whose stdout lines are collected, each with the moment it arrived.
    launcher "fork": forked by the fork server; "exec": `python -m tests.crash.worker`."""

    def __init__(self, args: list[str], workdir: Path, label: str, launcher: str = "fork") -> None:
        env = {"COUNTERDESK_DATA_DIR": str(workdir / "data")}  # no office catalogue of this PC's
        self.stderr_path = workdir / f"{label}.stderr"
        if launcher == "exec":
            full_env = dict(os.environ, PYTHONPATH=str(ROOT), **env)
            full_env.pop("COUNTERDESK_DB", None)
            with open(self.stderr_path, "wb") as stderr:
                self.proc = subprocess.Popen([sys.executable, "-m", "tests.crash.worker", *args], cwd=ROOT,
                                             env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                             stderr=stderr)
            self.pid, self._out = self.proc.pid, self.proc.stdout
        else:
            ctx = forkserver()
            reader, writer = ctx.Pipe(duplex=False)
            self.proc = ctx.Process(target=W.child, args=(args, writer, env, str(self.stderr_path)),
                                    name=f"crash-{label}")
            self.proc.start()
            writer.close()
            self.pid, self._out = self.proc.pid, open(os.dup(reader.fileno()), "rb")
            reader.close()
        self._rc: int | None = None
        self.lines: list[tuple[float, list[str]]] = []
        self.eof = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for raw in self._out:
            now = time.monotonic()
            with self._cond:
                self.lines.append((now, raw.decode("utf-8", "replace").rstrip("\n").split("\t")))
                self._cond.notify_all()
        with self._cond:
            self.eof = True
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = WORKER_TIMEOUT) -> bool:
        """Wait until predicate(lines) holds; False if the worker ended (or the time ran out) first."""
        with self._cond:
            self._cond.wait_for(lambda: self.eof or predicate(self.lines), timeout)
            return predicate(self.lines)

    def committed(self) -> list[tuple[float, list[str]]]:
        with self._cond:
            return [(t, f) for t, f in self.lines if f[0] == "C"]

    def ready_at(self) -> float | None:
        with self._cond:
            return next((t for t, f in self.lines if f[0] == "READY"), None)

    @property
    def returncode(self) -> int | None:
        if self._rc is not None:
            return self._rc
        return self.proc.returncode if isinstance(self.proc, subprocess.Popen) else self.proc.exitcode

    def kill(self) -> None:
        if self._rc is not None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._close()

    def finish(self, timeout: float = WORKER_TIMEOUT) -> int:
        """Wait for the worker to end by itself (killed if it takes longer than timeout)."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            self.kill()
        self._close()
        return self.returncode

    def _close(self) -> None:
        if self._rc is not None:
            return
        if isinstance(self.proc, subprocess.Popen):
            self._rc = self.proc.wait()
        else:
            self.proc.join()
            self._rc = self.proc.exitcode
            self.proc.close()
        self._thread.join()
        self._out.close()

    def stderr_tail(self, n: int = 1500) -> str:
        try:
            return self.stderr_path.read_text("utf-8", "replace")[-n:]
        except FileNotFoundError:
            return ""


def units(lines: list[tuple[float, list[str]]]) -> tuple[list[list[str]], list[str] | None]:
    """(the committed units' C lines, the unit begun but not reported committed, if any)."""
    done, begun = [], None
    for _, f in lines:
        if f[0] == "B":
            begun = f
        elif f[0] == "C":
            done.append(f)
            begun = None
    return done, begun


def kill_state(lines: list[tuple[float, list[str]]]) -> str:
    """Where the kill landed: idle (no transaction open), open (a transaction begun, nothing written
    yet), written (after its first write), commit (inside the DBAPI commit of a writing transaction)."""
    state, wrote = "idle", False
    for _, f in lines:
        tag = f[0]
        if tag == "T+":
            state, wrote = "open", False
        elif tag == "W" and state != "idle":
            state, wrote = "written", True
        elif tag == "K" and state != "idle":
            state = "commit" if wrote else "open"
        elif tag in ("T-", "TE"):
            state = "idle"
    return state


MID = ("open", "written", "commit")


def write_spans(lines: list[tuple[float, list[str]]]) -> list[tuple[float, float]]:
    """(its first write, its end) of each transaction that wrote, in order."""
    spans, start = [], None
    for t, f in lines:
        if f[0] == "W":
            start = t
        elif f[0] in ("T-", "TE") and start is not None:
            spans.append((start, t))
            start = None
    return spans


def count_tag(lines, tag: str) -> int:
    return sum(1 for _, f in lines if f[0] == tag)


# ---------------------------------------------------------------------------------------------
# Stores: a prepared database and its copies


def prepare_hall(url: str) -> None:
    """An initialised hall (152900) with its admin and one clerk, as the workers expect."""
    from desktop.context import open_store
    from desktop.services.auth import AuthService
    from desktop.services.base import Actor
    from desktop.services.setup import initialise

    _, engine, factory = open_store(url)
    try:
        initialise(engine, factory, hall_code=W.HALL, hall_name=W.HALL_NAME, admin_username=W.ADMIN,
                   admin_password=W.ADMIN_PASSWORD, clock=W.Clock(), hasher=W.fast_hasher())
        AuthService(factory, W.Clock(), W.fast_hasher()).create_staff(
            Actor.system(W.HALL), W.CLERK, "clerk", W.CLERK_PASSWORD, name="窗口")
    finally:
        engine.dispose()  # SQLite: the last connection closes, the WAL is checkpointed into the file


def wal_frames(path: Path) -> tuple[int, int]:
    """(frames of the WAL's current generation, those after its last commit frame): the pages a
    transaction wrote to the WAL before the kill came — recovery must discard them."""
    if not path.exists():
        return 0, 0
    data = path.read_bytes()
    if len(data) < 32 or int.from_bytes(data[:4], "big") not in (0x377F0682, 0x377F0683):
        return 0, 0
    page_size = int.from_bytes(data[8:12], "big")
    salts = data[16:24]
    frames = last_commit = 0
    offset = 32
    while offset + 24 + page_size <= len(data) and data[offset + 8:offset + 16] == salts:
        frames += 1
        if int.from_bytes(data[offset + 4:offset + 8], "big"):
            last_commit = frames
        offset += 24 + page_size
    return frames, frames - last_commit


class SqliteStore:
    name = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.base = workdir / "base.sqlite3"
        prepare_hall(self.url(self.base))

    @staticmethod
    def url(path: Path) -> str:
        return f"sqlite:///{path}"

    def copy(self, label: str) -> str:
        path = self.dir / f"{label}.sqlite3"
        self.drop(self.url(path))
        shutil.copyfile(self.base, path)
        return self.url(path)

    def drop(self, url: str) -> None:
        path = sa.engine.make_url(url).database
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)

    def after_kill(self, url: str) -> dict:
        """What the kill left on disk, before anything opens the database again."""
        wal = Path(sa.engine.make_url(url).database + "-wal")
        frames, uncommitted = wal_frames(wal)
        return {"wal_bytes": wal.stat().st_size if wal.exists() else 0, "wal_frames": frames,
                "wal_uncommitted": uncommitted}

    def integrity(self, engine) -> list[str]:
        problems = []
        with engine.connect() as conn:
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            if result != ["ok"]:
                problems.append(f"PRAGMA integrity_check: {'; '.join(map(str, result))[:300]}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if fk:
                problems.append(f"PRAGMA foreign_key_check: {len(fk)} rows, e.g. {tuple(fk[0])}")
        return problems


class PostgresStore:
    name = "postgresql"

    def __init__(self, admin_url: str, tag: str) -> None:
        self.admin_url = admin_url
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.tag = tag
        self.base_name = f"cd_crash_{tag}_base"
        self._exec(f'DROP DATABASE IF EXISTS "{self.base_name}" WITH (FORCE)')
        self._exec(f'CREATE DATABASE "{self.base_name}" TEMPLATE template0')
        prepare_hall(self._url_of(self.base_name))

    def _exec(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def _url_of(self, name: str) -> str:
        return sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def copy(self, label: str) -> str:
        name = f"cd_crash_{self.tag}_{label}".lower().replace("-", "_")
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.base_name}"')
        return self._url_of(name)

    def drop(self, url: str) -> None:
        self._exec(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)')

    def after_kill(self, url: str) -> dict:
        return {}

    def integrity(self, engine) -> list[str]:
        return []  # PRAGMA integrity_check is SQLite's; the server's own crash recovery is not ours to test

    def close(self) -> None:
        self._exec(f'DROP DATABASE IF EXISTS "{self.base_name}" WITH (FORCE)')
        self.admin.dispose()


@contextmanager
def opened(url: str):
    """The app on the database (migrations checked, services built): SQLite recovers the WAL here."""
    from desktop.context import open_app

    ctx = open_app(url, clock=W.Clock(), hasher=W.fast_hasher())
    try:
        yield ctx
    finally:
        ctx.dispose()


# ---------------------------------------------------------------------------------------------
# Checks shared by every mode


def q(session, stmt):
    return session.execute(stmt).all()


def audit_problems(ctx) -> list[str]:
    report = ctx.services.audit.verify()
    return [] if report.ok else [f"audit chain: {report.problem_en} (entry {report.bad_entry_id})"]


# audit action → (table, key column) of the record it names
AUDITED = {
    "vehicle_case_accepted": ("vehicle_cases", "case_no"),
    "driver_case_accepted": ("driver_cases", "case_no"),
    "exam_candidate_accepted": ("exam_candidates", "application_no"),
    "ticket_taken": ("tickets", "id"),
    "document_issued": ("issued_documents", "serial"),
    "plate_assigned": ("vehicles", "id"),
}


def table(name: str) -> sa.Table:
    from desktop.store.base import Base

    return Base.metadata.tables[name]


def structural_problems(session, *, every_row_audited: bool, every_party_used: bool) -> list[str]:
    """What no transaction may leave half done, whoever wrote it.

    every_row_audited: every case, ticket, document … was written by a service call (so carries its
    audit entry and its papers) — true unless demo-data wrote bulk rows. every_party_used: every
    person and company was registered by a case or an import row that is there too."""
    p: list[str] = []
    t = table
    audit = t("audit_log")
    entries = q(session, sa.select(audit.c.action, audit.c.record_id))
    by_action: dict[str, Counter] = defaultdict(Counter)
    for action, record_id in entries:
        by_action[action][record_id] += 1
    for action, (name, column) in AUDITED.items():
        keys = {str(k) for (k,) in q(session, sa.select(t(name).c[column]))}
        if action == "plate_assigned":
            keys = {str(k) for (k,) in q(session, sa.select(t("vehicles").c.id).where(
                t("vehicles").c.source == "case"))}
        named = by_action.get(action, Counter())
        orphans = sorted(set(named) - keys)
        if orphans:
            p.append(f"{len(orphans)} '{action}' audit entries name no {name} row, e.g. {orphans[:3]}")
        doubles = sorted(k for k, n in named.items() if n > 1)
        if doubles:
            p.append(f"{len(doubles)} {name} rows have several '{action}' entries, e.g. {doubles[:3]}")
        if every_row_audited:
            missing = sorted(keys - set(named))
            if missing:
                p.append(f"{len(missing)} {name} rows without their '{action}' audit entry, e.g. {missing[:3]}")

    # Serial sequences: every number handed out is used exactly once, all in the same transaction.
    seq = t("document_sequences")
    sources = {"VC": ("vehicle_cases", "case_no"), "DC": ("driver_cases", "case_no"),
               "DJ": ("vehicles", "certificate_no")}
    used: dict[str, list[str]] = {}
    for name, column in {("vehicle_cases", "case_no"), ("driver_cases", "case_no"), ("vehicles", "certificate_no"),
                         ("issued_documents", "serial")}:
        used[f"{name}.{column}"] = [s for (s,) in q(session, sa.select(t(name).c[column])) if s]
    by_prefix: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind_key, serials in used.items():
        for s in serials:
            if len(s) >= 13 and s[-11:].isdigit():
                by_prefix[(kind_key, s[:-5])].append(int(s[-5:]))
    seen = set()
    for kind, day, last in q(session, sa.select(seq.c.kind, seq.c.day, seq.c.last_value)):
        name, column = sources.get(kind, ("issued_documents", "serial"))
        key = (f"{name}.{column}", f"{kind}{day:%y%m%d}")
        seen.add(key)
        numbers = sorted(by_prefix.get(key, []))
        if numbers != list(range(1, last + 1)):
            p.append(f"sequence {kind} {day}: last value {last}, but {name}.{column} holds "
                     f"{len(numbers)} serials {numbers[:3]}…{numbers[-3:]}")
    for key, numbers in by_prefix.items():
        kind = key[1][:-6]
        if key not in seen and (kind in sources or key[0] == "issued_documents.serial"):
            p.append(f"{len(numbers)} serials {key[1]}… in {key[0]} without their sequence row")

    # Cases: fees add up to the total; papers registered; 容缺 commitments with their case.
    docs = {s: (kind, rt, rid) for s, kind, rt, rid in q(session, sa.select(
        t("issued_documents").c.serial, t("issued_documents").c.kind, t("issued_documents").c.record_type,
        t("issued_documents").c.record_id))}
    fees: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for case_type, case_id, amount in q(session, sa.select(t("case_fees").c.case_type, t("case_fees").c.case_id,
                                                           t("case_fees").c.amount)):
        fees[(case_type, case_id)] += Decimal(amount)
    deferrals = {(ct, cid): (state, serial) for ct, cid, state, serial in q(session, sa.select(
        t("deferrals").c.case_type, t("deferrals").c.case_id, t("deferrals").c.state, t("deferrals").c.notice_serial))}
    case_ids: dict[str, set[int]] = {}
    for case_type in ("vehicle", "driver"):
        ct = t(f"{case_type}_cases")
        rows = q(session, sa.select(ct.c.id, ct.c.case_no, ct.c.state, ct.c.fee_total, ct.c.notice_serial,
                                    ct.c.receipt_serial))
        case_ids[case_type] = {r[0] for r in rows}
        bad_fees, bad_docs, bad_deferrals = [], [], []
        for cid, case_no, state, total, notice, receipt in rows:
            if fees.get((case_type, cid), Decimal(0)) != Decimal(total):
                bad_fees.append(case_no)
            for serial, kind in ((notice, "AN"), (receipt, "RC")):
                if serial and (docs.get(serial, ("",))[0] != kind or docs[serial][2] != case_no):
                    bad_docs.append(f"{case_no}:{serial}")
            if every_row_audited and (not notice or (Decimal(total) > 0 and not receipt)):
                bad_docs.append(f"{case_no}:unissued")
            if state == "deferred" and deferrals.get((case_type, cid), ("",))[0] != "pending":
                bad_deferrals.append(case_no)
        for what, bad in (("fees that do not add up to the case's total", bad_fees),
                          ("papers missing from the register", bad_docs),
                          ("容缺 state without a pending commitment", bad_deferrals)):
            if bad:
                p.append(f"{len(bad)} {case_type} cases with {what}, e.g. {bad[:3]}")
    orphan_deferrals = [k for k in deferrals if k[1] not in case_ids.get(k[0], set())]
    if orphan_deferrals:
        p.append(f"{len(orphan_deferrals)} 容缺 commitments without their case, e.g. {orphan_deferrals[:3]}")
    bad_rn = [k for k, (_, serial) in deferrals.items() if serial and docs.get(serial, ("",))[0] != "RN"]
    if bad_rn:
        p.append(f"{len(bad_rn)} 容缺 notices missing from the register, e.g. {bad_rn[:3]}")
    for case_type in ("vehicle", "driver"):
        for tab in ("case_fees", "case_materials"):
            ids = {cid for (cid,) in q(session, sa.select(t(tab).c.case_id).where(t(tab).c.case_type == case_type))}
            if ids - case_ids[case_type]:
                p.append(f"{len(ids - case_ids[case_type])} {tab} rows of {case_type} cases that do not exist")

    # The register: plate numbers and vehicles.
    v = t("vehicles")
    vehicles = {r.id: r for r in q(session, sa.select(v.c.id, v.c.vin, v.c.plate, v.c.registered, v.c.cancelled,
                                                       v.c.moved_out, v.c.source, v.c.owner_person_id,
                                                       v.c.owner_company_id))}
    vc = t("vehicle_cases")
    case_plates = {(plate, vid): state for plate, vid, state in q(session, sa.select(vc.c.plate, vc.c.vehicle_id,
                                                                                     vc.c.state)) if plate}
    pn = t("plate_numbers")
    bad_assigned, holds = [], Counter()
    for number, state, vehicle_id, held_for in q(session, sa.select(pn.c.number, pn.c.state, pn.c.vehicle_id,
                                                                     pn.c.held_for)):
        if state == "assigned":
            car = vehicles.get(vehicle_id)
            if car is None or (car.plate != number and case_plates.get((number, vehicle_id)) != "deferred"):
                bad_assigned.append(number)
        elif state == "held":
            holds[held_for] += 1
    if bad_assigned:
        p.append(f"{len(bad_assigned)} plate numbers assigned to no vehicle that carries them, e.g. {bad_assigned[:3]}")
    draws = by_action.get("plate_draw", Counter())
    bad_holds = sorted(token for token, n in holds.items() if token not in draws or n != DRAW_COUNT)
    if bad_holds:
        p.append(f"{len(bad_holds)} draws whose held numbers are not a whole draw, e.g. {bad_holds[:3]}")
    case_vehicles = Counter(vid for (vid,) in q(session, sa.select(vc.c.vehicle_id).where(
        vc.c.business == "register")) if vid)
    lonely = [car.vin for car in vehicles.values() if car.source == "case" and case_vehicles[car.id] != 1]
    if lonely:
        p.append(f"{len(lonely)} vehicles registered by a case without exactly one 注册登记 case, e.g. {lonely[:3]}")
    if every_party_used:
        used_p, used_c = set(), set()
        for car in vehicles.values():
            used_p.add(car.owner_person_id)
            used_c.add(car.owner_company_id)
        for tab, columns in (("vehicle_cases", ("applicant_person_id", "agent_person_id")),
                             ("driver_cases", ("person_id", "agent_person_id")),
                             ("driving_licences", ("person_id",)), ("exam_candidates", ("person_id",))):
            for column in columns:
                used_p.update(x for (x,) in q(session, sa.select(t(tab).c[column])))
        used_c.update(x for (x,) in q(session, sa.select(vc.c.applicant_company_id)))
        idle_p = [n for i, n in q(session, sa.select(t("persons").c.id, t("persons").c.id_number)) if i not in used_p]
        idle_c = [n for i, n in q(session, sa.select(t("companies").c.id, t("companies").c.uscc)) if i not in used_c]
        if idle_p or idle_c:
            p.append(f"{len(idle_p)} persons and {len(idle_c)} companies registered by nothing that is there, "
                     f"e.g. {(idle_p + idle_c)[:3]}")

    # Tickets: numbered 1, 2, 3 … per series and day (the number and its slip in one transaction).
    tk = t("tickets")
    numbers: dict[tuple, list[int]] = defaultdict(list)
    for day, series, number in q(session, sa.select(tk.c.day, tk.c.series, tk.c.number)):
        numbers[(day, series)].append(number)
    gaps = [k for k, ns in numbers.items() if sorted(ns) != list(range(min(ns), min(ns) + len(ns)))]
    if gaps:
        p.append(f"ticket numbers with gaps on {len(gaps)} day/series, e.g. {gaps[:3]}")
    if every_row_audited:
        slips = {rid for _, (kind, rt, rid) in docs.items() if kind == "SL" and rt == "ticket"}
        no_slip = [i for (i,) in q(session, sa.select(tk.c.id)) if str(i) not in slips]
        if no_slip:
            p.append(f"{len(no_slip)} tickets without their registered slip, e.g. {no_slip[:3]}")
    return p


def counts(session) -> dict[str, int]:
    from desktop.store.base import Base

    return {name: session.execute(sa.select(sa.func.count()).select_from(tab)).scalar_one()
            for name, tab in sorted(Base.metadata.tables.items())}


# ---------------------------------------------------------------------------------------------
# Rounds


@dataclass
class RoundResult:
    mode: str
    store: str
    index: int
    committed: int = 0  # units the worker reported committed before the kill
    delay_ms: float = 0.0
    state: str = ""  # where the kill landed (kill_state)
    in_flight: str = ""  # the unit begun but not reported: "kind key → present/absent"
    wal_bytes: int | None = None
    wal_uncommitted: int = 0  # WAL frames written after the last commit: discarded by recovery
    notes: list[str] = field(default_factory=list)  # known product deviations that do not fail a round
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def mid_transaction(self) -> bool:
        return self.state in MID


class Mode:
    name = ""

    def __init__(self, store, workdir: Path, rng: random.Random, settings: Settings) -> None:
        self.store, self.workdir, self.rng, self.settings = store, workdir, rng, settings

    def worker(self, url: str, label: str) -> Worker:
        return Worker(self.worker_args(url), self.workdir, f"{self.store.name}-{label}", self.settings.launcher)

    def worker_args(self, url: str) -> list[str]:
        raise NotImplementedError

    def calibrate(self) -> None:
        """A clean run to the end where the mode needs one (timings, expectations)."""

    def kill_point(self, worker: Worker) -> tuple[int, float]:
        """Wait until the worker is in the middle of its work; returns (units committed, delay in s)."""
        raise NotImplementedError

    def check(self, ctx, lines, result: RoundResult) -> list[str]:
        raise NotImplementedError

    def observe(self, lines) -> None:
        """Learn from a round's timings (the machine's load changes while the campaign runs)."""
        if getattr(self, "write_seconds", None):
            for i, (a, b) in enumerate(write_spans(lines)[:len(self.write_seconds)]):
                self.write_seconds[i] = b - a

    def run_round(self, index: int) -> RoundResult:
        started = time.monotonic()
        result = RoundResult(self.name, self.store.name, index)
        label = f"{self.name}-{index:02d}"
        url = self.store.copy(label)
        worker = self.worker(url, label)
        try:
            if not worker.wait_for(lambda ls: any(f[0] == "READY" for _, f in ls)):
                worker.finish(10)
                result.problems.append(f"the worker never got ready: {worker.stderr_tail()}")
                return result
            committed, delay = self.kill_point(worker)
            result.delay_ms = delay * 1000
            if worker.eof:  # it finished its work before the kill came: checked all the same
                if worker.finish(10) != 0:
                    result.problems.append(f"the worker failed (rc {worker.returncode}): {worker.stderr_tail()}")
                    return result
            else:
                worker.kill()
            lines = list(worker.lines)
            self.observe(lines)
            done, begun = units(lines)
            result.committed = committed
            result.state = "finished" if any(f[0] == "DONE" for _, f in lines) else kill_state(lines)
            result.in_flight = " ".join(begun[1:3]) if begun else ""
            left = self.store.after_kill(url)
            result.wal_bytes, result.wal_uncommitted = left.get("wal_bytes"), left.get("wal_uncommitted", 0)
            with opened(url) as ctx:
                result.problems += self.store.integrity(ctx.engine)
                result.problems += audit_problems(ctx)
                result.problems += self.check(ctx, lines, result)
                result.problems += self.store.integrity(ctx.engine)
        except Exception as exc:  # a check that cannot even run is a failure of the round
            import traceback

            result.problems.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-2000:]}")
            worker.kill()
        finally:
            result.seconds = time.monotonic() - started
        if not result.problems:
            self.store.drop(url)
        return result


def _wait_committed(worker: Worker, k: int) -> None:
    """Wait until the worker has reported k units committed."""
    worker.wait_for(lambda ls: count_tag(ls, "C") >= k)


# -- import ------------------------------------------------------------------------------------

VEHICLE_HEADER = ["hphm", "hpzl", "clsbdh", "fdjh", "clpp1", "clxh", "cllx", "csys", "syxz", "sfzmhm", "syr",
                  "ccdjrq", "yxqz", "qzbfqz", "zt", "dybj", "hdzk", "rlzl", "sjhm"]
LICENCE_HEADER = ["sfzmhm", "xm", "xb", "csrq", "zjcx", "cclzrq", "yxqs", "yxqz", "ljjf", "zt", "syyxqz", "tjrq",
                  "dabh"]
CLASS_SETS = [("C1",), ("C1", "D"), ("B2",), ("A2", "D"), ("C2",), ("A1", "A2")]


@dataclass
class ImportPart:
    path: Path
    kind: str  # vehicles / licences
    rows: dict[str, dict]  # key (VIN / ID number) → the expected fields of a good row
    bad_keys: set[str]  # keys of rows that must be refused (and leave nothing behind)
    stray_parties: set[str]  # persons named only by refused rows: never registered
    errors: int


def make_import_parts(folder: Path, n_parts: int = IMPORT_PARTS, n_rows: int = IMPORT_ROWS) -> list[ImportPart]:
    """vehicles-1, licences-1 (then vehicles-2, licences-2 …), n_rows rows each, a few refused ones
    among them — a bad VIN or licence class (refused while parsing) and a plate already on another
    vehicle (refused inside the row's savepoint, after its owner was registered: the savepoint must
    take the owner back)."""
    from desktop.domain.identifiers import make_resident_id, make_uscc, make_vin

    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for p in range(n_parts):
        half = p // 2
        kind = "vehicles" if p % 2 == 0 else "licences"
        rows: dict[str, dict] = {}
        bad: set[str] = set()
        stray: set[str] = set()
        lines = []
        for j in range(n_rows):
            g = half * n_rows + j
            if kind == "vehicles":
                vin = make_vin(f"LJMPT{g:011d}")
                company = g % 25 == 7
                owner = make_uscc(f"91152921MA{g // 2:07d}") if company else make_resident_id(
                    "152923", date(1960, 1, 1) + timedelta(days=g // 2), 31)
                nev = g % 10 == 3
                plate = f"蒙MD1{g:04d}" if nev else f"蒙M{g:05d}"
                registered = date(2012, 1, 1) + timedelta(days=g % 5000)
                fields = dict(plate=plate, hpzl="52" if nev else "02", vin=vin, engine_no=f"E{g:07d}", brand="大众",
                              model=f"SVW7{g % 100:02d}", cllx="K33", colour="A", syxz="A", owner=owner,
                              owner_name=f"所有人{g // 2}", first_registered=registered,
                              inspection_valid_until=date(2027, 1, 1) + timedelta(days=g % 700),
                              mortgaged=g % 7 == 0, seats=5, energy="pure_electric" if nev else "fuel",
                              phone=f"139{g // 2:08d}")
                if j % 100 == 11:  # a bad check digit
                    fields["vin"] = vin = vin[:8] + ("X" if vin[8] != "X" else "0") + vin[9:]
                    bad.add(vin)
                elif j % 50 == 27:  # the plate of the row before it, another VIN and owner
                    fields["plate"] = lines[-1][0]
                    vin = fields["vin"] = make_vin(f"LDUPL{g:011d}")
                    owner = fields["owner"] = make_resident_id("152929", date(1960, 1, 1) + timedelta(days=g), 31)
                    bad.add(vin)
                    stray.add(owner)
                else:
                    rows[vin] = fields
                lines.append([fields["plate"], fields["hpzl"], vin, fields["engine_no"], "大众", fields["model"],
                              "K33", "A", "A", owner, fields["owner_name"], f"{registered:%Y-%m-%d}",
                              f"{fields['inspection_valid_until']:%Y-%m-%d}", "", "A",
                              "1" if fields["mortgaged"] else "0", "5", "C" if nev else "A", fields["phone"]])
            else:
                birth = date(1960, 1, 1) + timedelta(days=g * 3)
                person = make_resident_id("152922", birth, 41)  # odd: male
                classes = CLASS_SETS[g % len(CLASS_SETS)]
                first = birth + timedelta(days=365 * 20 + g % 900)
                valid_from = first + timedelta(days=365 * 6)
                valid_until = None if g % 11 == 0 else valid_from + timedelta(days=3652)
                fields = dict(name=f"驾驶人{g}", classes=set(classes), valid_from=valid_from, valid_until=valid_until,
                              points=g % 12, status="A", archive_no=f"1529{g:08d}", first=first)
                cls_text = ",".join(classes)
                if j % 100 == 11:
                    cls_text = "C7"  # no such class
                    bad.add(person)
                else:
                    rows[person] = fields
                lines.append([person, fields["name"], "男", f"{birth:%Y%m%d}", cls_text, f"{first:%Y-%m-%d}",
                              f"{valid_from:%Y-%m-%d}", "长期" if valid_until is None else f"{valid_until:%Y-%m-%d}",
                              str(fields["points"]), "A", "", "", fields["archive_no"]])
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(VEHICLE_HEADER if kind == "vehicles" else LICENCE_HEADER)
        writer.writerows(lines)
        path = folder / f"{kind}-{half + 1}.csv"
        path.write_bytes(buf.getvalue().encode("utf-8-sig"))
        parts.append(ImportPart(path, kind, rows, bad, stray, len(bad)))
    return parts


def import_presence(session, part: ImportPart) -> tuple[str, list[str]]:
    """('present' | 'absent' | 'partial', problems): whether the part's rows are there, each whole."""
    from desktop.store.driver_models import DrivingLicence, LicenceClass
    from desktop.store.models import Company, Person
    from desktop.store.vehicle_models import PlateNumber, Vehicle

    problems: list[str] = []
    if part.kind == "vehicles":
        found = {car.vin: car for car in session.execute(sa.select(Vehicle).where(
            Vehicle.vin.in_(list(part.rows) + list(part.bad_keys)))).scalars()}
        people = {x.id: x for x in session.execute(sa.select(Person)).scalars()}
        firms = {x.id: x for x in session.execute(sa.select(Company)).scalars()}
        plates = {x.number: x for x in session.execute(sa.select(PlateNumber)).scalars()}
        for vin, want in part.rows.items():
            car = found.get(vin)
            if car is None:
                continue
            owner = people.get(car.owner_person_id) or firms.get(car.owner_company_id)
            got = dict(plate=car.plate, hpzl=car.hpzl, vin=car.vin, engine_no=car.engine_no, brand=car.brand,
                       model=car.model, cllx=car.cllx, colour=car.colour, syxz=car.syxz,
                       owner=getattr(owner, "id_number", None) or getattr(owner, "uscc", None),
                       owner_name=getattr(owner, "name", None), first_registered=car.first_registered,
                       inspection_valid_until=car.inspection_valid_until, mortgaged=car.mortgaged, seats=car.seats,
                       energy=car.energy,
                       phone=getattr(owner, "phone", None) or getattr(owner, "contact_phone", None))
            diff = {k: (got[k], v) for k, v in want.items() if got[k] != v}
            plate = plates.get(car.plate)
            if plate is None or plate.state != "assigned" or plate.vehicle_id != car.id:
                diff["plate_numbers"] = (plate and (plate.state, plate.vehicle_id), ("assigned", car.id))
            if car.source != "import" or not car.registered:
                diff["source"] = (car.source, car.registered)
            if diff:
                problems.append(f"{part.path.name}: vehicle {vin} is not the file's row: {diff}")
                break
        present = sum(1 for vin in part.rows if vin in found)
        left = [vin for vin in part.bad_keys if vin in found]
        stray = part.stray_parties & {x.id_number for x in people.values()}
    else:
        people = {x.id_number: x for x in session.execute(sa.select(Person).where(
            Person.id_number.in_(list(part.rows) + list(part.bad_keys)))).scalars()}
        licences = {x.person_id: x for x in session.execute(sa.select(DrivingLicence)).scalars()}
        classes: dict[int, set[str]] = defaultdict(set)
        firsts: dict[int, set[date]] = defaultdict(set)
        for lc in session.execute(sa.select(LicenceClass)).scalars():
            classes[lc.licence_id].add(lc.cls)
            firsts[lc.licence_id].add(lc.first_obtained)
        present = 0
        for ident, want in part.rows.items():
            person = people.get(ident)
            if person is None:
                continue
            present += 1
            lic = licences.get(person.id)
            got = dict(name=person.name, classes=classes.get(lic.id) if lic else None,
                       valid_from=lic and lic.valid_from, valid_until=lic and lic.valid_until,
                       points=lic and lic.points, status=lic and lic.status, archive_no=lic and lic.archive_no,
                       first=next(iter(firsts[lic.id])) if lic and len(firsts[lic.id]) == 1 else None)
            diff = {k: (got[k], v) for k, v in want.items() if got[k] != v}
            if diff:
                problems.append(f"{part.path.name}: licence of {ident} is not the file's row: {diff}")
                break
        left = [ident for ident in part.bad_keys if ident in people]
        stray = set()
    if left or stray:
        problems.append(f"{part.path.name}: refused rows left something behind: {(left + sorted(stray))[:3]}")
    state = "absent" if present == 0 else "present" if present == len(part.rows) else "partial"
    if state == "partial":
        problems.append(f"{part.path.name}: {present} of its {len(part.rows)} rows are there (a partial import)")
    return state, problems


class ImportMode(Mode):
    name = "import"
    unit_word = "files"

    def calibrate(self) -> None:
        self.parts = make_import_parts(self.workdir / f"files-{self.store.name}", self.settings.import_parts,
                                       self.settings.import_rows)
        url = self.store.copy("import-reference")
        worker = self.worker(url, "import-reference")
        if worker.finish() != 0:
            raise RuntimeError(f"the import reference run failed: {worker.stderr_tail()}")
        ready = worker.ready_at()
        times = [t for t, _ in worker.committed()]
        self.unit_seconds = [b - a for a, b in zip([ready, *times], times)]
        self.write_seconds = [b - a for a, b in write_spans(worker.lines)]  # one transaction a file
        done, _ = units(worker.lines)
        for part, line in zip(self.parts, done):
            report = json.loads(line[3])
            if (report["imported"], report["unchanged"], report["errors"]) != (len(part.rows), 0, part.errors):
                raise RuntimeError(f"the reference import of {part.path.name} gave {report}")
        with opened(url) as ctx:
            problems = audit_problems(ctx) + self.store.integrity(ctx.engine)
            with ctx.session_factory() as session:
                problems += structural_problems(session, every_row_audited=True, every_party_used=True)
                for part in self.parts:
                    state, more = import_presence(session, part)
                    problems += more + ([] if state == "present" else [f"{part.path.name} is {state}"])
        if problems:
            raise RuntimeError(f"the checks fail on an uninterrupted import: {problems}")
        self.store.drop(url)

    def worker_args(self, url: str) -> list[str]:
        return ["import", url, *(str(p.path) for p in self.parts)]

    def kill_point(self, worker: Worker) -> tuple[int, float]:
        """File k's transaction, once it has begun writing, a random part of the way through (as long
        as it took the last time it was seen to the end)."""
        k = self.rng.randrange(len(self.parts))
        worker.wait_for(lambda ls: count_tag(ls, "W") > k)
        delay = self.rng.uniform(0, 0.7 * self.write_seconds[k])
        time.sleep(delay)
        return k, delay

    def check(self, ctx, lines, result: RoundResult) -> list[str]:
        problems: list[str] = []
        done, begun = units(lines)
        reported = {f[2] for f in done}
        states = {}
        with ctx.session_factory() as session:
            problems += structural_problems(session, every_row_audited=True, every_party_used=True)
            for part in self.parts:
                state, more = import_presence(session, part)
                states[part.path.name] = state
                problems += more
                if part.path.name in reported and state != "present":
                    problems.append(f"{part.path.name} was reported imported but is {state}")
                if part.path.name not in reported and state == "present" and not (
                        begun and begun[2] == part.path.name):
                    problems.append(f"{part.path.name} is there but was never imported")
            audit = session.execute(sa.select(sa.func.count()).select_from(table("audit_log")).where(
                table("audit_log").c.action.in_(("vehicles_imported", "licences_imported")))).scalar_one()
        present = [p for p in self.parts if states[p.path.name] == "present"]
        if audit != len(present):
            problems.append(f"{audit} import audit entries for {len(present)} files imported")
        if begun:
            result.in_flight = f"{begun[2]} → {states.get(begun[2], '?')}"
        # Importing again completes the import; a third time changes nothing.
        admin = ctx.services.auth.login(W.ADMIN, W.ADMIN_PASSWORD)
        for attempt in ("again", "third"):
            for part in self.parts:
                service = ctx.services.vehicle_import if part.kind == "vehicles" else ctx.services.licence_import
                report = service.import_file(admin, part.path)
                was_there = attempt == "third" or part in present
                want = (0 if was_there else len(part.rows), len(part.rows) if was_there else 0, part.errors)
                got = (report.imported, report.unchanged, len(report.errors))
                if got != want:
                    problems.append(f"importing {part.path.name} {attempt}: (imported, unchanged, errors) = "
                                    f"{got}, expected {want}")
        problems += audit_problems(ctx)
        with ctx.session_factory() as session:
            for part in self.parts:
                state, more = import_presence(session, part)
                problems += more + ([] if state == "present" else [f"after importing again {part.path.name} "
                                                                     f"is {state}"])
            problems += structural_problems(session, every_row_audited=True, every_party_used=True)
        return problems


# -- demo --------------------------------------------------------------------------------------

@contextmanager
def fast_staff_hashing():
    """demo-data creates ten staff accounts with argon2's default cost: cheap parameters here, as in
    the worker (the product's AuthService takes no hasher from DemoDataService)."""
    import desktop.services.auth as auth

    saved = auth.default_hasher
    auth.default_hasher = W.fast_hasher
    try:
        yield
    finally:
        auth.default_hasher = saved


def run_demo_again(ctx, scale: float) -> None:
    from desktop.services.demo import DemoDataService

    with fast_staff_hashing():
        DemoDataService(ctx.session_factory, W.Clock()).generate(  # the bundled catalogues, as the worker
            W.HALL, year=W.DEMO_YEAR, scale=scale, seed=W.DEMO_SEED)


class DemoMode(Mode):
    name = "demo"
    unit_word = "writing transactions"

    def worker_args(self, url: str) -> list[str]:
        return ["demo", url, str(self.settings.demo_scale)]

    def calibrate(self) -> None:
        url = self.store.copy("demo-reference")
        worker = self.worker(url, "demo-reference")
        if worker.finish() != 0:
            raise RuntimeError(f"the demo reference run failed: {worker.stderr_tail()}")
        self.seconds = worker.committed()[-1][0] - worker.ready_at()
        self.write_seconds = [b - a for a, b in write_spans(worker.lines)]
        with opened(url) as ctx:
            problems = audit_problems(ctx) + self.store.integrity(ctx.engine)
            with ctx.session_factory() as session:
                problems += structural_problems(session, every_row_audited=False, every_party_used=False)
                self.counts = counts(session)
            if self.settings.demo_twice:
                run_demo_again(ctx, self.settings.demo_scale)  # should add nothing (see below)
            with ctx.session_factory() as session:
                self.counts_twice = counts(session)
                problems += structural_problems(session, every_row_audited=False, every_party_used=False)
        self.rerun_adds = {k: self.counts_twice[k] - n for k, n in self.counts.items()
                           if self.counts_twice[k] != n and k != "audit_log"}
        if self.rerun_adds:  # demo-data run twice must add nothing the second time
            problems.append(f"a second uninterrupted demo-data run added rows: {self.rerun_adds}")
        if problems:
            raise RuntimeError(f"the checks fail on an uninterrupted demo-data run: {problems}")
        self.store.drop(url)

    def kill_point(self, worker: Worker) -> tuple[int, float]:
        """Aimed at a write: a moment drawn uniformly from the time the uninterrupted run spent in
        writing transactions — the j-th of them (the same one in every run: the demo is deterministic),
        a random part of the way through it."""
        j = self.rng.choices(range(len(self.write_seconds)), weights=self.write_seconds)[0]
        worker.wait_for(lambda ls: count_tag(ls, "W") > j)
        delay = self.rng.uniform(0, 0.9 * self.write_seconds[j])
        time.sleep(delay)
        return j, delay

    def check(self, ctx, lines, result: RoundResult) -> list[str]:
        problems: list[str] = []
        with ctx.session_factory() as session:
            problems += structural_problems(session, every_row_audited=False, every_party_used=False)
            before = counts(session)
        result.in_flight = f"demo at {sum(1 for _, f in lines if f[0] == 'T-')} commits"
        run_demo_again(ctx, self.settings.demo_scale)
        problems += audit_problems(ctx)
        with ctx.session_factory() as session:
            problems += [f"after demo-data again: {x}" for x in
                         structural_problems(session, every_row_audited=False, every_party_used=False)]
            after = counts(session)
        # The demo draws nothing from database ids and a re-run adds nothing (both fixed after the
        # first campaign), so on either store any difference is something lost or doubled.
        differ = {k: (after[k], n) for k, n in self.counts.items() if after[k] != n and k != "audit_log"}
        if differ:
            problems.append(f"after demo-data again the hall differs from an uninterrupted run (table: (now, "
                            f"uninterrupted)): {differ}; before the rerun: { {k: before[k] for k in differ} }")
        return problems


# -- window business ---------------------------------------------------------------------------

class CasesMode(Mode):
    name = "cases"
    unit_word = "units"

    def worker_args(self, url: str) -> list[str]:
        return ["cases", url]

    def kill_point(self, worker: Worker) -> tuple[int, float]:
        """After k units, at the next transaction's first write, a random part of the way through it
        (the mean writing transaction so far, and a third more: some kills land just after the commit)."""
        k = self.rng.randint(*self.settings.cases_units)
        _wait_committed(worker, k)
        writes = count_tag(worker.lines, "W")
        worker.wait_for(lambda ls: count_tag(ls, "W") > writes)
        spans = write_spans(worker.lines)
        mean = sum(b - a for a, b in spans) / len(spans) if spans else 0.02
        delay = self.rng.uniform(0, 1.3 * mean)
        time.sleep(delay)
        return k, delay

    def check(self, ctx, lines, result: RoundResult) -> list[str]:
        from desktop.services.catalogs import Catalogs
        from desktop.store.driver_models import DriverCase
        from desktop.store.exam_models import ExamCandidate
        from desktop.store.models import IssuedDocument, Person
        from desktop.store.queue_models import Ticket
        from desktop.store.vehicle_models import CaseMaterial, Deferral, PlateNumber, Vehicle, VehicleCase

        problems: list[str] = []
        done, begun = units(lines)
        catalogs = Catalogs.load()  # the bundled ones, as the worker (its data folder has no catalogue)
        register = catalogs.vehicle.business("register")
        first_licence = catalogs.driver.business("first_licence")
        with ctx.session_factory() as session:
            problems += structural_problems(session, every_row_audited=True, every_party_used=True)
            vcases = {c.case_no: c for c in session.execute(sa.select(VehicleCase)).scalars()}
            dcases = {c.case_no: c for c in session.execute(sa.select(DriverCase)).scalars()}
            cars = {c.vin: c for c in session.execute(sa.select(Vehicle)).scalars()}
            people = {x.id: x for x in session.execute(sa.select(Person)).scalars()}
            plates = {x.number: x for x in session.execute(sa.select(PlateNumber)).scalars()}
            tickets = {x.id: x for x in session.execute(sa.select(Ticket)).scalars()}
            candidates = {x.application_no: x for x in session.execute(sa.select(ExamCandidate)).scalars()}
            deferrals = {(x.case_type, x.case_id): x for x in session.execute(sa.select(Deferral)).scalars()}
            materials = Counter((m.case_type, m.case_id) for m in session.execute(sa.select(CaseMaterial)).scalars())
            docs = {d.serial: d for d in session.execute(sa.select(IssuedDocument)).scalars()}
            draws = {r for (r,) in session.execute(sa.select(table("audit_log").c.record_id).where(
                table("audit_log").c.action == "plate_draw"))}
            held = Counter(x.held_for for x in plates.values() if x.state == "held")

        def vehicle_whole(case: VehicleCase, vin: str) -> list[str]:
            out = []
            car = cars.get(vin)
            deferred = case.state == "deferred"
            if car is None or case.vehicle_id != car.id:
                return [f"vehicle case {case.case_no}: its vehicle {vin} is not there"]
            row = plates.get(case.plate)
            if row is None or row.state != "assigned" or row.vehicle_id != car.id:
                out.append(f"vehicle case {case.case_no}: plate {case.plate} not assigned to the vehicle")
            if deferred:
                if car.registered or car.plate or (("vehicle", case.id) not in deferrals):
                    out.append(f"vehicle case {case.case_no} (容缺): vehicle registered or commitment missing")
            elif case.state != "completed" or not car.registered or car.plate != case.plate \
                    or not car.certificate_no or car.first_registered != case.day:
                out.append(f"vehicle case {case.case_no}: not completed on the register "
                           f"({case.state}, {car.registered}, {car.plate}, {car.certificate_no})")
            owner = people.get(car.owner_person_id)
            if owner is None or case.applicant_person_id != car.owner_person_id:
                out.append(f"vehicle case {case.case_no}: owner missing")
            if materials[("vehicle", case.id)] != len(register.materials):
                out.append(f"vehicle case {case.case_no}: {materials[('vehicle', case.id)]} materials")
            for serial, kind in ((case.notice_serial, "AN"), (case.receipt_serial, "RC")):
                if serial not in docs or docs[serial].kind != kind:
                    out.append(f"vehicle case {case.case_no}: {kind} {serial} not registered")
            return out

        def driver_whole(case: DriverCase, ident: str) -> list[str]:
            out = []
            person = people.get(case.person_id)
            if person is None or person.id_number != ident:
                out.append(f"driver case {case.case_no}: applicant {ident} missing")
            cand = candidates.get(case.case_no)
            if case.state != "examining" or cand is None or cand.person_id != case.person_id or cand.state != "active":
                out.append(f"driver case {case.case_no}: exam application missing ({case.state}, {cand})")
            if materials[("driver", case.id)] != len(first_licence.materials):
                out.append(f"driver case {case.case_no}: {materials[('driver', case.id)]} materials")
            for serial, kind in ((case.notice_serial, "AN"), (case.receipt_serial, "RC")):
                if serial not in docs or docs[serial].kind != kind:
                    out.append(f"driver case {case.case_no}: {kind} {serial} not registered")
            return out

        reported = Counter(f[1] for f in done)
        for f in done:
            kind, key, info = f[1], f[2], json.loads(f[3])
            if kind == "vehicle":
                case = vcases.get(info["case_no"])
                if case is None:
                    problems.append(f"vehicle case {info['case_no']} ({key}) was reported but is not there")
                    continue
                problems += vehicle_whole(case, key)
                if held[info["token"]]:
                    problems.append(f"draw {info['token']}: {held[info['token']]} numbers still held after its case")
            elif kind == "driver":
                case = dcases.get(info["case_no"])
                if case is None:
                    problems.append(f"driver case {info['case_no']} ({key}) was reported but is not there")
                    continue
                problems += driver_whole(case, key)
            elif kind == "ticket":
                ticket = tickets.get(info["id"])
                slip = docs.get(info["serial"])
                if ticket is None or ticket.label != info["label"] or slip is None or slip.record_id != str(info["id"]):
                    problems.append(f"ticket {info['label']} (id {info['id']}) was reported but is not whole")
            elif kind == "draw":
                if info["token"] not in draws:
                    problems.append(f"draw {info['token']} was reported but has no audit entry")
        # The unit in flight: entirely there or entirely absent.
        in_flight = {"vehicle": 0, "driver": 0, "ticket": 0, "draw": 0}
        if begun:
            kind, key = begun[1], begun[2]
            if kind == "vehicle":
                car = cars.get(key)
                case = next((c for c in vcases.values() if car is not None and c.vehicle_id == car.id), None)
                there = car is not None or case is not None
                if there:
                    problems += vehicle_whole(case, key) if case else [f"vehicle {key} without its case"]
            elif kind == "driver":
                person = next((x for x in people.values() if x.id_number == key), None)
                case = next((c for c in dcases.values() if person is not None and c.person_id == person.id), None)
                there = person is not None or case is not None
                if there:
                    problems += driver_whole(case, key) if case else [f"applicant {key} without the case"]
            elif kind == "ticket":
                there = len(tickets) > reported["ticket"]
            else:  # draw
                there = len(draws) > reported["draw"]
            in_flight[kind] = int(there)
            result.in_flight = f"{kind} {key[:18]} → {'present' if there else 'absent'}"
        # Nothing else: as many of each as reported (and the one in flight, if it committed).
        for kind, have in (("vehicle", len(vcases)), ("driver", len(dcases)), ("ticket", len(tickets)),
                           ("draw", len(draws))):
            if have != reported[kind] + in_flight[kind]:
                problems.append(f"{have} {kind} rows for {reported[kind]} reported (+{in_flight[kind]} in flight)")
        return problems


MODE_CLASSES = {"import": ImportMode, "demo": DemoMode, "cases": CasesMode}


# ---------------------------------------------------------------------------------------------
# The campaign


def run_mode(settings: Settings, mode_name: str, store, workdir: Path, log=print) -> list[RoundResult]:
    rng = random.Random(f"{settings.seed}/{store.name}/{mode_name}")
    mode = MODE_CLASSES[mode_name](store, workdir, rng, settings)
    started = time.monotonic()
    mode.calibrate()
    note = f"; an uninterrupted run takes {mode.seconds:.1f} s" if hasattr(mode, "seconds") else ""
    if getattr(mode, "unit_seconds", None):
        note = f"; the files take {', '.join(f'{x:.1f}' for x in mode.unit_seconds)} s"
    elif getattr(mode, "write_seconds", None):
        note += f" ({len(mode.write_seconds)} writing transactions, {sum(mode.write_seconds):.1f} s)"
    if getattr(mode, "rerun_adds", None):
        note += f"; NOTE a second uninterrupted run adds rows: {mode.rerun_adds}"
    log(f"[{store.name} {mode_name}] prepared in {time.monotonic() - started:.1f} s{note}")
    results: list[RoundResult] = []
    attempts = 0
    # A round whose worker finished before the kill came (the machine ran faster than the aim) is
    # checked but does not count: another takes its place, up to twice the rounds asked for.
    while sum(r.state != "finished" for r in results) < settings.rounds and attempts < 2 * settings.rounds:
        i = attempts
        attempts += 1
        r = mode.run_round(i)
        results.append(r)
        wal = f" wal={r.wal_bytes} B, {r.wal_uncommitted} uncommitted frames" if r.wal_bytes is not None else ""
        log(f"[{store.name} {mode_name} {i + 1:2d}] after {r.committed} {mode.unit_word} "
            f"+{r.delay_ms:.0f} ms: {r.state}{wal}; in flight: {r.in_flight or '-'}; {r.seconds:.1f} s; "
            + ("ok" if not r.problems else "FAILED:\n    " + "\n    ".join(r.problems))
            + "".join(f"\n    NOTE {n}" for n in r.notes))
    return results


def run_campaign(settings: Settings, modes: list[str], stores: list, workdir: Path, log=print) -> list[RoundResult]:
    """Every mode on every store; with settings.jobs > 1 the modes of a store run side by side."""
    from concurrent.futures import ThreadPoolExecutor

    results: list[RoundResult] = []
    for store in stores:
        if settings.jobs > 1:
            with ThreadPoolExecutor(settings.jobs) as pool:
                for rs in pool.map(lambda m: run_mode(settings, m, store, workdir, log), modes):
                    results += rs
        else:
            for m in modes:
                results += run_mode(settings, m, store, workdir, log)
    return results


def summary(results: list[RoundResult], elapsed: float) -> str:
    rows = [("store", "mode", "kills", "kills mid-transaction", "… after a write", "… in commit",
             "WAL frames discarded", "in flight: present/absent", "checks passed", "time")]
    groups: dict[tuple[str, str], list[RoundResult]] = defaultdict(list)
    for r in results:
        groups[(r.store, r.mode)].append(r)
    for (store, mode), rs in groups.items():
        present = sum(1 for r in rs if r.in_flight.endswith("present"))
        absent = sum(1 for r in rs if r.in_flight.endswith("absent"))
        wal = (f"{sum(r.wal_uncommitted > 0 for r in rs)} rounds" if any(r.wal_bytes is not None for r in rs)
               else "n/a")
        finished = sum(r.state == "finished" for r in rs)
        killed = f"{len(rs) - finished}" + (f" (+{finished} ended first)" if finished else "")
        rows.append((store, mode, killed, str(sum(r.mid_transaction for r in rs)),
                     str(sum(r.state in ("written", "commit") for r in rs)),
                     str(sum(r.state == "commit" for r in rs)), wal, f"{present}/{absent}",
                     f"{sum(not r.problems for r in rs)}/{len(rs)}", f"{sum(r.seconds for r in rs):.0f} s"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = sum(bool(r.notes) for r in results)
    lines.append(f"total {elapsed:.0f} s; {sum(bool(r.problems) for r in results)} failed rounds"
                 + (f"; {notes} rounds with a NOTE (a known product deviation, see the log)" if notes else ""))
    return "\n".join(lines)


def start_postgres(port: int):
    import tests.pgserver as pgserver

    if pgserver.find_bindir() is None:
        raise SystemExit("--pg: PostgreSQL is not installed (apt-get install postgresql)")
    pgserver.PORT = port  # not the test suite's port: a test run may be using that one
    cluster = pgserver.ThrowawayCluster()
    return cluster, cluster.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds per mode (default 20)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--modes", default=",".join(MODES), help="import,demo,cases")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS, help="rows a file")
    parser.add_argument("--import-files", type=int, default=IMPORT_PARTS, help="files imported one after another")
    parser.add_argument("--demo-scale", type=float, default=DEMO_SCALE)
    parser.add_argument("--jobs", type=int, default=1, help="modes run side by side")
    parser.add_argument("--exec", action="store_true",
                        help="start each worker with python -m tests.crash.worker instead of the fork server")
    parser.add_argument("--pg", action="store_true", help="also run on a throwaway PostgreSQL cluster")
    parser.add_argument("--pg-only", action="store_true", help="run on PostgreSQL only")
    parser.add_argument("--pg-port", type=int, default=55491)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    settings = Settings(rounds=args.rounds, seed=args.seed, import_rows=args.import_rows,
                        import_parts=args.import_files, demo_scale=args.demo_scale, jobs=args.jobs,
                        launcher="exec" if args.exec else "fork")
    workdir = Path(tempfile.mkdtemp(prefix="counterdesk-crash-"))
    started = time.monotonic()
    cluster = None
    stores = []
    failed = True
    try:
        if not args.pg_only:
            stores.append(SqliteStore(workdir))
        if args.pg or args.pg_only:
            cluster, admin_url = start_postgres(args.pg_port)
            stores.append(PostgresStore(admin_url, f"{os.getpid()}"))
        print(f"crash campaign: {args.rounds} rounds of {', '.join(modes)} on {', '.join(s.name for s in stores)}; "
              f"seed {args.seed}; work folder {workdir}", flush=True)
        results = run_campaign(settings, modes, stores, workdir, log=lambda s: print(s, flush=True))
        print()
        print(summary(results, time.monotonic() - started))
        failed = any(r.problems for r in results)
    finally:
        for store in stores:
            if isinstance(store, PostgresStore):
                store.close()
        if cluster is not None:
            cluster.stop()
        if args.keep or failed:
            print(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
