"""`counterdesk import vehicles`, `report inspection-due` and `deferrals` as a subprocess."""

from __future__ import annotations

from datetime import date

from desktop.domain.identifiers import make_resident_id, make_vin
from tests.e2e.test_cli import run

OWNER = make_resident_id("152921", date(1975, 5, 6), 21)


def test_import_report_and_deferrals(tmp_path):
    db = f"sqlite:///{tmp_path / 'v.sqlite3'}"
    assert run(db, "init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "boss",
               env={"COUNTERDESK_ADMIN_PASSWORD": "first1234"}).returncode == 0
    csv_path = tmp_path / "vehicles.csv"
    csv_path.write_text("号牌号码,车辆识别代号,车辆类型,使用性质,身份证明号码,机动车所有人,初次登记日期,检验有效期止\n"
                        f"蒙M12345,{make_vin('LJMPKRT000000001')},K33,A,{OWNER},张三明,2019-05-10,2026-12-10\n"
                        f"蒙M1234,{make_vin('LJMPKRT000000002')},K33,A,{OWNER},张三明,2019-05-10,2026-12-10\n",
                        encoding="utf-8")
    first = run(db, "import", "vehicles", str(csv_path))
    assert first.returncode == 1 and "第3行" in first.stdout and "imported 1" in first.stdout
    errors = (tmp_path / "vehicles.csv.errors.csv").read_bytes()
    assert errors.startswith(b"\xef\xbb\xbf") and "plate" in errors.decode("utf-8-sig")
    again = run(db, "import", "vehicles", str(csv_path))
    assert "imported 0" in again.stdout and "unchanged 1" in again.stdout
    out = tmp_path / "due.pdf"
    report = run(db, "report", "inspection-due", "--on", "2026-11-26", "--within-days", "30", "--out", str(out))
    assert report.returncode == 0, report.stderr
    assert out.read_bytes().startswith(b"%PDF") and "1 辆" in report.stdout
    bad = run(db, "report", "inspection-due", "--on", "26/11/2026", "--out", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    missing = run(db, "import", "vehicles", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "找不到文件" in missing.stdout
    listed = run(db, "deferrals", "list")
    assert listed.returncode == 0
    assert run(db, "deferrals", "expire").returncode == 0
