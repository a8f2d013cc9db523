"""A tally as files (XLSX, CSV, JSON), the merge of halls' files, and the A4 tally report."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from desktop.documents.tally_report import column_parts, render_tally_report
from desktop.domain.errors import ValidationError
from desktop.domain.tallies import Headline, MonthTally, Section, change
from desktop.exports.tally_files import merge_tallies, read_tally_json, tally_csv, tally_json, tally_xlsx

VEHICLE_TYPES = ["转移登记", "注册登记", "补领号牌", "变更登记", "抵押登记", "补换领检验合格标志", "注销登记",
                 "补领行驶证", "解除抵押登记", "临时号牌"]


def headline(key, label, value, unit, last_year, last_month) -> Headline:
    return Headline(key, label, value, unit, change(value, last_year), change(value, last_month))


def sample_tally(hall_code: str = "152921", hall_name: str = "阿拉善左旗车管所", *, scale: int = 1,
                 clerks: int = 6, month: int | None = 11) -> MonthTally:
    business = tuple((name, 40 * scale - 3 * i, 35 * scale - 3 * i, i % 3, i % 2, 1, 0)
                     for i, name in enumerate(VEHICLE_TYPES))
    business += (("合计", *[sum(r[k] for r in business) for k in range(1, 7)]),)
    queue_headers = ("人员", "叫号", "已办结", "过号", "过号率(%)", "平均等候(分钟)", "等候中位数(分钟)",
                     "等候90%分位(分钟)", "平均办理(分钟)", "时限内办结率(%)")
    clerk_rows = tuple((f"张*{i}（clerk{i:02d}）", 100 + i, 95 + i, 5, 5.0, 12.5, 11.0, 25.3, 8.1, 96.5)
                       for i in range(clerks))
    fees = (("机动车号牌工本费", 30 * scale, 60 * scale, Decimal("3000.00") * scale),
            ("机动车行驶证工本费", 25 * scale, 25 * scale, Decimal("250.00") * scale),
            ("合计", 55 * scale, 85 * scale, Decimal("3250.00") * scale))
    sections = (
        Section("vehicle_business", "机动车业务（按业务类型）",
                ("业务类型", "受理", "办结", "退办", "容缺待补", "容缺已补", "容缺终止"), business,
                ("按本期受理的业务统计。",)),
        Section("exams", "考试（按科目、准驾车型）", ("科目", "准驾车型", "预约", "参考", "合格", "合格率(%)", "缺考"),
                (("科目一", "C1", None, 50 * scale, 40 * scale, 80.0, None),
                 ("科目二", "C1", None, 30 * scale, 27 * scale, 90.0, None),
                 ("合计", "", None, 80 * scale, 67 * scale, 83.75, None))),
        Section("queue_by_clerk", "排队叫号（按人员）", queue_headers, clerk_rows),
        Section("satisfaction", "满意度评价", ("评价", "分值", "件数", "占比(%)"),
                (("非常满意", 4, 80 * scale, 80.0), ("满意", 3, 15 * scale, 15.0), ("不满意", 1, 5 * scale, 5.0))),
        Section("fees", "收费（按项目）", ("收费项目", "笔数", "数量", "金额(元)"), fees),
    )
    vehicle = float(business[-1][1])
    headlines = (
        headline("vehicle_cases", "机动车业务量", vehicle, "件", 106.75 * scale, vehicle),
        headline("driver_cases", "驾驶证业务量", 57.0 * scale, "件", 106.75 * scale, 60.0 * scale),
        headline("tickets", "取号量", 800.0 * scale, "张", 0.0, 750.0 * scale),
        headline("avg_wait", "平均等候时间", 12.5, "分钟", 15.0, 12.5),
        headline("satisfied_share", "满意率", 95.0, "%", 93.2, None),
        headline("fees_total", "收费金额", 3250.0 * scale, "元", 3000.0 * scale, 3100.0 * scale),
    )
    start = date(2026, month or 1, 1)
    days = 30 if month else 365
    daily = tuple((start + timedelta(n), (n * 7) % 23 * scale, (n * 5) % 11 * scale, (n * 11) % 61 * scale)
                  for n in range(days))
    return MonthTally(hall_code, hall_name, 2026, month, headlines, sections, daily, datetime(2026, 12, 1, 8, 30))


# ---- XLSX, CSV, JSON -------------------------------------------------------------------------------

def test_xlsx_has_a_summary_and_a_sheet_per_section_with_numbers_as_numbers():
    tally = sample_tally()
    book = load_workbook(io.BytesIO(tally_xlsx(tally)))
    assert book.sheetnames == ["概要", *[s.title for s in tally.sections], "说明"]
    summary = book["概要"]
    assert [c.value for c in summary[1]] == ["指标", "本期", "单位", "上年同期", "同比", "上期", "环比"]
    assert [c.value for c in summary[3]][:5] == ["驾驶证业务量", 57, "件", 106.75, "下降46.60%"]
    assert summary["E4"].value == "—" and summary["G6"].value == "—"  # 0 last year; no month before
    ws = book["机动车业务（按业务类型）"]
    assert ws.freeze_panes == "A2" and ws["A1"].value == "业务类型"
    assert ws["B2"].value == 40 and isinstance(ws["B2"].value, int)
    assert ws.cell(ws.max_row, 1).value == "合计" and ws.cell(ws.max_row, 2).value == sum(
        40 - 3 * i for i in range(len(VEHICLE_TYPES)))
    fees = book["收费（按项目）"]
    assert fees["D2"].value == 3000 and fees["D2"].number_format == "0.00"
    assert book["考试（按科目、准驾车型）"]["F2"].value == 80.0
    assert any("按本期受理" in (c.value or "") for row in book["说明"].iter_rows() for c in row)


def test_csv_is_one_bom_file_per_section_and_reads_back_in_chinese():
    tally = sample_tally()
    files = tally_csv(tally)
    assert list(files) == ["00_概要.csv", "01_机动车业务（按业务类型）.csv", "02_考试（按科目、准驾车型）.csv",
                           "03_排队叫号（按人员）.csv", "04_满意度评价.csv", "05_收费（按项目）.csv"]
    for data in files.values():
        assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(files["01_机动车业务（按业务类型）.csv"].decode("utf-8-sig"))))
    assert rows[0] == ["业务类型", "受理", "办结", "退办", "容缺待补", "容缺已补", "容缺终止"]
    assert rows[1][:2] == ["转移登记", "40"] and rows[-1][0] == "合计"
    fees = list(csv.reader(io.StringIO(files["05_收费（按项目）.csv"].decode("utf-8-sig"))))
    assert fees[1] == ["机动车号牌工本费", "30", "60", "3000.00"]


def test_json_round_trips_sorted_and_utf8():
    tally = sample_tally()
    data = tally_json(tally)
    text = data.decode("utf-8")
    assert "机动车业务" in text  # not \u escapes
    parsed = json.loads(text)
    assert list(parsed) == sorted(parsed)
    assert read_tally_json(data) == tally
    with pytest.raises(ValidationError):
        read_tally_json(b'{"format": "something else"}')


# ---- merge -----------------------------------------------------------------------------------------

def test_merge_puts_a_column_per_hall_and_a_total():
    left = sample_tally("152921", "阿拉善左旗车管所")
    right = sample_tally("152922", "阿拉善右旗车管所", scale=2, clerks=2)
    merged = merge_tallies([left, right])
    assert merged.hall_code == "152900" and "阿拉善左旗车管所" in merged.hall_name
    assert (merged.year, merged.month) == (2026, 11)
    fees = merged.section("fees")
    assert fees.headers[:4] == ("收费项目", "笔数·阿拉善左旗车管所", "笔数·阿拉善右旗车管所", "笔数·合计")
    plate = fees.rows[0]
    assert plate[:4] == ("机动车号牌工本费", 30, 60, 90)
    assert plate[-3:] == (Decimal("3000.00"), Decimal("6000.00"), Decimal("9000.00"))
    assert fees.rows[-1][0] == "合计" and fees.rows[-1][-1] == Decimal("9750.00")
    exams = merged.section("exams")  # two key columns; rates per hall, no total
    assert exams.headers[:2] == ("科目", "准驾车型")
    first = dict(zip(exams.headers, exams.rows[0], strict=True))
    assert first["参考·合计"] == 150 and first["合格率(%)·阿拉善右旗车管所"] == 80.0
    assert first["合格率(%)·合计"] is None and first["预约·合计"] is None
    sat = merged.section("satisfaction")
    assert dict(zip(sat.headers, sat.rows[0], strict=True))["分值·合计"] is None  # a score is not a count
    clerks = merged.section("queue_by_clerk")  # the left hall's clerks 2..5 are absent on the right: 0
    row = dict(zip(clerks.headers, clerks.rows[5], strict=True))
    assert row["叫号·阿拉善右旗车管所"] == 0 and row["叫号·合计"] == 105
    keys = {h.key: h for h in merged.headlines}
    assert set(keys) == {"vehicle_cases", "driver_cases", "tickets", "fees_total"}  # no sum of averages
    assert keys["driver_cases"].value == 171.0 and keys["driver_cases"].yoy.text == "下降46.60%"
    assert keys["tickets"].yoy.text == "—"
    assert merged.daily[3][1:] == tuple(3 * v for v in left.daily[3][1:])
    assert read_tally_json(tally_json(merged)) == merged  # merged files export like any other


def test_merge_refuses_mixed_periods_a_hall_twice_and_a_single_file():
    left, right = sample_tally("152921"), sample_tally("152922")
    with pytest.raises(ValidationError) as exc:
        merge_tallies([left, replace(right, month=10)])
    assert "统计期间不一致" in exc.value.message_zh and "different periods" in exc.value.message_en
    with pytest.raises(ValidationError) as exc:
        merge_tallies([left, replace(right, year=2025)])
    assert exc.value.code == "merge_period_mismatch"
    with pytest.raises(ValidationError) as exc:
        merge_tallies([left, right, sample_tally("152921")])
    assert exc.value.code == "merge_hall_twice" and "152921" in exc.value.message_en
    with pytest.raises(ValidationError):
        merge_tallies([left])


# ---- PDF -------------------------------------------------------------------------------------------

def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_pdf_shows_the_title_headlines_and_changes_in_chinese():
    pdf = render_tally_report(sample_tally(), qr_payload="CD1.TR.152921.20261201.TR000001.ABCDEFGHIJKLMNOP",
                              serial="TR000001")
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page_texts(pdf))
    for expected in ("阿拉善左旗车管所 2026年11月 业务统计", "机动车业务量", "驾驶证业务量", "下降46.60%",
                     "同比", "环比", "每日业务量", "机动车业务（按业务类型）", "收费（按项目）", "机动车号牌工本费",
                     "编号：TR000001", "扫码验真"):
        assert expected in text, expected


def test_a_long_section_runs_onto_more_pages_with_its_header_repeated():
    pdf = render_tally_report(sample_tally(clerks=120))
    pages = page_texts(pdf)
    assert len(pages) >= 3
    with_header = [p for p in pages if "等候90%分位" in p]
    assert len(with_header) >= 2  # the clerks' table header repeats on the page it runs onto
    assert "业务统计（续）" in pages[-1] and f"第 {len(pages)} / {len(pages)} 页" in pages[-1]


def test_a_merged_tally_prints_its_wide_sections_in_parts():
    merged = merge_tallies([sample_tally("152921", "阿拉善左旗车管所"), sample_tally("152922", "阿拉善右旗车管所"),
                            sample_tally("152923", "额济纳旗车管所")])
    clerks = merged.section("queue_by_clerk")
    parts = column_parts(clerks)
    assert len(parts) > 1 and all(p[0] == 0 and len(p) <= 11 for p in parts)
    assert sorted({i for p in parts for i in p}) == list(range(len(clerks.headers)))
    text = "\n".join(page_texts(render_tally_report(merged)))
    assert "排队叫号（按人员）（1/" in text and "额济纳旗车管所" in text


def test_a_year_tally_renders():
    text = "\n".join(page_texts(render_tally_report(sample_tally(month=None))))
    assert "2026年 业务统计" in text and "全年" in text
