"""Upgrading keeps every row: a database at the previous migration head, filled with the demo hall's
rows, upgraded to head, holds the same rows with the same values in every column it had."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine

from desktop.store import migrate

PREVIOUS_HEAD = "0006"


def test_upgrade_from_the_previous_head_loses_and_changes_nothing(demo_template, tmp_path):
    full, _ = demo_template
    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, PREVIOUS_HEAD)
    assert migrate.current_revision(engine) == PREVIOUS_HEAD
    engine.dispose()

    con = sqlite3.connect(old)
    con.execute("ATTACH DATABASE ? AS demo", (str(full),))
    tables = [t for (t,) in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' "
                                        "AND name NOT IN ('alembic_version') AND name NOT LIKE 'sqlite_%'")]
    columns = {t: [r[1] for r in con.execute(f'PRAGMA main.table_info("{t}")')] for t in tables}
    counts = {}
    with con:
        con.execute("PRAGMA foreign_keys = OFF")
        for t in tables:
            cols = ", ".join(f'"{c}"' for c in columns[t])
            con.execute(f'DELETE FROM main."{t}"')  # rows a migration seeds (the audit head)
            con.execute(f'INSERT INTO main."{t}" ({cols}) SELECT {cols} FROM demo."{t}"')
            counts[t] = con.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0]
    con.close()
    assert counts["tickets"] > 0 and counts["vehicle_cases"] > 0 and counts["exam_results"] > 0

    engine = create_engine(f"sqlite:///{old}")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()

    con = sqlite3.connect(old)
    con.execute("ATTACH DATABASE ? AS demo", (str(full),))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for t in tables:
        cols = ", ".join(f'"{c}"' for c in columns[t])
        assert con.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0] == counts[t], t
        lost = con.execute(f'SELECT count(*) FROM (SELECT {cols} FROM demo."{t}" EXCEPT '
                           f'SELECT {cols} FROM main."{t}")').fetchone()[0]
        assert lost == 0, f"{t}: {lost} rows lost or changed by the upgrade"
    con.close()


def test_several_pcs_starting_at_once_migrate_once(hall):
    """Four processes open a database a revision behind at the same moment: all start, the schema
    ends at head, and nothing is migrated twice (SQLite and PostgreSQL)."""
    import subprocess
    import sys
    from pathlib import Path

    from desktop.store.engine import make_engine

    hall.ctx.dispose()
    engine = make_engine(hall.url)
    migrate.downgrade(engine, PREVIOUS_HEAD)
    assert migrate.current_revision(engine) == PREVIOUS_HEAD
    engine.dispose()
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.services.migrate_worker", hall.url], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-400:] for _, err in outs]
    assert {out.strip() for out, _ in outs} == {migrate.head_revision()}


def test_the_head_constant_names_the_newest_migration():
    """ensure_current compares against HEAD_REVISION without Alembic: it must follow the scripts."""
    from desktop.store import migrate

    assert migrate.HEAD_REVISION == migrate.head_revision()
