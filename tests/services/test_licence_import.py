"""`import licences`: national field names or Chinese headers, UTF-8 or GB18030 CSV or XLSX; bad rows
reported by row and field; the same file twice changes nothing; 长期 licences. And the renewal-due
list (换证、体检、审验提醒): its order and its three formats."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sqlalchemy import select

from desktop.domain.errors import ValidationError
from desktop.domain.identifiers import make_resident_id
from desktop.services.licence_import import parse_classes
from desktop.store.driver_models import DrivingLicence, LicenceClass
from desktop.store.models import Person

P1 = make_resident_id("152921", date(1975, 5, 6), 21)  # 张三明, B2: renewal and 审验 overdue
P2 = make_resident_id("152921", date(1990, 1, 2), 32)  # 李四, C1 D: nothing due
P3 = make_resident_id("152922", date(1950, 2, 3), 41)  # 王五五, 76, 长期: 身体条件证明 due 2026-12-01
P4 = make_resident_id("152923", date(1985, 7, 8), 52)  # 赵六, C1: renewal overdue 86 days
P5 = make_resident_id("152921", date(1980, 3, 4), 63)  # 钱七, A2 D: renewal due 2027-01-15
NEW = make_resident_id("152921", date(1999, 9, 9), 71)
BAD_ID = P1[:-1] + ("0" if P1[-1] != "0" else "1")
HEADER = ["sfzmhm", "xm", "xb", "csrq", "zjcx", "cclzrq", "yxqs", "yxqz", "ljjf", "zt", "syyxqz", "tjrq", "dabh"]


def rows() -> list[list[str]]:
    return [
        [P1, "张三明", "男", "1975-05-06", "B2", "2008-03-01", "2020-03-01", "2026-03-01", "3", "A", "2026-10-31", "",
         "152900100001"],
        [P2, "李四", "女", "19900102", "C1,D", "2012-06-01", "2022-06-01", "2032-06-01", "0", "A", "", "", ""],
        [P3, "王五五", "男", "1950-02-03", "C1", "1990-01-01", "2010-01-01", "长期", "", "", "", "2025-12-01", ""],
        [P4, "赵六", "女", "1985-07-08", "C1", "2014-09-01", "2020-09-01", "2026-09-01", "0", "HM", "", "", ""],
        [P5, "钱七", "男", "1980-03-04", "A2D", "2005-01-15", "2021-01-15", "2027-01-15", "0", "A", "", "", ""],
        [BAD_ID, "孙八", "男", "", "C1", "2014-09-01", "2020-09-01", "2026-09-01", "0", "A", "", "", ""],
        [NEW, "周九", "男", "", "C7", "2020-09-01", "2020-09-01", "2026-09-01", "0", "A", "", "", ""],
        [NEW, "周九", "男", "", "C1", "2020-09-01", "2020-09-01", "2026-09-01", "40", "A", "", "", ""],
        [NEW, "周九", "男", "", "C1", "2020-09-01", "2020-09-01", "2026-09-01", "0", "AX", "", "", ""],
        [NEW, "周九", "男", "", "C1", "2020-09-01", "2020-13-01", "2026-09-01", "0", "A", "", "", ""],
        [NEW, "", "男", "", "C1", "2020-09-01", "2020-09-01", "2026-09-01", "0", "A", "", "", ""],
        [NEW, "周九", "女", "", "C1", "2020-09-01", "2020-09-01", "2026-09-01", "0", "A", "", "", ""],
    ]


EXPECTED_ERRORS = [(7, "id_number"), (8, "classes"), (9, "points"), (10, "status"), (11, "valid_from"), (12, "name"),
                   (13, "sex")]


def write_csv(path: Path, encoding: str, data: list[list[str]] | None = None) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([HEADER, *(rows() if data is None else data)])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _licence(hall, id_number: str) -> tuple[DrivingLicence, dict[str, date]]:
    with hall.ctx.session_factory() as session:
        person = session.execute(select(Person).where(Person.id_number == id_number)).scalar_one()
        lic = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)).scalar_one()
        held = {h.cls: h.first_obtained for h in session.execute(
            select(LicenceClass).where(LicenceClass.licence_id == lic.id)).scalars()}
        session.expunge_all()
        return lic, held


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_import_reports_bad_rows_and_is_idempotent(hall, tmp_path, encoding):
    s = hall.services
    path = write_csv(tmp_path / "licences.csv", encoding)
    report = s.licence_import.import_file(hall.admin, path)
    assert (report.imported, report.unchanged) == (5, 0)
    assert [(e.row, e.field) for e in report.errors] == EXPECTED_ERRORS
    assert all(" / " in e.message for e in report.errors)  # bilingual
    again = s.licence_import.import_file(hall.admin, path)
    assert (again.imported, again.unchanged, len(again.errors)) == (0, 5, len(EXPECTED_ERRORS))

    lic, held = _licence(hall, P5)
    assert held == {"A2": date(2005, 1, 15), "D": date(2005, 1, 15)}  # 初次领证日期 for every class
    assert lic.valid_until == date(2027, 1, 15) and lic.source == "import" and lic.health_due is None
    lic, held = _licence(hall, P2)
    assert set(held) == {"C1", "D"}
    lic, _ = _licence(hall, P1)
    assert (lic.points, lic.review_due, lic.archive_no) == (3, date(2026, 10, 31), "152900100001")
    lic, _ = _licence(hall, P4)
    assert lic.status == "HM"
    view = s.licences.find(hall.admin, P3)[0]
    assert view.valid_until is None and view.licence_id is not None  # 长期
    lic, _ = _licence(hall, P3)
    assert lic.status == "A" and lic.last_medical == date(2025, 12, 1) and lic.health_due == date(2026, 12, 1)

    entries = s.audit.recent(hall.admin, action="licences_imported")
    assert len(entries) == 2
    assert s.audit.verify(hall.admin).ok


def test_a_changed_row_updates_and_a_known_person_needs_no_name(hall, tmp_path):
    s = hall.services
    s.licence_import.import_file(hall.admin, write_csv(tmp_path / "a.csv", "utf-8-sig"))
    changed = [[P4, "", "", "", "C1,E", "2014-09-01", "2020-09-01", "2026-09-01", "6", "A", "", "", ""]]
    report = s.licence_import.import_file(hall.admin, write_csv(tmp_path / "b.csv", "utf-8-sig", changed))
    assert (report.imported, report.unchanged, report.errors) == (1, 0, [])
    lic, held = _licence(hall, P4)
    assert (lic.points, lic.status) == (6, "A") and set(held) == {"C1", "E"}
    assert s.licence_import.import_file(hall.admin, tmp_path / "b.csv").unchanged == 1


def test_classes_are_parsed_and_checked():
    assert parse_classes("A2D") == ("A2", "D")
    assert parse_classes("C1,D") == ("C1", "D")
    assert parse_classes("ｃ１ E") == ("C1", "E")
    assert parse_classes("DA1") == ("A1", "D")
    assert parse_classes("C1,") == ("C1",)
    for bad in ("C7", "A", "X1", "1C", "", "C1;?"):
        with pytest.raises(ValidationError) as exc:
            parse_classes(bad)
        assert exc.value.field == "classes"


def test_xlsx_with_chinese_headers_and_permanent_licence(hall, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["身份证号", "姓名", "性别", "出生日期", "准驾车型", "初次领证日期", "有效期始", "有效期止", "累积记分",
               "状态", "审验有效期止", "体检日期", "档案编号"])
    ws.append([P3, "王五五", "男", date(1950, 2, 3), "C1", date(1990, 1, 1), date(2010, 1, 1), "长期", 0, "A", None,
               date(2025, 12, 1), "152900000009"])
    ws.append([P5, "钱七", "男", None, "A2D", date(2005, 1, 15), date(2021, 1, 15), date(2027, 1, 15), 12, "B",
               date(2027, 1, 1), None, None])
    ws.append([NEW, "周九", "男", None, "C1", date(2020, 9, 1), date(2020, 9, 1), None, 0, "A", None, None, None])
    path = tmp_path / "l.xlsx"
    book.save(path)
    s = hall.services
    report = s.licence_import.import_file(hall.admin, path)
    assert report.imported == 3 and not report.errors
    lic, _ = _licence(hall, NEW)
    assert lic.valid_until is None  # blank 有效期止: 长期
    lic, _ = _licence(hall, P5)
    assert (lic.points, lic.status, lic.review_due) == (12, "B", date(2027, 1, 1))
    assert s.licence_import.import_file(hall.admin, path).unchanged == 3


def test_renewal_due_list_puts_professional_classes_first(hall, tmp_path):
    s = hall.services
    s.licence_import.import_file(hall.admin, write_csv(tmp_path / "l.csv", "utf-8-sig"))
    report = s.driver_reports.renewal_due(hall.admin, date(2026, 11, 26))
    got = [(r.name_masked, r.classes, r.item, r.due, r.overdue_days) for r in report.rows]
    assert got == [
        ("张*明", "B2", "期满换证", date(2026, 3, 1), 270),
        ("张*明", "B2", "审验", date(2026, 10, 31), 26),
        ("钱*", "A2 D", "期满换证", date(2027, 1, 15), 0),
        ("赵*", "C1", "期满换证", date(2026, 9, 1), 86),
        ("王*五", "C1", "提交身体条件证明", date(2026, 12, 1), 0),
    ]
    assert report.rows[0].id_masked == P1[:6] + "*" * 8 + P1[-4:]
    assert report.overdue == 3 and report.holders == 4
    assert [r.item for r in s.driver_reports.renewal_due(hall.admin, date(2026, 11, 26), 0).rows].count("期满换证") == 2

    for fmt, magic in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        assert s.driver_reports.render_renewal_due(report, fmt).startswith(magic)
    text = s.driver_reports.render_renewal_due(report, "csv").decode("utf-8-sig")
    assert text.splitlines()[0] == "姓名,证件号,准驾车型,事项,到期日,逾期天数"
    (tmp_path / "r.xlsx").write_bytes(s.driver_reports.render_renewal_due(report, "xlsx"))
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A2"].value == "张*明" and sheet["F2"].value == 270 and sheet["D4"].value == "期满换证"
    with pytest.raises(ValidationError):
        s.driver_reports.render_renewal_due(report, "doc")
    with pytest.raises(ValidationError):
        s.driver_reports.renewal_due(hall.admin, date(2026, 11, 26), 400)
