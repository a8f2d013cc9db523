"""`import candidates`: a driving school's list, Chinese or English headers, UTF-8 (BOM) or GBK CSV or
XLSX; each row registers the candidate (受理编号 KS…) and, with a subject, asks for the exam; a bad
row is reported by spreadsheet row and field and leaves nothing behind, the good rows go in; the
same file twice changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.domain.errors import PermissionDenied
from desktop.domain.identifiers import make_resident_id
from desktop.services.base import HALL_ZONE
from desktop.services.candidate_import import CandidateImportService, parse_subject
from desktop.store.exam_models import ExamCandidate, ExamRequest
from desktop.store.models import Person

HEADER = ["驾校", "身份证明号码", "姓名", "准驾车型", "受理日期", "申请科目", "开始日期", "结束日期", "考场"]
P1 = make_resident_id("152921", date(2000, 4, 5), 31)  # 王小明: C1, 科目一 at KC01
P2 = make_resident_id("152922", date(1998, 1, 2), 42)  # 李大海: C2, 科目一 anywhere, accepted at 14:30
P3 = make_resident_id("152923", date(2001, 6, 7), 53)  # 张三: C1, registered only
P4 = make_resident_id("152921", date(1990, 3, 4), 64)  # 赵六: holds C1, 增驾 B1
NEW = [make_resident_id("152921", date(1995, 5, 5), 70 + i) for i in range(12)]  # each bad row: a new person
BAD_ID = NEW[0][:-1] + ("0" if NEW[0][-1] != "0" else "1")
SCHOOL = "阿拉善盟安达驾校"


def good_rows() -> list[list[str]]:
    return [
        [SCHOOL, P1, "王小明", "C1", "2026-11-20", "科目一", "2026-12-07", "2026-12-31", "KC01"],
        [SCHOOL, P2, "李大海", "c2", "2026/11/21 14:30", "1", "2026-12-07", "2026-12-20", ""],
        [SCHOOL, P3, "张三", "C1", "20261122", "", "", "", ""],
        [SCHOOL, P4, "赵六", "B1", "2026-11-23", "", "", "", ""],
    ]


def bad_rows() -> list[list[str]]:
    return [
        [SCHOOL, BAD_ID, "孙八", "C1", "2026-11-20", "", "", "", ""],  # 6
        [SCHOOL, NEW[1], "周九", "C1", "2026-11-27", "", "", "", ""],  # 7: tomorrow
        [SCHOOL, NEW[2], "吴十", "C7", "2026-11-20", "", "", "", ""],  # 8
        [SCHOOL, NEW[3], "郑一", "B1", "2026-11-20", "", "", "", ""],  # 9: not a first-licence class
        [SCHOOL, NEW[4], "冯二", "C1", "2026-11-20", "1", "2026-12-20", "2026-12-07", ""],  # 10: reversed
        [SCHOOL, NEW[5], "陈三", "C1", "2026-11-20", "1", "2026-12-07", "2026-12-31", "KC99"],  # 11
        [SCHOOL, NEW[6], "褚四", "C1", "2026-11-20", "科目二", "2026-12-07", "2026-12-31", ""],  # 12: 科目一 first
        [SCHOOL, P1, "王晓明", "C2", "2026-11-20", "", "", "", ""],  # 13: P1 is 王小明
        ["", NEW[7], "卫五", "C1", "2026-11-20", "", "", "", ""],  # 14: no school
        [SCHOOL, NEW[8], "蒋六", "C1", "2026-11-20", "1", "2026-12-07", "2027-03-31", ""],  # 15: > 92 days
        [SCHOOL, NEW[9], "沈七", "C1", "2026-11-20", "", "2026-12-07", "2026-12-31", ""],  # 16: dates, no subject
        [SCHOOL, NEW[10], "韩八", "C1", "2026-11-20", "1", "2026-12-07", "2026-12-31", "KC02"],  # 17: 科目二 site
    ]


EXPECTED_ERRORS = [(6, "id_number"), (7, "accepted_at"), (8, "licence_class"), (9, "licence_class"),
                   (10, "last_day"), (11, "sites"), (12, "subject"), (13, "name"), (14, "school"), (15, "last_day"),
                   (16, "subject"), (17, "sites")]


def write_csv(path: Path, encoding: str, data: list[list[str]], header: list[str] | None = None) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header or HEADER, *data])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def hall_time(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HALL_ZONE).astimezone(timezone.utc)


@pytest.fixture
def x(hall):
    s = hall.services
    s.auth.create_staff(hall.admin, "officer", "exam", "officerpass1")
    hall.officer = s.auth.login("officer", "officerpass1")
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    hall.clerk = s.auth.login("clerk", "clerkpass1")
    s.exam_plans.save_site(hall.officer, "KC01", "阿拉善盟考试中心", ["1"], ["C1", "C2"])
    s.exam_plans.save_site(hall.officer, "KC02", "场地驾驶技能考场", ["2"], ["C1", "C2"])
    report = s.licence_import.import_rows(hall.admin, [{  # 赵六 holds C1: B1 is his 增驾
        "sfzmhm": P4, "xm": "赵六", "zjcx": "C1", "cclzrq": "2015-01-01", "yxqs": "2021-01-01", "yxqz": "2031-01-01"}])
    assert report.imported == 1, report.errors
    hall.importer = CandidateImportService(hall.ctx.session_factory, hall.clock)
    return hall


def count(x, model, *where) -> int:
    with x.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def counts(x) -> tuple[int, int, int]:
    return count(x, Person), count(x, ExamCandidate), count(x, ExamRequest)


def candidates(x) -> dict[str, tuple[ExamCandidate, list[ExamRequest]]]:
    with x.ctx.session_factory() as session:
        out = {}
        for cand, number in session.execute(select(ExamCandidate, Person.id_number)
                                            .join(Person, Person.id == ExamCandidate.person_id)):
            reqs = session.execute(select(ExamRequest).where(ExamRequest.candidate_id == cand.id)).scalars().all()
            out[number] = (cand, list(reqs))
        session.expunge_all()
        return out


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_good_and_bad_rows_and_the_same_file_twice(x, tmp_path, encoding):
    path = write_csv(tmp_path / "school.csv", encoding, good_rows() + bad_rows())
    report = x.importer.import_file(x.officer, path)
    assert [(e.row, e.field) for e in report.errors] == EXPECTED_ERRORS
    assert (report.imported, report.unchanged) == (4, 0)
    assert all(" / " in e.message for e in report.errors)  # bilingual
    messages = {e.row: e.message for e in report.errors}
    assert "校验位" in messages[6] and "晚于今天" in messages[7] and "C7" in messages[8]
    assert "不能初次申领" in messages[9] and "结束日期不能早于开始日期" in messages[10] and "KC99" in messages[11]
    assert "科目一" in messages[12] and "王*明" in messages[13] and "驾校" in messages[14]
    assert "92" in messages[15] and "不考科目一" in messages[17]

    got = candidates(x)
    assert set(got) == {P1, P2, P3, P4}  # the bad rows left nothing behind
    assert count(x, Person, Person.id_number.in_([BAD_ID, *NEW])) == 0
    cand, reqs = got[P1]
    assert (cand.cls, cand.school, cand.source, cand.state) == ("C1", SCHOOL, "import", "active")
    assert cand.accepted_at == hall_time(date(2026, 11, 20), 9)  # a date alone: 09:00 hall time
    assert cand.application_no == "KS26112000001"  # numbered on the acceptance day
    assert [(r.subject, r.first_day, r.last_day, r.sites, r.channel, r.state) for r in reqs] == [
        ("1", date(2026, 12, 7), date(2026, 12, 31), "KC01", "school", "open")]
    cand, reqs = got[P2]
    assert cand.cls == "C2" and cand.accepted_at == hall_time(date(2026, 11, 21), 14, 30)
    assert [(r.subject, r.sites) for r in reqs] == [("1", "")]
    assert got[P3][1] == [] and got[P3][0].application_no == "KS26112200001"
    assert got[P4][0].cls == "B1" and got[P4][1] == []
    with x.ctx.session_factory() as session:
        person = session.execute(select(Person).where(Person.id_number == P2)).scalar_one()
        assert (person.name, person.sex, person.birth_date) == ("李大海", "F", date(1998, 1, 2))  # sequence 42: even, 女
    found = x.services.exam_candidates.find(x.clerk, P1)
    assert [c.application_no for c in found] == ["KS26112000001"]

    before = counts(x)
    again = x.importer.import_file(x.officer, path)
    assert (again.imported, again.unchanged) == (0, 4)
    assert [(e.row, e.field) for e in again.errors] == EXPECTED_ERRORS
    assert counts(x) == before
    assert len(x.services.audit.recent(x.admin, action="candidates_imported")) == 2
    assert x.services.audit.verify(x.admin).ok


def test_xlsx_with_english_headers_and_date_cells(x, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["school", "id_number", "name", "class", "accepted_at", "subject", "start", "end", "sites"])
    ws.append([SCHOOL, P1, "王小明", "C1", date(2026, 11, 20), 1, date(2026, 12, 7), date(2026, 12, 31), "KC01"])
    ws.append([SCHOOL, P2, "李大海", "C2", datetime(2026, 11, 21, 14, 30), "科目一", date(2026, 12, 7),
               date(2026, 12, 20), None])
    ws.append([None] * 9)  # a blank line is skipped
    ws.append([SCHOOL, P3, "张三", "C1", "2026-11-22", None, None, None, None])
    path = tmp_path / "school.xlsx"
    book.save(path)
    report = x.importer.import_file(x.officer, path)
    assert (report.imported, report.unchanged, report.errors) == (3, 0, [])
    got = candidates(x)
    assert got[P1][0].accepted_at == hall_time(date(2026, 11, 20), 9)  # a date cell: 09:00
    assert got[P2][0].accepted_at == hall_time(date(2026, 11, 21), 14, 30)
    assert [(r.subject, r.sites) for r in got[P1][1]] == [("1", "KC01")]
    again = x.importer.import_file(x.officer, path)
    assert (again.imported, again.unchanged, again.errors) == (0, 3, [])


def test_a_later_list_adds_the_request_to_the_registered_candidate(x, tmp_path):
    first = write_csv(tmp_path / "a.csv", "utf-8-sig", [[SCHOOL, P3, "张三", "C1", "2026-11-22", "", "", "", ""]])
    assert x.importer.import_file(x.officer, first).imported == 1
    later = write_csv(tmp_path / "b.csv", "utf-8-sig",
                      [[SCHOOL, P3, "张三", "C1", "2026-11-22", "3s", "2026-12-07", "2026-12-31", ""],
                       [SCHOOL, P3, "张三", "C1", "2026-11-22", "KM1", "2026-12-07", "2026-12-31", "KC01"]])
    report = x.importer.import_file(x.officer, later)
    assert report.imported == 1 and [(e.row, e.field) for e in report.errors] == [(2, "subject")]
    assert "须先通过" in report.errors[0].message or "学习驾驶证明" in report.errors[0].message
    (cand, reqs), = candidates(x).values()
    assert [r.subject for r in reqs] == ["1"] and count(x, ExamCandidate) == 1
    # the request withdrawn at the window: the list asks again
    x.services.exam_bookings.withdraw(x.clerk, reqs[0].id)
    assert x.importer.import_file(x.officer, later).imported == 1
    assert count(x, ExamRequest, ExamRequest.state == "open") == 1


def test_file_level_errors_import_nothing(x, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = write_csv(tmp_path / "header.csv", "utf-8-sig", [])
    for path in (empty, header_only):
        report = x.importer.import_file(x.officer, path)
        assert (report.imported, report.unchanged) == (0, 0)
        assert [(e.row, e.field) for e in report.errors] == [(1, "file")]
    no_school = write_csv(tmp_path / "no_school.csv", "utf-8-sig", [row[1:] for row in good_rows()], HEADER[1:])
    report = x.importer.import_file(x.officer, no_school)
    assert (report.imported, [(e.row, e.field) for e in report.errors]) == (0, [(1, "school")])
    assert "驾校" in report.errors[0].message
    assert count(x, ExamCandidate) == 0


def test_only_exam_staff_import(x, tmp_path):
    path = write_csv(tmp_path / "a.csv", "utf-8-sig", good_rows())
    with pytest.raises(PermissionDenied):
        x.importer.import_file(x.clerk, path)
    assert x.importer.import_file(x.admin, path).imported == 4


def test_subject_spellings():
    for text, subject in (("1", "1"), ("科目一", "1"), ("科目二", "2"), ("３", "3"), ("科目三", "3"), ("3s", "3s"),
                          ("3S", "3s"), ("安全文明", "3s"), ("科目四", "3s"), ("2.0", "2")):
        assert parse_subject(text) == subject
