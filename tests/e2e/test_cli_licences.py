"""`counterdesk import licences` and `report renewal-due` as a subprocess."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from desktop.domain.identifiers import make_resident_id
from tests.e2e.test_cli import run

HOLDER = make_resident_id("152921", date(1975, 5, 6), 21)
ELDER = make_resident_id("152922", date(1950, 2, 3), 41)


def test_import_licences_and_renewal_due(tmp_path):
    db = f"sqlite:///{tmp_path / 'l.sqlite3'}"
    assert run(db, "init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "boss",
               env={"COUNTERDESK_ADMIN_PASSWORD": "first1234"}).returncode == 0
    csv_path = tmp_path / "licences.csv"
    csv_path.write_bytes(("身份证明号码,姓名,准驾车型,初次领证日期,有效期始,有效期止,累积记分,状态,审验有效期止,体检日期\n"
                          f"{HOLDER},张三明,B2,2008-03-01,2020-03-01,2026-03-01,0,A,,\n"
                          f"{ELDER},王五五,C1,1990-01-01,2010-01-01,长期,0,A,,2025-12-01\n"
                          f"{ELDER[:-1]}0,李四,C9,2010-01-01,2010-01-01,2016-01-01,0,A,,\n").encode("gb18030"))
    first = run(db, "import", "licences", str(csv_path))
    assert first.returncode == 1, first.stderr
    assert "第4行" in first.stdout and "imported 2" in first.stdout
    errors = (tmp_path / "licences.csv.errors.csv").read_bytes()
    assert errors.startswith(b"\xef\xbb\xbf") and "id_number" in errors.decode("utf-8-sig")
    again = run(db, "import", "licences", str(csv_path))
    assert again.returncode == 1 and "imported 0" in again.stdout and "unchanged 2" in again.stdout

    good = tmp_path / "good.csv"
    good.write_text("sfzmhm,xm,zjcx,cclzrq,yxqs,yxqz\n" f"{HOLDER},张三明,B2,2008-03-01,2020-03-01,2026-03-01\n",
                    encoding="utf-8")
    ok = run(db, "import", "licences", str(good))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert not (tmp_path / "good.csv.errors.csv").exists()

    out = tmp_path / "due.pdf"
    report = run(db, "report", "renewal-due", "--on", "2026-11-26", "--out", str(out))
    assert report.returncode == 0, report.stderr
    assert out.read_bytes().startswith(b"%PDF") and "2 项" in report.stdout
    xlsx = tmp_path / "due.xlsx"
    report = run(db, "report", "renewal-due", "--on", "2026-11-26", "--within-days", "30", "--format", "xlsx",
                 "--out", str(xlsx))
    assert report.returncode == 0, report.stderr
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]] == ["姓名", "证件号", "准驾车型", "事项", "到期日", "逾期天数"]
    assert sheet["A2"].value == "张*明" and sheet["D2"].value == "期满换证" and sheet["F2"].value == 270
    assert sheet["D3"].value == "提交身体条件证明"
    csv_out = tmp_path / "due.csv"
    assert run(db, "report", "renewal-due", "--on", "2026-11-26", "--out", str(csv_out)).returncode == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")

    bad = run(db, "report", "renewal-due", "--on", "26/11/2026", "--out", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    missing = run(db, "import", "licences", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "找不到文件" in missing.stdout
