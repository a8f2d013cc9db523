"""Rendered documents, checked the way a person would: rasterise, scan the QR, read the text."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from desktop.documents.fonts import CJK_FONT_NAME, register_cjk_font
from desktop.documents.render import NoticeContent, SlipContent, render_notice, render_slip
from desktop.documents.signing import DocumentRef, payload_signature_ok, sign_payload, verify_payload

KEY = bytes(range(32))
HALL = "152900"
OFFICE = "阿拉善盟公安局交通管理支队车辆管理所"
ROOT = Path(__file__).resolve().parents[2]


def slip(**changes) -> SlipContent:
    serial = "SL20261126A023"
    content = SlipContent(
        hall_name=OFFICE,
        title="排队号票",
        big_text="A023",
        fields=[("业务类型", "机动车业务"), ("取号人", "张*明"), ("前面等候", "8 人")],
        qr_payload=sign_payload(DocumentRef("SL", serial, HALL, date(2026, 11, 26)), KEY),
        serial=serial,
        issued_at="2026-11-26 09:41:07",
        footer_lines=["请留意叫号屏幕和语音提示，过号请重新取号。"],
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def notice(**changes) -> NoticeContent:
    serial = "RN20261126000123"
    content = NoticeContent(
        office_name=OFFICE,
        title="机动车业务容缺受理通知书",
        fields=[("申请人", "张*明"), ("身份证明号码", "152921********0017"), ("业务类型", "机动车转移登记")],
        materials=[("机动车登记业务申请表", "✓"), ("车辆购置税完税证明", "容缺")],
        deadline="请于2026年12月10日前补交容缺材料，逾期本次受理作废。",
        notes=["本通知书是容缺受理的凭证，请妥善保管。"],
        qr_payload=sign_payload(DocumentRef("RN", serial, HALL, date(2026, 11, 26)), KEY),
        serial=serial,
        clerk="李*（工号 0012）",
        issued_at="2026-11-26 10:05",
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def pages(pdf: bytes, dpi: int = 300) -> list[tuple[Image.Image, str, tuple[float, float]]]:
    """Each page as (image composited onto white, extracted text, size in points)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        result = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 0), rev_byteorder=True, prefer_bgrx=False)
            rgba = bitmap.to_pil().convert("RGBA")
            image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            result.append((image, text, page.get_size()))
            textpage.close()
            page.close()
        return result
    finally:
        doc.close()


def scanned(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def embedded_fonts(pdf: bytes) -> list[bytes]:
    return re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", pdf)


def test_slip_qr_scans_back_to_the_signed_payload() -> None:
    content = slip()
    [(image, text, size)] = pages(render_slip(content))
    assert scanned(image) == [content.qr_payload]
    assert payload_signature_ok(scanned(image)[0], KEY)
    assert verify_payload(scanned(image)[0], KEY).serial == "SL20261126A023"


def test_slip_is_an_80mm_roll_with_chinese_text() -> None:
    content = slip()
    [(_, text, (width, height))] = pages(render_slip(content))
    assert width == pytest.approx(80 / 25.4 * 72, abs=0.5)
    assert 80 / 25.4 * 72 < height < 200 / 25.4 * 72  # fitted to the content, not a fixed page
    for expected in (OFFICE, "排队号票", "A023", "机动车业务", "扫码验真", "SL20261126A023", "2026-11-26 09:41:07"):
        assert expected in text, expected


def test_slip_height_follows_content() -> None:
    short = pages(render_slip(slip(fields=[], footer_lines=[], qr_payload=None)))[0][2][1]
    long = pages(render_slip(slip(fields=[(f"项目{i}", "内容" * 20) for i in range(10)])))[0][2][1]
    assert short < pages(render_slip(slip()))[0][2][1] < long


def test_slip_is_small() -> None:
    assert len(render_slip(slip())) <= 40 * 1024


def test_receipt_amount_and_long_values_fit() -> None:
    content = slip(title="收费收据", big_text="¥ 12,345.00", fields=[("缴费人", "内蒙古阿拉善盟某某运输有限责任公司第二分公司")])
    [(image, text, _)] = pages(render_slip(content))
    assert "¥ 12,345.00" in text
    assert "收费收据" in text
    # Wrapped, not clipped: every character of the long value is on the page.
    assert "内蒙古阿拉善盟某某运输有限责任公司第二分公司" in re.sub(r"\s", "", text)
    assert scanned(image) == [content.qr_payload]


def test_notice_qr_scans_back_and_text_is_chinese() -> None:
    content = notice()
    [(image, text, (width, height))] = pages(render_notice(content))
    assert (width, height) == pytest.approx((595.27, 841.89), abs=0.5)
    assert scanned(image) == [content.qr_payload]
    assert verify_payload(scanned(image)[0], KEY).kind == "RN"
    for expected in (
        OFFICE,
        "机动车业务容缺受理通知书",
        "身份证明号码",
        "152921********0017",
        "车辆购置税完税证明",
        "容缺",
        "✓",
        "请于2026年12月10日前补交容缺材料",
        "注意事项",
        "李*（工号 0012）",
        "RN20261126000123",
    ):
        assert expected in text, expected


def test_notice_qr_is_top_right() -> None:
    [(image, _, _)] = pages(render_notice(notice()))
    [barcode] = zxingcpp.read_barcodes(image)
    pos = barcode.position
    assert min(pos.top_left.x, pos.bottom_left.x) > image.width * 0.6
    assert max(pos.bottom_left.y, pos.bottom_right.y) < image.height * 0.2


def test_long_notice_flows_onto_more_pages() -> None:
    content = notice(materials=[(f"材料{i}", "✓") for i in range(40)], notes=["注意" * 30] * 10)
    rendered = pages(render_notice(content), dpi=150)
    assert len(rendered) >= 2
    for number, (_, text, _) in enumerate(rendered, 1):
        assert "RN20261126000123" in text  # the serial is in every page's foot
        assert f"第 {number} 页 / 共 {len(rendered)} 页" in text
    assert "材料名称" in rendered[1][1]  # the materials table's header row is repeated
    everything = "".join(text for _, text, _ in rendered)
    for i in range(40):
        assert f"材料{i}" in everything
    assert scanned(rendered[0][0]) == [content.qr_payload]


def test_documents_without_qr_render() -> None:
    assert render_slip(slip(qr_payload=None)).startswith(b"%PDF")
    assert render_notice(notice(qr_payload=None, deadline=None, notes=[], materials=[])).startswith(b"%PDF")


@pytest.mark.parametrize("pdf", [lambda: render_slip(slip()), lambda: render_notice(notice())], ids=["slip", "notice"])
def test_only_the_bundled_font_is_embedded(pdf) -> None:
    data = pdf()
    fonts = embedded_fonts(data)
    assert fonts
    for name in fonts:
        # A subset of WenQuanYi (tag+name), never a base-14 font or the unembedded STSong-Light CID font.
        assert re.fullmatch(rb"[A-Z]{6}\+WenQuanYiMicroHei(-\d+)?", name), name
    assert b"/FontFile2" in data  # the TrueType program itself is in the file
    assert b"STSong" not in data and b"Helvetica" not in data


def test_font_registration_is_once_and_cheap(monkeypatch) -> None:
    """Once registered, the font is never parsed or registered again (counted, not timed)."""
    from reportlab.pdfbase import pdfmetrics

    name = register_cjk_font()
    assert name == CJK_FONT_NAME
    calls: list[str] = []
    monkeypatch.setattr(pdfmetrics, "registerFont", lambda font: calls.append(font.fontName))
    for _ in range(100):
        assert register_cjk_font() == name
    assert calls == []


def test_check_mark_is_in_the_font() -> None:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(register_cjk_font()).face
    for ch in "✓容缺扫码验真¥":
        assert ord(ch) in face.charToGlyph, ch


def test_renderers_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None  # any import of PySide6 now fails\n"
        "from tests.unit.test_documents_pdf import slip, notice\n"
        "from desktop.documents.render import render_slip, render_notice\n"
        "import desktop.documents.signing, desktop.documents.fonts\n"
        "assert render_slip(slip()).startswith(b'%PDF')\n"
        "assert render_notice(notice()).startswith(b'%PDF')\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6') and sys.modules[m] is not None]\n"
    )
    # The child imports this test module for its fixtures; pypdfium2/zxingcpp load there too, fine.
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
