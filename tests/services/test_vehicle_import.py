"""`import vehicles`: national field names or Chinese headers, UTF-8 or GBK CSV or XLSX; bad rows
reported by row and field; the same file twice changes nothing. And the inspection-due list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.domain.identifiers import make_resident_id, make_uscc, make_vin

OWNER = make_resident_id("152921", date(1975, 5, 6), 21)
FIRM = make_uscc("91152921MA0N00001")
HEADER = "hphm,hpzl,clsbdh,fdjh,clpp1,clxh,cllx,csys,syxz,sfzmhm,syr,ccdjrq,yxqz,qzbfqz,zt,dybj,hdzk,rlzl"


def rows() -> list[str]:
    v = [make_vin(f"LJMPKRT{n:09d}") for n in range(6)]
    return [
        f"蒙M12345,02,{v[0]},E1,大众,SVW1,K33,A,A,{OWNER},张三明,2019-05-10,2026-12-10,,A,0,5,A",
        f"蒙M2A678,01,{v[1]},E2,宇通,ZK6,K11,H,B,{FIRM},阿拉善客运公司,2018-03-01,2026-11-20,2033-03-01,A,1,45,B",
        f"蒙MD12345,52,{v[2]},E3,比亚迪,BYD7,小型轿车,白,非营运,{OWNER},张三明,20230101,2027-01-31,,A,0,5,C",
        f"蒙M99999X,02,{v[3]},E4,大众,SVW1,K33,A,A,{OWNER},张三明,2019-05-10,,,A,0,5,A",  # bad plate
        f"蒙M33333,02,LSVAM4187C0000001,E5,大众,SVW1,K33,A,A,{OWNER},张三明,2019-05-10,,,A,0,5,A",  # bad VIN
        f"蒙M44444,02,{v[5]},E6,大众,SVW1,K33,A,A,{OWNER},张三明,2019-13-10,,,A,0,5,A",  # bad date
    ]


def write_csv(path: Path, encoding: str) -> Path:
    path.write_bytes(("\n".join([HEADER, *rows()]) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_import_reports_bad_rows_and_is_idempotent(hall, tmp_path, encoding):
    s = hall.services
    path = write_csv(tmp_path / "vehicles.csv", encoding)
    report = s.vehicle_import.import_file(hall.admin, path)
    assert report.imported == 3 and report.unchanged == 0
    assert [(e.row, e.field) for e in report.errors] == [(5, "plate"), (6, "vin"), (7, "first_registered")]
    again = s.vehicle_import.import_file(hall.admin, path)
    assert (again.imported, again.unchanged, len(again.errors)) == (0, 3, 3)
    coach = s.vehicles.search(hall.admin, "蒙M2A678")[0]
    assert coach.key_operating == "客运" and "抵押" in coach.flags and coach.owner_kind == "company"
    nev = s.vehicles.search(hall.admin, "蒙MD12345")[0]
    assert nev.cllx == "K33" and nev.energy == "pure_electric"
    assert s.audit.verify(hall.admin).ok


def test_xlsx_with_chinese_headers(hall, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["号牌号码", "车辆识别代号", "车辆类型", "使用性质", "身份证明号码", "机动车所有人", "初次登记日期", "检验有效期止"])
    ws.append(["蒙M55555", make_vin("LKLSK00000000001"), "K33", "A", OWNER, "张三明", date(2020, 6, 1), date(2026, 6, 30)])
    path = tmp_path / "v.xlsx"
    book.save(path)
    report = hall.services.vehicle_import.import_file(hall.admin, path)
    assert report.imported == 1 and not report.errors


def test_inspection_due_list_puts_key_operating_vehicles_first(hall, tmp_path):
    s = hall.services
    s.vehicle_import.import_file(hall.admin, write_csv(tmp_path / "v.csv", "utf-8-sig"))
    report = s.reports.inspection_due(hall.admin, date(2026, 11, 26), 30)
    assert [r.plate for r in report.rows] == ["蒙M2A678", "蒙M12345"]
    assert report.rows[0].key_operating == "客运" and report.rows[0].overdue_days == 6
    assert report.rows[1].owner_masked == "张*明" and report.overdue == 1
    for fmt, magic in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        assert s.reports.render_inspection_due(report, fmt).startswith(magic)
    data = s.reports.render_inspection_due(report, "xlsx")
    (tmp_path / "r.xlsx").write_bytes(data)
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A2"].value == "蒙M2A678" and sheet["H2"].value == 6
