"""Bugs the bad-input campaign found, one small deterministic test each. They were pinned as
xfail(strict=True) with the bug in the reason until fixed; now they are ordinary tests that keep the
bugs fixed (the comment above each says what it was). Each test states the behaviour wanted: a clear
CounterDeskError, or a report whose errors name the row and the field, and no row changed."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date

import pytest
from openpyxl import Workbook

from desktop.domain import exams as exam_rules
from desktop.domain.errors import CounterDeskError
from desktop.domain.identifiers import make_resident_id, make_vin, uscc_check_char
from desktop.services import backup
from desktop.services.case_records import PartyInput
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput
from tests.conftest import HALL
from tests.property import support
from tests.property.support import HUGE, assert_clear, short_traceback

pytestmark = support.QUIET


OWNER = make_resident_id("152921", date(1975, 5, 6), 21)
VIN = make_vin("LJMPKRT000000001")
V_HEADER = ["hphm", "clsbdh", "cllx", "syxz", "sfzmhm", "syr", "ccdjrq", "hdzk"]
GOOD = ["蒙M12345", VIN, "K33", "A", OWNER, "张三明", "2019-05-10", "5"]


def refused_cleanly(hall, call, *args, **kwargs) -> CounterDeskError:
    before = hall.watch.snapshot()
    with pytest.raises(CounterDeskError) as exc, short_traceback():
        call(*args, **kwargs)
    assert_clear(exc.value)
    assert hall.watch.snapshot().counts == before.counts
    return exc.value


def import_reports(hall, service, path, who="admin") -> list:
    """The import must either refuse the file clearly or report its bad rows; nothing imported."""
    before = hall.watch.snapshot()
    try:
        with short_traceback():
            report = service.import_file(getattr(hall, who), path)
    except CounterDeskError as exc:
        assert_clear(exc)
        assert hall.watch.snapshot().counts == before.counts
        return [(1, getattr(exc, "field", "file"))]
    support.check_report("known_bug", report, None)
    support.imported_nothing(hall.watch, "known_bug", before)
    return [(e.row, e.field) for e in report.errors]


IMPORTS = {"vehicles": ("vehicle_import", "admin"), "licences": ("licence_import", "admin"),
           "candidates": ("candidate_import", "officer"), "appointments": ("appointments", "clerk")}


# -- reading CSV and XLSX (desktop/services/appointments.py read_table, shared by the four imports) ------

@pytest.mark.parametrize("which", sorted(IMPORTS))
def test_a_row_with_more_cells_than_the_header(phall, files, which):
    path = files / f"extra_{which}.csv"
    path.write_bytes(("a,b\n1,2,3\n" if which != "vehicles" else ",".join(V_HEADER) + "\n" + ",".join(GOOD) + ",\n")
                     .encode("utf-8"))
    service, who = IMPORTS[which]
    assert import_reports(phall, getattr(phall.services, service), path, who)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_bare_cr_line_ends(phall, files, encoding):
    path = files / f"cr_{encoding}.csv"
    line_end = "\r" if encoding == "utf-8" else "\r\n"
    path.write_bytes((",".join(V_HEADER) + line_end + ",".join(GOOD[:1] + ["X"] + GOOD[2:]) + line_end)
                     .encode(encoding))
    assert import_reports(phall, phall.services.vehicle_import, path)


def test_a_cell_over_the_csv_field_limit(phall, files):
    path = files / "huge.csv"
    path.write_bytes((",".join(V_HEADER) + "\n" + "9" * 140_000 + "," + ",".join(GOOD[1:]) + "\n").encode("utf-8"))
    assert import_reports(phall, phall.services.vehicle_import, path)


@pytest.mark.parametrize("content", [b"", os.urandom(512), "车辆识别代号,号牌号码\n".encode("gbk"),
                                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)])  # the last: an OLE .xls
def test_an_xlsx_that_is_not_a_workbook(phall, files, content):
    path = files / f"not_a_book_{len(content)}.xlsx"
    path.write_bytes(content)
    assert import_reports(phall, phall.services.vehicle_import, path)


# Was: blank lines (CSV) and empty rows (XLSX) were skipped before rows were numbered (imports.read_table).
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_errors_name_the_spreadsheet_row_after_a_blank_one(phall, files, kind):
    bad = GOOD[:1] + ["LJMPKRT0000000X1"] + GOOD[2:]
    if kind == "csv":
        path = files / "blank_line.csv"
        path.write_bytes((",".join(V_HEADER) + "\n\n" + ",".join(bad) + "\n").encode("utf-8"))
    else:
        book = Workbook()
        for column, (head, value) in enumerate(zip(V_HEADER, bad, strict=True), start=1):
            book.active.cell(row=1, column=column, value=head)
            book.active.cell(row=3, column=column, value=value)  # row 2 stays empty
        path = files / "blank_row.xlsx"
        book.save(path)
    assert import_reports(phall, phall.services.vehicle_import, path) == [(3, "vin")]


# Was: 'inf' / '1e400' → int(float(text)) raised OverflowError (imports.parse_number).
@pytest.mark.parametrize("seats", ["inf", "1e400", "-inf"])
def test_vehicle_import_infinite_numbers(phall, files, seats):
    path = files / f"seats_{seats}.csv"
    path.write_bytes((",".join(V_HEADER) + "\n" + ",".join(GOOD[:-1] + [seats]) + "\n").encode("utf-8"))
    assert import_reports(phall, phall.services.vehicle_import, path) == [(2, "seats")]


# Was: 'nan' raised ValueError and 'inf' OverflowError in licence_import._points.
@pytest.mark.parametrize("points", ["nan", "inf", "1e400"])
def test_licence_import_points_not_finite(phall, files, points):
    number = make_resident_id("152921", date(1990, 1, 2), 11)
    path = files / f"points_{points}.csv"
    path.write_bytes((f"sfzmhm,xm,zjcx,cclzrq,yxqs,yxqz,ljjf\n{number},张三明,C1,2020-01-01,2020-01-01,2026-01-01,"
                      f"{points}\n").encode("utf-8"))
    assert import_reports(phall, phall.services.licence_import, path) == [(2, "points")]


# Was: an empty or header-only file imported nothing and said nothing (imports.import_each).
@pytest.mark.parametrize("which", ["vehicles", "licences", "appointments"])
@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"hphm,clsbdh,sfzmhm\r\n"])
def test_empty_and_header_only_files_say_so(phall, files, which, content):
    path = files / f"empty_{which}_{len(content)}.csv"
    path.write_bytes(content)
    service, who = IMPORTS[which]
    assert import_reports(phall, getattr(phall.services, service), path, who)


# -- identifiers ----------------------------------------------------------------------------------------

def _id_that_is_also_a_uscc() -> str:
    for seq in range(1000):
        good = make_resident_id("152921", date(1980, 3, 4), seq)
        check = uscc_check_char(good[:17])
        if check != good[17] and check in "0123456789X":
            return good[:17] + check
    raise AssertionError("none found")


# Was: a wrong check digit that is the USCC check character made the owner a company (parties).
def test_a_mistyped_id_number_is_not_taken_for_a_company(phall, files):
    mistyped = _id_that_is_also_a_uscc()
    path = files / "mistyped_owner.csv"
    path.write_bytes((",".join(V_HEADER) + "\n" + ",".join(GOOD[:4] + [mistyped] + GOOD[5:]) + "\n").encode("utf-8"))
    assert import_reports(phall, phall.services.vehicle_import, path) == [(2, "owner_id")]


# -- exam plans -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(phall):
    phall.services.exam_plans.save_site(phall.officer, "KC01", "考场", ["1"], ["C1"])
    return "KC01"


@pytest.mark.parametrize("subject", ["5", "科目一", None, ""])
def test_publish_a_slot_with_an_unknown_subject(phall, site, subject):
    slot = exam_rules.WeeklySlot(0, "am", subject, 10, frozenset({"C1"}))
    refused_cleanly(phall, phall.services.exam_plans.publish, phall.officer, site, [slot], date(2026, 12, 7),
                    date(2026, 12, 11))


# Was: OverflowError stepping past date.max; no upper bound on plan dates (exam_allocation).
def test_publish_up_to_the_last_day_there_is(phall, site):
    slot = exam_rules.WeeklySlot(0, "am", "1", 10, frozenset({"C1"}))
    refused_cleanly(phall, phall.services.exam_plans.publish, phall.officer, site, [slot], date(9999, 12, 20),
                    date(9999, 12, 31))


# -- tallies, counters, vehicle numbers -------------------------------------------------------------------------

# Was: ValueError 'year … is out of range' from date() (domain.tallies.check_year).
@pytest.mark.parametrize("year, month", [(0, 5), (1, 1), (9999, 12), (10000, 1), (-1, 3)])
def test_month_tally_of_a_year_out_of_range(phall, year, month):
    refused_cleanly(phall, phall.services.tallies.month, phall.chief, year, month)


@pytest.fixture(scope="module")
def counter(phall):
    phall.services.halls.save_counter(phall.admin, 1, "A")
    return 1


# Was: OverflowError / ValueError from the driver and int() (calling._counter → check_counter_number).
@pytest.mark.parametrize("number", [2**64, -(2**70), "一", "1a"])
def test_counter_number_out_of_range(phall, counter, number):
    refused_cleanly(phall, phall.services.calling.call_specific, phall.clerk, "A001", "行动不便", number)


# Was: OverflowError at flush, before any check (vehicle_rules.check_vehicle_numbers).
@pytest.mark.parametrize("field", ["seats", "total_mass_kg"])
def test_vehicle_numbers_beyond_64_bits(phall, field):
    request = CaseRequest("register", new_vehicle=NewVehicleInput(make_vin("LSVAM4187C000777"), **{field: 2**70}),
                          owner=PartyInput(OWNER, "张三明"), plate=PlateChoice("self", "蒙M3A7K9"))
    refused_cleanly(phall, phall.services.vehicle_cases.submit, phall.clerk, request)


# -- restore -----------------------------------------------------------------------------------------------

def _foreign_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()


@pytest.mark.parametrize("kind", ["header_garbage", "foreign_sqlite", "json_garbage", "json_binary", "json_keys",
                                  "json_list"])
def test_restore_from_a_damaged_or_foreign_file(phall, files, kind):
    src = files / f"restore_{kind}.bin"
    if kind == "header_garbage":
        src.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    elif kind == "foreign_sqlite":
        _foreign_sqlite(src)
    else:
        src.write_bytes(os.urandom(300))
        backup.sidecar(src).write_bytes({"json_garbage": b"{not json", "json_binary": b"\xff\xfe\x00",
                                         "json_keys": json.dumps({"x": 1}).encode(),
                                         "json_list": b"[1, 2]"}[kind])
    for force in (False, True):
        refused_cleanly(phall, backup.restore, phall.url, src, force=force)


# -- messages and searches ----------------------------------------------------------------------------------

def _huge_calls(hall):
    s = hall.services
    return {
        "tickets.take (category)": lambda: s.tickets.take(HALL, HUGE),
        "calling.call_specific (label)": lambda: s.calling.call_specific(hall.clerk, HUGE, "x", 1),
        "auth.create_staff (role)": lambda: s.auth.create_staff(hall.admin, "newuser1", HUGE, "goodpass123"),
        "vehicle_cases.submit (business)": lambda: s.vehicle_cases.submit(hall.clerk, CaseRequest(HUGE)),
        "driver_cases.submit (class)": lambda: s.driver_cases.submit(hall.clerk, _driver(HUGE)),
        "exam_plans.publish (site)": lambda: s.exam_plans.publish(hall.officer, HUGE, [], date(2026, 12, 7),
                                                                  date(2026, 12, 8)),
        "exam_bookings.request (subject)": lambda: s.exam_bookings.request(hall.clerk, 1, HUGE, date(2026, 12, 7),
                                                                           date(2026, 12, 8)),
        "tallies.month (hall)": lambda: s.tallies.month(hall.chief, 2026, 11, HUGE),
        "appointments.book_text (category)": lambda: s.appointments.book_text(
            hall.clerk, make_resident_id("152921", date(1990, 1, 1), 1), "张三", HUGE, "2026-11-27 09:00"),
    }


def _driver(cls):
    from desktop.services.driver_cases import DriverCaseRequest

    return DriverCaseRequest("first_licence", applicant=PartyInput(OWNER, "张三明"), requested_class=cls)


@pytest.mark.parametrize("entry", [
    "tickets.take (category)", "calling.call_specific (label)", "auth.create_staff (role)",
    "vehicle_cases.submit (business)", "driver_cases.submit (class)", "exam_plans.publish (site)",
    "exam_bookings.request (subject)", "tallies.month (hall)", "appointments.book_text (category)"])
# Was: a 100,000-character paste came back whole in both messages (domain.text.shown, errors).
def test_a_huge_paste_is_not_echoed_whole(phall, counter, entry):
    with pytest.raises(CounterDeskError) as exc, short_traceback():
        _huge_calls(phall)[entry]()
    assert_clear(exc.value)
    assert len(exc.value.message_zh) <= 300 and len(exc.value.message_en) <= 300, \
        (len(exc.value.message_zh), len(exc.value.message_en))


@pytest.mark.parametrize("text", ["%", "_", "_%"])
def test_a_search_for_percent_or_underscore_is_literal(phall, text):
    phall.services.persons.register(phall.admin, make_resident_id("152921", date(1980, 1, 1), 1), "张三")
    assert phall.services.persons.find(phall.clerk, text) == []


BOOKING = dict(id_number=make_resident_id("152921", date(1990, 1, 1), 1), name="张三", category="Z",
               when="2026-11-27 09:00")


# Was: a refused booking committed its 'appointments_imported' audit entry, then raised.
def test_a_refused_booking_writes_no_audit_entry(phall):
    refused_cleanly(phall, phall.services.appointments.book_text, phall.clerk, **BOOKING)


# Was: ValidationError(..., e.message, e.message): the bilingual row text in both languages.
def test_a_refused_booking_has_separate_chinese_and_english_messages(phall):
    with pytest.raises(CounterDeskError) as exc, short_traceback():
        phall.services.appointments.book_text(phall.clerk, **BOOKING)
    assert exc.value.message_zh != exc.value.message_en and not support._CJK.search(exc.value.message_en)
