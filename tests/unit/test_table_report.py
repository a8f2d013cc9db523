"""A4 list reports (检验到期提醒 and the like): pagination, repeated header, highlighting, wrapping."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from desktop.documents.table_report import TableReport, render_table_report

OFFICE = "阿拉善盟公安局交通管理支队车辆管理所"
COLUMNS = [("号牌号码", 1.2, "left"), ("号牌种类", 1.2, "left"), ("车辆类型", 1.4, "left"), ("使用性质", 1.1, "left"),
           ("所有人", 1.6, "left"), ("检验有效期止", 1.2, "center"), ("检验方式", 1.0, "center"),
           ("逾期天数", 0.9, "right"), ("重点车辆", 0.9, "center")]
LONG_OWNER = "内蒙古阿拉善盟某某危险货物运输有限责任公司第二分公司"
A4_PT = (595.28, 841.89)


def report(count: int = 300, **changes) -> TableReport:
    content = TableReport(
        office_name=OFFICE,
        title="机动车检验到期提醒",
        subtitle=f"截至 2026年11月26日，30 日内到期及已逾期　共 {count} 辆",
        columns=list(COLUMNS),
        rows=[[f"蒙M{i:05d}", "大型汽车号牌" if i % 5 == 0 else "小型汽车号牌", "小型轿车", "非营运",
               LONG_OWNER if i == 7 else "张*明", "2026-12-01", "上线检验", str(i % 9), "是" if i % 5 == 0 else ""]
              for i in range(count)],
        highlight_rows={i for i in range(count) if i % 5 == 0},
        notes=["重点车辆：两客一危一货（客运、旅游客运、危化品运输、重型货车），优先提醒。", "所有人信息已脱敏。"],
        generated_at="2026-11-26 09:41",
        serial="RP2026112600001",
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in doc]


def test_a_long_list_paginates_with_the_header_and_page_number_on_every_page() -> None:
    pages = texts(render_table_report(report(300)))
    assert len(pages) > 3
    for number, text in enumerate(pages, 1):
        flat = re.sub(r"\s", "", text)
        assert "号牌号码" in flat and "检验有效期止" in flat and "重点车辆" in flat, number
        assert f"第 {number} / {len(pages)} 页" in text
        assert "生成时间：2026-11-2609:41" in flat and "编号：RP2026112600001" in flat
        if number > 1:
            assert "机动车检验到期提醒（续）" in flat
    everything = re.sub(r"\s", "", "".join(pages))
    for i in range(300):  # every row once, none lost at a page break
        assert everything.count(f"蒙M{i:05d}") == 1, i
    assert OFFICE in pages[0] and "共 300 辆" in pages[0]
    assert "所有人信息已脱敏" in pages[-1]


def test_many_columns_go_landscape_few_stay_portrait() -> None:
    wide = pdfium.PdfDocument(render_table_report(report(5)))[0].get_size()
    narrow = pdfium.PdfDocument(render_table_report(report(
        5, columns=COLUMNS[:4], rows=[r[:4] for r in report(5).rows])))[0].get_size()
    assert wide == pytest.approx(A4_PT[::-1], abs=0.5)
    assert narrow == pytest.approx(A4_PT, abs=0.5)


def test_long_cells_wrap_inside_their_column() -> None:
    doc = pdfium.PdfDocument(render_table_report(report(20)))
    textpage = doc[0].get_textpage()
    assert LONG_OWNER in re.sub(r"\s", "", textpage.get_text_range())
    searcher = textpage.search("内蒙古")
    index, _ = searcher.get_next()
    left = textpage.get_charbox(index)[0]
    boxes, i = [], index
    while len(boxes) < len(LONG_OWNER):  # the cell's characters, skipping the line breaks between
        if textpage.get_text_range(i, 1).strip():
            boxes.append(textpage.get_charbox(i))
        i += 1
    assert len({round(b[1]) for b in boxes}) >= 2  # more than one line
    # The 所有人 column is 1.6 of 10.5 weights of the content width; nothing of the cell spills past it.
    column_w = (A4_PT[1] - 2 * 14 * 72 / 25.4) * 1.6 / 10.5
    assert max(b[2] for b in boxes) < left + column_w


def test_highlighted_rows_are_shaded() -> None:
    doc = pdfium.PdfDocument(render_table_report(report(10)))
    page = doc[0]
    scale = 2
    image = page.render(scale=scale).to_pil().convert("L")
    textpage = page.get_textpage()
    height = page.get_height()

    def shade_left_of(needle: str) -> int:
        index, _ = textpage.search(needle).get_next()
        left, bottom, _, top = textpage.get_charbox(index)
        # A point in the cell's left padding, level with the text.
        return image.getpixel((int((left - 2) * scale), int((height - (top + bottom) / 2) * scale)))

    assert shade_left_of("蒙M00005") < 240  # 两客一危一货: shaded
    assert shade_left_of("蒙M00006") > 250  # an ordinary row: white


def test_an_empty_list_still_prints_its_header() -> None:
    [text] = texts(render_table_report(report(0, notes=[])))
    assert "号牌号码" in text and "无记录" in text and "第 1 / 1 页" in text


def test_rows_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(ValueError, match="row 1"):
        render_table_report(report(3, rows=[["a"] * 9, ["b"] * 8, ["c"] * 9]))
    with pytest.raises(ValueError, match="align"):
        render_table_report(report(1, columns=[(h, w, "middle") for h, w, _ in COLUMNS]))
