"""Two clerks never get the same number: 8 processes on one SQLite file, 12 connections on
PostgreSQL, drawing and composing from one small shared set of numbers at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import sqlalchemy as sa

from desktop.store.vehicle_models import PlateNumber, Vehicle
from tests.services.plate_worker import race

ROOT = Path(__file__).resolve().parents[2]
SHARED = [f"蒙M{n}" for n in ("3A7K9", "5B2C8", "27Q5X", "8E6W3", "4D9F2", "61H8T", "9P3R7", "2S5U4",
                              "7V1Y6", "3Z8A2", "58K3B", "6C4D9", "1E7F5", "42G6H", "8J2L3")]


def test_concurrent_draws_and_assignments_never_share_a_number(hall):
    on_postgres = hall.url.startswith("postgresql")
    workers = 12 if on_postgres else 8
    hall.services.auth.create_staff(hall.admin, "racer", "clerk", "racepass1")
    at = hall.clock().isoformat()
    if on_postgres:
        results: list[dict] = [{} for _ in range(workers)]

        def run(i):
            results[i] = race(hall.url, i, at, SHARED)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    else:
        procs = [subprocess.Popen([sys.executable, "-m", "tests.services.plate_worker", hall.url, str(i), at,
                                   ",".join(SHARED)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for i in range(workers)]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
            results.append(json.loads(out))
    held = [n for r in results for n in r["held"]]
    assert len(held) == len(set(held)) == workers * 100, "two draws held the same number"
    got = [n for r in results for n in r["got"]]
    assert sorted(got) == sorted(SHARED), "each shared number is assigned exactly once"
    assert sum(r["refused"] for r in results) == workers * len(SHARED) - len(SHARED)
    with hall.ctx.session_factory() as session:
        plates = session.execute(sa.select(Vehicle.plate).where(Vehicle.registered.is_(True))).scalars().all()
        assert sorted(plates) == sorted(SHARED)
        assigned = session.execute(sa.select(sa.func.count()).select_from(PlateNumber).where(
            PlateNumber.state == "assigned")).scalar_one()
        assert assigned == len(SHARED)
    assert hall.services.audit.verify(hall.admin).ok
