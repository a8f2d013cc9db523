"""`counterdesk import candidates`, `exams site|plan|sessions|allocate|tickets` as a subprocess, on the
real clock: the dates are counted from today in the hall."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from desktop.domain.identifiers import make_resident_id
from desktop.services.base import HALL_ZONE
from tests.e2e.test_cli import run

GOOD = make_resident_id("152921", date(2000, 4, 5), 31)
BAD = make_resident_id("152922", date(1998, 1, 2), 42)
BAD = BAD[:-1] + ("0" if BAD[-1] != "0" else "1")  # a wrong check digit
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def test_import_candidates_allocate_and_print_the_tickets(tmp_path):
    today = datetime.now(HALL_ZONE).date()
    first, last = today + timedelta(days=12), today + timedelta(days=40)  # past booking close; over any holiday
    db = f"sqlite:///{tmp_path / 'e.sqlite3'}"
    assert run(db, "init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "boss",
               env={"COUNTERDESK_ADMIN_PASSWORD": "first1234"}).returncode == 0
    site = run(db, "exams", "site", "KC01", "阿拉善盟考试中心", "--subjects", "1", "--classes", "C1,C2")
    assert site.returncode == 0, site.stderr
    plan = run(db, "exams", "plan", "--site", "KC01", "--from", first.isoformat(), "--to", last.isoformat(),
               *[a for d in WEEKDAYS for a in ("--slot", f"{d}:am:1:5:C1,C2")])
    assert plan.returncode == 0, plan.stderr

    csv_path = tmp_path / "school.csv"
    csv_path.write_text("驾校,身份证明号码,姓名,准驾车型,受理日期,申请科目,开始日期,结束日期,考场\n"
                        f"安达驾校,{GOOD},王小明,C1,{today - timedelta(days=3)},科目一,{first},{last},KC01\n"
                        f"安达驾校,{BAD},李大海,C1,{today - timedelta(days=3)},科目一,{first},{last},KC01\n",
                        encoding="utf-8")
    imported = run(db, "import", "candidates", str(csv_path))
    assert imported.returncode == 1, imported.stdout + imported.stderr
    assert "第3行" in imported.stdout and "imported 1" in imported.stdout
    errors = (tmp_path / "school.csv.errors.csv").read_bytes()
    assert errors.startswith(b"\xef\xbb\xbf")
    assert errors.decode("utf-8-sig").splitlines()[1].startswith("3,id_number,")  # the row and the field
    again = run(db, "import", "candidates", str(csv_path))  # idempotent: nothing new, the bad row still bad
    assert again.returncode == 1 and "imported 0" in again.stdout and "unchanged 1" in again.stdout

    until = last.isoformat()
    allocated = run(db, "exams", "allocate", "--until", until, "--json")
    assert allocated.returncode == 0, allocated.stderr
    report = json.loads(allocated.stdout)
    assert [line["name_masked"] for line in report["booked"]] == ["王*明"] and report["not_booked"] == []
    rerun = run(db, "exams", "allocate", "--until", until)
    assert rerun.returncode == 0 and "排上 / booked 0," in rerun.stdout

    listed = run(db, "exams", "sessions", "--from", first.isoformat(), "--to", until, "--json")
    assert listed.returncode == 0, listed.stderr
    [booked] = [s for s in json.loads(listed.stdout) if s["booked"]]
    assert booked["booked"] == 1 and booked["site"] == "KC01"
    out = tmp_path / "tickets" / "session.pdf"
    tickets = run(db, "exams", "tickets", "--session", str(booked["id"]), "--out", str(out))
    assert tickets.returncode == 0, tickets.stderr
    assert out.read_bytes().startswith(b"%PDF")
    day_out = tmp_path / "day.pdf"
    day = run(db, "exams", "tickets", "--day", booked["day"], "--site", "KC01", "--out", str(day_out))
    assert day.returncode == 0, day.stderr
    assert day_out.read_bytes().startswith(b"%PDF")
