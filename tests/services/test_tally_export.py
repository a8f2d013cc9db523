"""Exporting a year: the thirteen periods are one run (TallyService.year_run) — the summary merges the
months' queue groups and each month's 环比 reads the month before's figures. Its files must hold
exactly what separate month() and year() calls compute."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from desktop.domain.errors import ValidationError
from desktop.exports.tally_files import tally_json
from desktop.services import tallies as tally_service
from desktop.services.tally_export import export_periods, year_jobs


def _same(a, b) -> bool:
    a, b = json.loads(tally_json(a)), json.loads(tally_json(b))
    return {k: v for k, v in a.items() if k != "generated_at"} == {k: v for k, v in b.items() if k != "generated_at"}


def test_a_year_run_gives_what_separate_tallies_give(demo_hall, monkeypatch):
    hall, _ = demo_hall
    tallies = hall.services.tallies
    reads = []
    real = tally_service._Queries.queue_groups  # noqa: SLF001 - counting the ticket reads
    monkeypatch.setattr(tally_service._Queries, "queue_groups", lambda q, p: reads.append(p) or real(q, p))
    run = tallies.year_run(hall.admin, 2026)
    months = [run.month(m) for m in range(1, 13)]
    merged = run.summary()
    assert len(reads) == 12  # the summary read no tickets of its own
    for m, tally in enumerate(months, 1):
        assert _same(tally, tallies.month(hall.admin, 2026, m)), m
    assert _same(merged, tallies.year(hall.admin, 2026))
    # the merge really happened: every ticket of the year is in the summary's queue total
    with closing(sqlite3.connect(hall.url.removeprefix("sqlite:///"))) as con:  # an independent count
        (tickets,), = con.execute("SELECT count(*) FROM tickets WHERE day >= '2026-01-01' AND day < '2027-01-01'")
    assert merged.section("queue_by_category").rows[-1][1] == tickets > 0


def test_a_summary_without_all_its_months_reads_the_year_itself(demo_hall):
    hall, _ = demo_hall
    tallies = hall.services.tallies
    run = tallies.year_run(hall.admin, 2026)
    run.month(3)
    assert _same(run.summary(), tallies.year(hall.admin, 2026))


def test_the_year_export_writes_the_separate_tallies(demo_hall, tmp_path):
    hall, _ = demo_hall
    tallies = hall.services.tallies
    out = tmp_path / "out"
    result = export_periods(tallies, hall.services.documents, hall.admin, year_jobs(2026, None), out, ["csv"])
    assert result.periods == 13 and not result.cancelled
    assert sorted(p.name for p in out.iterdir()) == ["2026", *(f"2026-{m:02d}" for m in range(1, 13))]
    written = json.loads((out / "2026" / "152900_2026.json").read_bytes())
    expected = json.loads(tally_json(tallies.year(hall.admin, 2026)))
    assert {k: v for k, v in written.items() if k != "generated_at"} == \
        {k: v for k, v in expected.items() if k != "generated_at"}
    july = json.loads((out / "2026-07" / "152900_2026-07.json").read_bytes())
    assert july["headlines"] == json.loads(tally_json(tallies.month(hall.admin, 2026, 7)))["headlines"]


def test_an_unknown_hall_is_refused_with_its_message(demo_hall, tmp_path):
    hall, _ = demo_hall
    with pytest.raises(ValidationError) as refused:
        export_periods(hall.services.tallies, hall.services.documents, hall.admin, year_jobs(2026, "000000"),
                       tmp_path / "out", ["csv"])
    assert refused.value.code == "hall_unknown"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.json"))
