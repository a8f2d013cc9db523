"""Crash safety in the default test run: the crash campaign (tests/crash/campaign.py) with three
rounds per mode on SQLite — kill -9 in the middle of an import, of demo-data and of window business,
then integrity_check, the audit chain and atomicity. Small sizes keep it short; the full campaign
(20 rounds a mode, bigger files, the demo at the tests' scale) is `python -m tests.crash.campaign`."""

from __future__ import annotations

from tests.crash.campaign import MODES, Settings, SqliteStore, run_campaign, summary

SHORT = Settings(rounds=3, seed=9, import_rows=30, import_parts=2, demo_scale=0.003, cases_units=(3, 10), jobs=3,
                 demo_twice=False)


def test_a_process_killed_mid_transaction_leaves_a_whole_database(tmp_path):
    log: list[str] = []
    results = run_campaign(SHORT, list(MODES), [SqliteStore(tmp_path)], tmp_path, log=log.append)
    report = "\n".join(log) + "\n\n" + summary(results, sum(r.seconds for r in results))
    assert sum(r.state != "finished" for r in results) == SHORT.rounds * len(MODES), report  # all killed
    assert not [r for r in results if r.problems], report
    # The kills are aimed at open transactions; most land there (timing decides, so not all of them).
    assert sum(r.mid_transaction for r in results) >= len(results) // 3, report
