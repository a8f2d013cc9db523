"""`counterdesk export` and `export merge` as a subprocess on a small demo database."""

from __future__ import annotations

import csv
import io
import json

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import run

MONTH = "2026-11"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('export') / 'demo.sqlite3'}"
    result = run(db, "demo-data", "--scale", "0.01", "--year", "2026")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def month_export(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run(demo_db, "export", "--month", MONTH, "--format", "xlsx,csv,pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / MONTH, result


def test_export_month_writes_every_format_and_the_json(month_export):
    folder, result = month_export
    assert "tallies" in result.stdout
    json_file, = folder.glob("*_2026-11.json")
    stem = json_file.stem
    data = json.loads(json_file.read_text("utf-8"))
    assert data["year"] == 2026 and data["month"] == 11 and data["hall_code"] in stem
    vehicle = next(s for s in data["sections"] if s["key"] == "vehicle_business")
    total = vehicle["rows"][-1]
    assert total[0] == "合计" and total[1] > 0

    book = load_workbook(folder / f"{stem}.xlsx")
    assert book.sheetnames[0] == "概要"
    ws = book["机动车业务（按业务类型）"]
    assert ws.cell(ws.max_row, 2).value == total[1] and isinstance(ws.cell(ws.max_row, 2).value, int)

    csvs = sorted((folder / f"{stem}_csv").glob("*.csv"))
    assert csvs[0].name == "00_概要.csv" and any(p.name.startswith("01_机动车业务") for p in csvs)
    rows = list(csv.reader(io.StringIO(csvs[1].read_bytes().decode("utf-8-sig"))))
    assert csvs[1].read_bytes().startswith(b"\xef\xbb\xbf") and rows[0][0] == "业务类型"

    doc = pdfium.PdfDocument(str(folder / f"{stem}.pdf"))
    first = doc[0].get_textpage().get_text_range()
    assert f"{data['hall_name']} 2026年11月 业务统计" in first and "机动车业务量" in first
    assert "编号：TR" in first  # a registered 统计报表 serial, with its QR


def test_merge_two_halls_exports(month_export, tmp_path, demo_db):
    folder, _ = month_export
    json_file, = folder.glob("*_2026-11.json")
    data = json.loads(json_file.read_text("utf-8"))
    other = dict(data, hall_code="152922", hall_name="阿拉善右旗车管所")
    other_file = tmp_path / "152922_2026-11.json"
    other_file.write_text(json.dumps(other, ensure_ascii=False), "utf-8")
    out = tmp_path / "league"
    result = run(demo_db, "export", "merge", str(json_file), str(other_file), "--out", str(out))
    assert result.returncode == 0, result.stderr
    merged_file, = (out / MONTH).glob("*.json")
    merged = json.loads(merged_file.read_text("utf-8"))
    vehicle = next(s for s in merged["sections"] if s["key"] == "vehicle_business")
    assert vehicle["headers"][1:4] == [f"受理·{data['hall_name']}", "受理·阿拉善右旗车管所", "受理·合计"]
    original_total = next(s for s in data["sections"] if s["key"] == "vehicle_business")["rows"][-1][1]
    assert vehicle["rows"][-1][1:4] == [original_total, original_total, 2 * original_total]
    assert {p.suffix for p in (out / MONTH).iterdir() if p.is_file()} == {".json", ".xlsx", ".pdf"}

    again = run(demo_db, "export", "merge", str(json_file), str(json_file), "--out", str(out))
    assert again.returncode == 1 and "同一大厅" in again.stderr and "given twice" in again.stderr
    october = tmp_path / "october.json"
    october.write_text(json.dumps(dict(other, month=10), ensure_ascii=False), "utf-8")
    mixed = run(demo_db, "export", "merge", str(json_file), str(october), "--out", str(out))
    assert mixed.returncode == 1 and "统计期间不一致" in mixed.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("{}", "utf-8")
    bad = run(demo_db, "export", "merge", str(json_file), str(junk), "--out", str(out))
    assert bad.returncode == 1 and "不是统计数据文件" in bad.stderr


def test_export_usage_errors_exit_2(demo_db, tmp_path):
    for args in (["--month", "2026-13", "--out", str(tmp_path)], ["--month", MONTH, "--format", "doc", "--out",
                                                                   str(tmp_path)],
                 ["--out", str(tmp_path)], ["--month", MONTH], ["--month", MONTH, "--year", "2026"]):
        result = run(demo_db, "export", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "用法错误 / usage error" in result.stderr


def test_export_unknown_hall_exits_1(demo_db, tmp_path):
    result = run(demo_db, "export", "--month", MONTH, "--hall", "999999", "--out", str(tmp_path))
    assert result.returncode == 1 and "没有这个大厅" in result.stderr and "No such hall" in result.stderr


def test_export_year_writes_twelve_months_and_the_year_with_a_progress_bar(demo_db, tmp_path):
    result = run(demo_db, "export", "--year", "2026", "--format", "xlsx", "--hall", "all", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["2026", *(f"2026-{m:02d}" for m in range(1, 13))]
    assert (tmp_path / "2026" / "all_2026.xlsx").is_file() and (tmp_path / "2026" / "all_2026.json").is_file()
    assert "13/13" in result.stderr and "#" * 24 in result.stderr
