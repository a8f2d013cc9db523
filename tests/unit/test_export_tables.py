"""XLSX and CSV writers: what Excel (and openpyxl / the csv module) reads back."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.exports.tables import Sheet, display_width, sheet_title, write_csv, write_xlsx

HEADERS = ["号牌号码", "检验有效期止", "逾期天数", "金额", "所有人"]
ROWS = [
    ["蒙M12345", date(2026, 12, 1), 3, Decimal("120.50"), "张*明"],
    ["蒙M2A345", datetime(2026, 12, 2, 9, 30), 0, Decimal("10"), "内蒙古阿拉善盟某某运输有限责任公司"],
    ["蒙MD0001", None, -2, Decimal("0.05"), None],
]


def book(*sheets: Sheet):
    return load_workbook(io.BytesIO(write_xlsx(list(sheets))))


def test_xlsx_header_is_bold_filled_and_frozen() -> None:
    ws = book(Sheet("检验到期提醒", HEADERS, ROWS)).active
    assert ws.title == "检验到期提醒"
    assert [c.value for c in ws[1]] == HEADERS
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDE5F0") for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"


def test_xlsx_numbers_are_numbers_and_dates_are_dates() -> None:
    ws = book(Sheet("清单", HEADERS, ROWS)).active
    assert ws["C2"].value == 3 and ws["C2"].data_type == "n"
    assert ws["C4"].value == -2
    assert ws["D2"].value == pytest.approx(120.5) and ws["D2"].data_type == "n" and ws["D2"].number_format == "0.00"
    assert ws["D4"].value == pytest.approx(0.05)
    assert ws["B2"].is_date and ws["B2"].value.date() == date(2026, 12, 1) and ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["B3"].is_date and ws["B3"].value == datetime(2026, 12, 2, 9, 30)
    assert ws["B3"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["B4"].value is None and ws["E4"].value is None
    assert ws["A3"].value == "蒙M2A345"


def test_xlsx_widths_count_cjk_double_and_are_capped() -> None:
    long = "很长的备注" * 30
    ws = book(Sheet("清单", [*HEADERS, "备注"], [[*ROWS[1], long]])).active
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEF"}
    assert widths["A"] >= display_width("号牌号码") + 2  # the header's 8 units, and the filter button
    assert widths["E"] >= display_width("内蒙古阿拉善盟某某运输有限责任公司")  # 34 units
    assert widths["E"] > widths["A"] > widths["C"] - 1
    assert widths["F"] == 60


def test_xlsx_given_widths_and_number_formats_win() -> None:
    ws = book(Sheet("清单", HEADERS, ROWS, widths=[20, None, None, 9, None],
                    number_formats=[None, "yyyy年m月d日", "0", "#,##0.00", None])).active
    assert ws.column_dimensions["A"].width == 20 and ws.column_dimensions["D"].width == 9
    assert ws["B2"].number_format == "yyyy年m月d日" and ws["D2"].number_format == "#,##0.00"
    assert ws["C2"].number_format == "0"


def test_xlsx_several_sheets_keep_their_order_and_legal_titles() -> None:
    wb = book(Sheet("一月", ["业务", "笔数"], [["注册登记", 12]]), Sheet("二月[汇总]", ["业务", "笔数"], []))
    assert wb.sheetnames == ["一月", "二月_汇总_"]
    assert wb["二月_汇总_"].max_row == 1 and wb["一月"]["B2"].value == 12


def test_xlsx_text_that_looks_like_a_formula_stays_text() -> None:
    ws = book(Sheet("清单", ["备注"], [["=HYPERLINK(\"http://x\")"], ["坏\x07字符"]])).active
    assert ws["A2"].value == "=HYPERLINK(\"http://x\")" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "坏字符"  # control characters Excel refuses are dropped


def test_xlsx_timezone_aware_times_keep_their_wall_clock() -> None:
    at = datetime(2026, 11, 26, 9, 41, tzinfo=timezone(timedelta(hours=8)))
    ws = book(Sheet("清单", ["时间"], [[at]])).active
    assert ws["A2"].value == datetime(2026, 11, 26, 9, 41)


def test_xlsx_refuses_nothing_to_write_and_overlong_rows() -> None:
    with pytest.raises(ValueError):
        write_xlsx([])
    with pytest.raises(ValueError, match="row 1"):
        write_xlsx([Sheet("清单", ["a"], [["x", "y"]])])


def test_csv_starts_with_a_bom_and_round_trips() -> None:
    data = write_csv(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        HEADERS,
        ["蒙M12345", "2026-12-01", "3", "120.50", "张*明"],
        ["蒙M2A345", "2026-12-02 09:30", "0", "10", "内蒙古阿拉善盟某某运输有限责任公司"],
        ["蒙MD0001", "", "-2", "0.05", ""],
    ]


def test_csv_quotes_commas_and_newlines_and_writes_decimals_plainly() -> None:
    data = write_csv(["备注", "金额"], [["甲,乙\n丙", Decimal("1E+2")], ["“引号”\"", Decimal("-0.50")]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1:] == [["甲,乙\n丙", "100"], ["“引号”\"", "-0.50"]]


def test_csv_defuses_formulas_but_not_numbers_or_dashes() -> None:
    data = write_csv(["备注"], [["=1+1"], ["@SUM(A1)"], ["-12.5"], ["-"], ["+86 138"]])
    rows = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))]
    assert rows[1:] == ["'=1+1", "'@SUM(A1)", "-12.5", "-", "'+86 138"]


def test_display_width_and_sheet_titles() -> None:
    assert display_width("蒙M1") == 4 and display_width("ABC") == 3 and display_width("检验") == 4
    assert sheet_title("a/b:c*d?e" + "x" * 40) == ("a_b_c_d_e" + "x" * 40)[:31]
    assert sheet_title("") == "Sheet"
