"""Exporting a year: the summary is computed in a side process beside the months (it takes as long as
the twelve together); its files hold what the service computes in-process."""

from __future__ import annotations

import json

import pytest

from desktop.domain.errors import ValidationError
from desktop.exports.tally_files import tally_json
from desktop.services import tally_export
from desktop.services.tally_export import YearSummary, export_periods, year_jobs


def test_the_year_summary_from_the_side_process_is_the_in_process_one(demo_hall, tmp_path, monkeypatch):
    hall, _ = demo_hall
    tallies = hall.services.tallies
    assert tallies.shared_url() == hall.url  # a file: another process can open it
    pools = []
    real = tally_export._render_pool
    monkeypatch.setattr(tally_export, "_render_pool", lambda: pools.append(real()) or pools[-1])
    out = tmp_path / "out"
    result = export_periods(tallies, hall.services.documents, hall.admin, year_jobs(2026, None), out, ["csv"])
    assert result.periods == 13 and not result.cancelled
    assert len(pools) == 2 and None not in pools  # the writer and the side process
    written = json.loads((out / "2026" / "152900_2026.json").read_bytes())
    assert written == json.loads(tally_json(tallies.year(hall.admin, 2026)))
    assert sorted(p.name for p in out.iterdir()) == ["2026", *(f"2026-{m:02d}" for m in range(1, 13))]


def test_a_refusal_in_the_side_process_is_raised_with_its_own_message(demo_hall, tmp_path):
    hall, _ = demo_hall
    jobs = [("x", lambda s, a: s.month(a, 2026, 1, None)), ("y", YearSummary(2026, "000000"))]
    with pytest.raises(ValidationError) as refused:
        export_periods(hall.services.tallies, hall.services.documents, hall.admin, jobs, tmp_path / "out", ["csv"])
    assert refused.value.code == "hall_unknown"


def test_an_in_memory_database_is_not_shared(hall):
    if hall.url.startswith("sqlite"):
        from desktop.services.tallies import TallyService
        from desktop.store.engine import make_engine, make_session_factory

        engine = make_engine("sqlite://")
        assert TallyService(make_session_factory(engine)).shared_url() is None
        engine.dispose()
    else:
        assert hall.services.tallies.shared_url() == hall.url
