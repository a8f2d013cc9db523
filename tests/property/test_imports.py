"""Bad files into the four imports (vehicles, licences, driving-school candidates, appointments):
every row generated here is bad in one field (a wrong check digit, a date that does not exist, a
plate, class, subject or number out of range, a missing column…), with SQL metacharacters, emoji,
RTL marks and NUL bytes in the free-text cells beside it; files in UTF-8 with and without BOM, GBK
and GB18030 CSV, or XLSX with formula cells. Each import must return a report that names the row
and the field of every bad row and imports nothing — or, for a file it cannot read at all, raise a
clear CounterDeskError — and add no row to any table but its one audit entry."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from desktop.domain import licence_terms, vehicle_codes
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.identifiers import validate_mobile
from desktop.services import candidate_import, licence_import
from desktop.services.appointments import _parse_time
from tests.property import support
from tests.property.support import (
    TODAY,
    bad_date_texts,
    bad_ids,
    bad_party_ids,
    bad_plates,
    bad_vins,
    campaign,
    check_report,
    imported_nothing,
    junk,
    noise,
    tick,
    valid_ids,
    valid_vins,
)

pytestmark = support.QUIET
_names = itertools.count(1)


def _raises(fn, *args) -> bool:
    try:
        fn(*args)
    except ValidationError:
        return True
    return False


def _not_valid(fn):
    """Text the domain function refuses (the oracle keeps accidentally valid text out)."""
    return st.one_of(junk, st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789白黑红 /、", max_size=6)).filter(
        lambda t: len(t) > 200 or _raises(fn, t))


# -- writing files -----------------------------------------------------------------------------------

def csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)  # "\r\n" line ends, cells with a line break quoted
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    if encoding == "gbk":
        try:
            return text.encode("gbk")
        except UnicodeEncodeError:  # emoji and the like: GB18030, which the import reads as well
            return text.encode("gb18030")
    return text.encode(encoding)


def write(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"f{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


def write_xlsx(folder: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    path = folder / f"f{next(_names)}.xlsx"
    book.save(path)
    return path


encodings = st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"])
free_text = st.one_of(st.just(""), noise.map(lambda t: t[:60]))


# -- vehicles ------------------------------------------------------------------------------------------

V_NATIONAL = {"plate": "hphm", "hpzl": "hpzl", "vin": "clsbdh", "engine_no": "fdjh", "brand": "clpp1", "model": "clxh",
              "cllx": "cllx", "colour": "csys", "syxz": "syxz", "owner_id": "sfzmhm", "owner_name": "syr",
              "first_registered": "ccdjrq", "manufactured": "ccrq", "inspection_valid_until": "yxqz",
              "status": "zt", "seats": "hdzk", "total_mass_kg": "zzl", "fuel": "rlzl", "phone": "sjhm",
              "address": "zsxxdz"}
V_CHINESE = {"plate": "号牌号码", "hpzl": "号牌种类", "vin": "车辆识别代号", "engine_no": "发动机号", "brand": "中文品牌",
             "model": "车辆型号", "cllx": "车辆类型", "colour": "车身颜色", "syxz": "使用性质", "owner_id": "身份证明号码",
             "owner_name": "机动车所有人", "first_registered": "初次登记日期", "manufactured": "出厂日期",
             "inspection_valid_until": "检验有效期止", "status": "机动车状态", "seats": "核定载客", "total_mass_kg": "总质量",
             "fuel": "燃料种类", "phone": "手机号码", "address": "住所详细地址"}
V_REQUIRED = ("vin", "plate", "cllx", "syxz", "owner_id", "owner_name", "first_registered")
bad_counts = st.sampled_from(["abc", "-5", "100001", "1e6", "五", "'; DROP TABLE persons; --", "%", "5座", "0x10"])
future_dates = st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 1, 1)).map(date.isoformat)

VEHICLE_FAULTS = {
    "vin": bad_vins(),
    "plate": bad_plates,
    "owner_id": bad_party_ids(),
    "first_registered": st.one_of(bad_date_texts, future_dates),
    "manufactured": bad_date_texts,
    "inspection_valid_until": bad_date_texts,
    "cllx": _not_valid(vehicle_codes.normalize_cllx),
    "syxz": _not_valid(vehicle_codes.normalize_syxz),
    "hpzl": _not_valid(vehicle_codes.normalize_hpzl).filter(lambda t: bool(t.strip())),
    "colour": _not_valid(vehicle_codes.normalize_csys).filter(lambda t: bool(t.strip())),
    "status": _not_valid(vehicle_codes.parse_status).filter(lambda t: bool(t.strip())),
    "seats": bad_counts,
    "total_mass_kg": bad_counts,
    "phone": _not_valid(validate_mobile).filter(lambda t: bool(t.strip())),
    **{f"missing_{k}": st.just("") for k in V_REQUIRED},
}


@st.composite
def vehicle_rows(draw) -> dict[str, str]:
    row = {"plate": draw(st.sampled_from(["蒙M12345", "蒙M2A678", "蒙MD12345", "蒙AF1234"])), "hpzl": "",
           "vin": draw(valid_vins), "engine_no": draw(free_text), "brand": draw(free_text), "model": draw(free_text),
           "cllx": "K33", "colour": "A", "syxz": "A", "owner_id": draw(valid_ids), "owner_name": draw(noise) or "张三",
           "first_registered": "2019-05-10", "manufactured": "", "inspection_valid_until": "2027-05-31",
           "status": "A", "seats": "5", "total_mass_kg": "", "fuel": draw(st.sampled_from(["A", "C", "", "汽油"])),
           "phone": "", "address": draw(free_text)}
    fault = draw(st.sampled_from(sorted(VEHICLE_FAULTS)))
    row[fault.removeprefix("missing_")] = draw(VEHICLE_FAULTS[fault])
    row["_fault"] = fault
    return row


def _cells(row: dict[str, str], keys) -> list[str]:
    return [row[k] for k in keys]


@given(rows=st.lists(vehicle_rows(), min_size=1, max_size=4), encoding=encodings, chinese=st.booleans())
@campaign(80)
def test_vehicle_import_reports_every_bad_row(phall, files, rows, encoding, chinese):
    tick("vehicle_import")
    names = V_CHINESE if chinese else V_NATIONAL
    keys = list(names)
    path = write(files, ".csv", csv_bytes([names[k] for k in keys], [_cells(r, keys) for r in rows], encoding))
    before = phall.watch.snapshot()
    report = phall.services.vehicle_import.import_file(phall.admin, path)
    check_report("vehicle_import", report, list(range(2, len(rows) + 2)))
    imported_nothing(phall.watch, "vehicle_import", before)


# -- licences ------------------------------------------------------------------------------------------

L_HEADERS = {"id_number": "sfzmhm", "name": "xm", "sex": "xb", "birth_date": "csrq", "classes": "zjcx",
             "first_licensed": "cclzrq", "valid_from": "yxqs", "valid_until": "yxqz", "points": "ljjf", "status": "zt",
             "review_due": "syyxqz", "last_medical": "tjrq", "archive_no": "dabh"}
L_CHINESE = {k: licence_import.FIELD_NAMES[k] for k in L_HEADERS}
bad_points = st.sampled_from(["37", "-1", "1.5", "abc", "100", "三", "'; DROP TABLE persons; --", "1e3", "%"])


@st.composite
def licence_rows(draw) -> dict[str, str]:
    number = draw(valid_ids)
    birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    row = {"id_number": number, "name": draw(noise).strip() or "王小明", "sex": "男" if int(number[16]) % 2 else "女",
           "birth_date": birth.isoformat(), "classes": "C1", "first_licensed": "2024-01-02", "valid_from": "2024-01-02",
           "valid_until": "2030-01-02", "points": "0", "status": "A", "review_due": "", "last_medical": "",
           "archive_no": draw(st.text(alphabet="0123456789", max_size=12))}
    fault = draw(st.sampled_from([
        "id_number", "classes", "first_licensed", "first_future", "first_before_birth", "valid_from",
        "valid_from_early", "valid_until", "valid_until_early", "points", "sex", "sex_unknown", "birth_date",
        "birth_mismatch", "last_medical", "last_medical_future", "archive_no", "status", "review_due", "new_no_name",
        *(f"missing_{k}" for k in licence_import.REQUIRED)]))
    if fault == "id_number":
        row["id_number"] = draw(bad_ids)
    elif fault == "classes":
        row["classes"] = draw(_not_valid(licence_import.parse_classes))
    elif fault in ("first_licensed", "valid_from", "valid_until", "birth_date", "last_medical", "review_due"):
        row[fault] = draw(bad_date_texts)
    elif fault == "first_future":
        row["first_licensed"] = row["valid_from"] = draw(future_dates)
    elif fault == "first_before_birth":
        row["first_licensed"] = (birth - timedelta(days=draw(st.integers(1, 3000)))).isoformat()
        row["valid_from"] = row["first_licensed"]
    elif fault == "valid_from_early":
        row["valid_from"] = "2023-12-31"
    elif fault == "valid_until_early":
        row["valid_until"] = draw(st.sampled_from(["2024-01-02", "2020-01-01", "2024-01-01"]))
    elif fault == "points":
        row["points"] = draw(bad_points)
    elif fault == "sex":
        row["sex"] = "女" if row["sex"] == "男" else "男"
    elif fault == "sex_unknown":
        row["sex"] = draw(st.sampled_from(["X", "男女", "3", "未知", "'; DROP TABLE persons; --", "😀"]))
    elif fault == "birth_mismatch":
        row["birth_date"] = (birth + timedelta(days=draw(st.integers(1, 400)))).isoformat()
    elif fault == "last_medical_future":
        row["last_medical"] = draw(future_dates)
    elif fault == "archive_no":
        row["archive_no"] = draw(st.text(min_size=21, max_size=40).filter(lambda t: len(t.strip()) > 20))
    elif fault == "status":
        row["status"] = draw(_not_valid(licence_import._status).filter(lambda t: bool(t.strip())))
    elif fault == "new_no_name":
        row["name"] = ""
    else:
        row[fault.removeprefix("missing_")] = ""
    return row


@given(rows=st.lists(licence_rows(), min_size=1, max_size=4), encoding=encodings, chinese=st.booleans())
@campaign(70)
def test_licence_import_reports_every_bad_row(phall, files, rows, encoding, chinese):
    tick("licence_import")
    names = L_CHINESE if chinese else L_HEADERS
    keys = list(names)
    path = write(files, ".csv", csv_bytes([names[k] for k in keys], [_cells(r, keys) for r in rows], encoding))
    before = phall.watch.snapshot()
    report = phall.services.licence_import.import_file(phall.admin, path)
    check_report("licence_import", report, list(range(2, len(rows) + 2)))
    imported_nothing(phall.watch, "licence_import", before)


# -- driving-school candidates ---------------------------------------------------------------------------

C_HEADERS = {"school": "驾校", "id_number": "身份证明号码", "name": "姓名", "licence_class": "准驾车型",
             "accepted_at": "受理日期", "subject": "申请科目", "first_day": "开始日期", "last_day": "结束日期",
             "sites": "考场"}
C_ENGLISH = {k: k for k in C_HEADERS}
NOT_FIRST = sorted(set(licence_terms.CLASSES) - set(licence_terms.FIRST_LICENCE_CLASSES))


@st.composite
def candidate_rows(draw) -> dict[str, str]:
    row = {"school": "阿拉善驾校", "id_number": draw(valid_ids.filter(lambda n: "1935" < n[6:10] < "2004")),
           "name": "王小明", "licence_class": "C1", "accepted_at": "2026-11-20", "subject": "", "first_day": "",
           "last_day": "", "sites": ""}
    with_subject = dict(subject="1", first_day="2026-12-07", last_day="2026-12-20")
    fault = draw(st.sampled_from([
        "school_long", "id_number", "name_long", "class_unknown", "class_two", "class_not_first", "accepted_bad",
        "accepted_future", "accepted_before_birth", "too_young", "subject_unknown", "first_missing",
        "last_missing", "reversed", "too_long", "dates_without_subject", "site_unknown",
        *(f"missing_{k}" for k in candidate_import.REQUIRED)]))
    if fault == "school_long":
        row["school"] = draw(st.sampled_from(["驾" * 61, support.HUGE]))
    elif fault == "id_number":
        row["id_number"] = draw(bad_ids)
    elif fault == "name_long":
        row["name"] = "王" * draw(st.integers(41, 300))
    elif fault == "class_unknown":
        row["licence_class"] = draw(st.one_of(st.sampled_from(["C7", "Z", "C", "驾照", "C1X", "A4"]), noise).filter(
            lambda t: bool(t.strip()) and _raises(licence_terms.check_class, candidate_import._norm(t).upper())))
    elif fault == "class_two":
        row["licence_class"] = draw(st.sampled_from(["C1,C2", "C1 C2", "C1、D", "A1/B1"]))
    elif fault == "class_not_first":
        row["licence_class"] = draw(st.sampled_from(NOT_FIRST))
        row["id_number"] = draw(valid_ids.filter(lambda n: "1960" < n[6:10] < "1990"))  # old enough for any class
    elif fault == "accepted_bad":
        row["accepted_at"] = draw(bad_date_texts)
    elif fault == "accepted_future":
        row["accepted_at"] = draw(future_dates)
    elif fault == "accepted_before_birth":
        row["accepted_at"] = "1930-01-01"
    elif fault == "too_young":
        row["id_number"] = draw(st.builds(support.make_resident_id, st.sampled_from(support.REGIONS),
                                          st.dates(date(2012, 1, 1), date(2020, 1, 1)), st.integers(0, 999)))
    elif fault == "subject_unknown":
        row.update(with_subject, subject=draw(noise.filter(
            lambda t: bool(t.strip()) and _raises(candidate_import.parse_subject, t))))
    elif fault == "first_missing":
        row.update(with_subject, first_day="")
    elif fault == "last_missing":
        row.update(with_subject, last_day="")
    elif fault == "reversed":
        row.update(with_subject, first_day="2026-12-20", last_day="2026-12-07")
    elif fault == "too_long":
        row.update(with_subject, last_day="2027-06-30")
    elif fault == "dates_without_subject":
        row.update(first_day=draw(st.sampled_from(["2026-12-07", "", ""])), sites=draw(st.sampled_from(["KC01", "'%"])))
    elif fault == "site_unknown":
        row.update(with_subject, sites=draw(st.sampled_from(["KC99", "'; DROP TABLE exam_sites; --", "%", "_"])))
    else:
        row[fault.removeprefix("missing_")] = ""
    return row


@given(rows=st.lists(candidate_rows(), min_size=1, max_size=4), encoding=encodings, english=st.booleans())
@campaign(70)
def test_candidate_import_reports_every_bad_row(phall, files, rows, encoding, english):
    tick("candidate_import")
    names = C_ENGLISH if english else C_HEADERS
    keys = list(names)
    path = write(files, ".csv", csv_bytes([names[k] for k in keys], [_cells(r, keys) for r in rows], encoding))
    before = phall.watch.snapshot()
    report = phall.services.candidate_import.import_file(phall.officer, path)
    check_report("candidate_import", report, list(range(2, len(rows) + 2)))
    imported_nothing(phall.watch, "candidate_import", before)


header_names = st.one_of(st.sampled_from([h for hs in candidate_import.COLUMNS.values() for h in hs]), noise)


@given(rows=st.lists(st.dictionaries(header_names, st.one_of(junk, st.none(), st.integers(), st.floats()),
                                     max_size=8), max_size=4),
       ids=st.lists(bad_ids, min_size=4, max_size=4))
@campaign(40)
def test_candidate_import_rows_with_odd_headers_and_values(phall, rows, ids):
    """import_rows as the GUI calls it: any headers, any cell values (None, numbers, floats); the ID
    column, where there is one, always bad."""
    tick("candidate_import.rows")
    for row, bad in zip(rows, ids):
        for header in list(row):
            if candidate_import.column_keys([header]).get("id_number"):
                row[header] = bad
    before = phall.watch.snapshot()
    report = phall.services.candidate_import.import_rows(phall.officer, rows)
    check_report("candidate_import.rows", report, None)
    assert report.errors, "a file of bad rows must say so"
    imported_nothing(phall.watch, "candidate_import.rows", before)


# -- appointments --------------------------------------------------------------------------------------

A_HEADERS = {"id_number": "身份证号", "name": "姓名", "category": "业务类别", "scheduled_at": "预约时间", "source": "来源"}
A_NATIONAL = {"id_number": "sfzmhm", "name": "xm", "category": "category", "scheduled_at": "yysj", "source": "source"}


@st.composite
def appointment_rows(draw) -> dict[str, str]:
    row = {"id_number": draw(valid_ids), "name": draw(free_text), "category": "A",
           "scheduled_at": "2026-11-27 09:00", "source": draw(free_text)}
    fault = draw(st.sampled_from(["id_number", "category", "scheduled_at", "missing_id", "missing_category"]))
    if fault == "id_number":
        row["id_number"] = draw(bad_ids)
    elif fault == "category":
        row["category"] = draw(junk.filter(lambda t: t.strip().upper() not in ("A", "B", "C", "D") and t.strip()))
    elif fault == "scheduled_at":
        row["scheduled_at"] = draw(st.one_of(bad_date_texts, junk).filter(lambda t: _raises(_parse_time, t)))
    else:
        row[fault.removeprefix("missing_").replace("id", "id_number")] = ""
    return row


@given(rows=st.lists(appointment_rows(), min_size=1, max_size=4), encoding=encodings, national=st.booleans())
@campaign(55)
def test_appointment_import_reports_every_bad_row(phall, files, rows, encoding, national):
    tick("appointments.import")
    names = A_NATIONAL if national else A_HEADERS
    keys = list(names)
    path = write(files, ".csv", csv_bytes([names[k] for k in keys], [_cells(r, keys) for r in rows], encoding))
    before = phall.watch.snapshot()
    report = phall.services.appointments.import_file(phall.clerk, path)
    check_report("appointments.import", report, list(range(2, len(rows) + 2)))
    imported_nothing(phall.watch, "appointments.import", before)


# -- whole files: encodings, random bytes, empty, header only, huge cells ----------------------------------

IMPORTS = {
    "vehicles": (lambda s: s.vehicle_import, "admin", list(V_NATIONAL.values())),
    "licences": (lambda s: s.licence_import, "admin", list(L_HEADERS.values())),
    "candidates": (lambda s: s.candidate_import, "officer", list(C_HEADERS.values())),
    "appointments": (lambda s: s.appointments, "clerk", list(A_HEADERS.values())),
}


@st.composite
def whole_files(draw) -> tuple[str, str, bytes]:
    kind = draw(st.sampled_from(["random", "utf16", "empty", "header_only", "bom_only", "huge_cell", "garbage_header",
                                 "utf32", "latin1_noise"]))
    which = draw(st.sampled_from(sorted(IMPORTS)))
    header = IMPORTS[which][2]
    line = ",".join(header)
    if kind == "random":
        data = draw(st.binary(min_size=1, max_size=400))
    elif kind == "utf16":
        codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))
        data = (line + "\r\n" + ",".join(["甲"] * len(header)) + "\r\n").encode(codec)
    elif kind == "utf32":
        data = (line + "\n1,2\n").encode("utf-32")
    elif kind == "empty":
        data = b""
    elif kind == "header_only":
        data = csv_bytes(header, [], draw(encodings))
    elif kind == "bom_only":
        data = b"\xef\xbb\xbf"
    elif kind == "huge_cell":
        cells = ["x"] * len(header)
        cells[draw(st.integers(0, min(1, len(header) - 1)))] = draw(st.sampled_from([support.HUGE, support.HUGE_ASCII]))
        data = csv_bytes(header, [cells], draw(encodings))
    elif kind == "garbage_header":
        data = csv_bytes([draw(noise) for _ in range(3)], [[draw(junk)[:200] for _ in range(3)]], "utf-8")
    else:
        data = ("\xe9\xe8\xff" + line).encode("latin-1", errors="replace") + b"\r\n\xe9,\xff\r\n"
    return which, kind, data


@given(case=whole_files())
@campaign(60)
def test_unreadable_empty_and_odd_files(phall, files, case):
    which, kind, data = case
    tick("import.file_level")
    service, who, header = IMPORTS[which]
    path = write(files, ".csv", data)
    before = phall.watch.snapshot()
    try:
        report = service(phall.services).import_file(getattr(phall, who), path)
    except CounterDeskError as exc:
        support.assert_clear(exc, "import.file_level")
        assert phall.watch.snapshot().counts == before.counts
        return
    check_report("import.file_level", report, None)
    if kind == "huge_cell":
        assert report.errors  # the huge cell is in a checked column (or the row lacks the rest)
    imported_nothing(phall.watch, "import.file_level", before)


# -- XLSX with formula cells -----------------------------------------------------------------------------

FORMULAS = ["=1+1", '=HYPERLINK("http://example.com/x","点此")', "=A1&B1", "=SUM(1,2)", '=CONCATENATE("蒙","M12345")',
            "=TODAY()", "=1/0"]
AT_TEXT = ["@SUM(A1:A9)", "@A1", "+1+1", "-1+1"]
FREE = {"vehicles": "brand", "licences": "archive_no", "candidates": "sites", "appointments": "source"}


@given(data=st.data(), which=st.sampled_from(["vehicles", "licences", "candidates", "appointments"]))
@campaign(25)
def test_xlsx_with_formula_cells(phall, files, data, which):
    """Formula cells (=…) in required columns read as empty; "@SUM(…)" and "+1" stay text in any other
    column. Every row stays bad; nothing is imported."""
    service, who, _ = IMPORTS[which]
    gen, names, required = {
        "vehicles": (vehicle_rows(), V_CHINESE, V_REQUIRED),
        "licences": (licence_rows(), L_CHINESE, licence_import.REQUIRED),
        "candidates": (candidate_rows(), C_HEADERS, candidate_import.REQUIRED),
        "appointments": (appointment_rows(), A_HEADERS, ("id_number", "category", "scheduled_at")),
    }[which]
    keys = [k for k in names]
    rows = data.draw(st.lists(gen, min_size=1, max_size=3))
    sheet_rows = []
    for row in rows:
        fault = row.pop("_fault", "")
        # Characters XLSX cannot hold are dropped here, before the all-empty check below.
        cells: list[object] = [ILLEGAL_CHARACTERS_RE.sub("", row[k]) for k in keys]
        for i, k in enumerate(keys):
            if k in required and data.draw(st.booleans()):
                cells[i] = data.draw(st.sampled_from(FORMULAS))
            elif k not in required and k not in fault and data.draw(st.integers(0, 4)) == 0:
                cells[i] = data.draw(st.sampled_from(AT_TEXT))
        sheet_rows.append(cells)
    for cells in sheet_rows:
        if which in ("licences", "candidates"):
            # These rows' faults may sit in a pair of cells (valid_from before first_licensed…): a
            # formula blanking one of them could make the row good, so the ID is a formula as well.
            cells[keys.index("id_number")] = data.draw(st.sampled_from(FORMULAS))
        if all(c == "" or str(c).startswith("=") for c in cells):  # a row of empty cells is skipped: keep one
            cells[keys.index(FREE[which])] = "x"
    tick("import.xlsx_formulas")
    path = write_xlsx(files, [names[k] for k in keys], sheet_rows)
    before = phall.watch.snapshot()
    report = service(phall.services).import_file(getattr(phall, who), path)
    check_report("import.xlsx_formulas", report, list(range(2, len(rows) + 2)))
    imported_nothing(phall.watch, "import.xlsx_formulas", before)
