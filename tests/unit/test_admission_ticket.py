"""准考证 (A4): read back the way a person or a scanner would — the text, the QR, the photo, the pages."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from desktop.documents.admission_ticket import (
    DEFAULT_RULES,
    MARGIN_X,
    PAGE_W,
    AdmissionTicketContent,
    render_admission_ticket,
    render_admission_tickets,
)
from desktop.documents.notice import FOOT_H, MARGIN_BOTTOM
from desktop.documents.signing import DocumentRef, sign_payload, verify_payload

KEY = bytes(range(32))
OFFICE = "阿拉善盟公安局交通警察支队车辆管理所"
PHOTO_BLUE = (70, 120, 200)
LONG_ADDRESS = ("内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇额鲁特西路与贺兰山南路交叉口东北角"
                "阿拉善盟机动车驾驶人考试中心综合楼二楼理论考试大厅（停车场东侧入口进）")


def jpeg(colour: tuple[int, int, int] = PHOTO_BLUE, fmt: str = "JPEG") -> bytes:
    """A 358×441 ID-style photo: a coloured ground, a face, shoulders."""
    image = Image.new("RGB", (358, 441), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 80, 258, 260), fill=(235, 200, 170))
    draw.rectangle((60, 300, 298, 441), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


PHOTO = jpeg()


def ticket(number: int = 17, **changes) -> AdmissionTicketContent:
    serial = f"AT26112700{number:03d}"
    content = AdmissionTicketContent(
        office_name=OFFICE,
        name="张晓明",
        id_masked="152921********1234",
        photo_jpeg=PHOTO,
        subject_name="科目一",
        cls="C1",
        site_name="阿拉善盟机动车驾驶人考试中心",
        site_address="内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇额鲁特西路18号",
        session_text="2026年12月14日 上午 08:30–11:30",
        order_no=f"{number:03d}",
        booking_code="K7Q2M9XD",
        application_no="DC26112700031",
        rules=list(DEFAULT_RULES),
        qr_payload=sign_payload(DocumentRef("AT", serial, "152900", date(2026, 11, 27)), KEY),
        serial=serial,
        issued_at="2026-11-27 10:32",
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def rendered(pdf: bytes, dpi: int = 300) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def char_boxes(pdf: bytes, needle: str) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top, in points) of each character of the needle on page 1."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        index, count = textpage.search(needle).get_next()
        return [textpage.get_charbox(i) for i in range(index, index + count)]
    finally:
        doc.close()


def test_one_ticket_is_one_a4_page_with_every_field() -> None:
    content = ticket()
    pdf = render_admission_ticket(content)
    assert pdf.startswith(b"%PDF")
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    assert doc[0].get_size() == pytest.approx((595.27, 841.89), abs=0.5)
    doc.close()
    [text] = texts(pdf)
    for expected in (OFFICE, "机动车驾驶人考试准考证", "姓名", "张晓明", "身份证明号码", "152921********1234",
                     "准驾车型", "C1", "考试科目", "科目一", "考试场地", "阿拉善盟机动车驾驶人考试中心",
                     "场地地址", content.site_address, "考试时间", content.session_text, "序号", "017",
                     "预约码", "K7Q2M9XD", "受理编号", "DC26112700031", "扫码验真/考场签到", "考场规则",
                     "签发时间：2026-11-2710:32", "编号：AT26112700017"):
        assert flat(expected) in flat(text), expected
    for number, rule in enumerate(DEFAULT_RULES, 1):
        assert flat(f"{number}.{rule}") in flat(text)


def test_qr_scans_back_to_the_signed_payload_top_right() -> None:
    content = ticket()
    image = rendered(render_admission_ticket(content))
    [barcode] = zxingcpp.read_barcodes(image)
    assert barcode.text == content.qr_payload
    ref = verify_payload(barcode.text, KEY)
    assert (ref.kind, ref.serial) == ("AT", "AT26112700017")
    pos = barcode.position
    assert min(pos.top_left.x, pos.bottom_left.x) > image.width * 0.6
    assert max(pos.bottom_left.y, pos.bottom_right.y) < image.height * 0.2
    assert flat("AT26112700017") in flat(texts(render_admission_ticket(content))[0])


def test_photo_is_the_jpeg_itself_framed_right_of_the_upper_rows() -> None:
    pdf = render_admission_ticket(ticket())
    assert PHOTO in pdf  # embedded byte for byte (DCTDecode), not decoded and re-encoded
    assert pdf.count(b"/DCTDecode") == 1
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    [photo] = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    left, bottom, right, top = photo.get_bounds()
    assert (right - left, top - bottom) == pytest.approx((26 / 25.4 * 72, 32 / 25.4 * 72), abs=1.5)
    doc.close()
    name_right = max(box[2] for box in char_boxes(pdf, "张晓明"))
    id_box = char_boxes(pdf, "152921")[0]
    assert left > name_right and left > PAGE_W / 2 and right <= PAGE_W - MARGIN_X
    assert bottom < id_box[1] < top  # beside the upper rows, not above or below them
    # And it shows: the photo's blue ground is in the rendered page where the photo is.
    image = rendered(pdf, dpi=72)
    pixel = image.getpixel((int(left + 3), int(image.height - top + 3)))
    assert all(abs(a - b) < 25 for a, b in zip(pixel, PHOTO_BLUE, strict=True)), pixel


def test_missing_photo_prints_the_placeholder_box() -> None:
    pdf = render_admission_ticket(ticket(photo_jpeg=None))
    assert "照片" in texts(pdf)[0]
    assert b"/DCTDecode" not in pdf and b"/Subtype /Image" not in pdf


def test_a_photo_in_another_format_is_still_drawn_and_garbage_is_refused() -> None:
    pdf = render_admission_ticket(ticket(photo_jpeg=jpeg(fmt="PNG")))
    doc = pdfium.PdfDocument(pdf)
    assert len(list(doc[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))) == 1
    doc.close()
    with pytest.raises(ValueError, match="照片"):
        render_admission_ticket(ticket(photo_jpeg=b"not a photo at all"))


def test_batch_is_one_pdf_with_a_page_per_ticket_in_order() -> None:
    people = ["张晓明", "李华", "阿拉坦其其格", "王芳"]
    photos = [jpeg((40 * i, 120, 200)) for i in range(2)]
    contents = [ticket(i + 1, name=name, photo_jpeg=bytes(photos[i % 2])) for i, name in enumerate(people)]
    pdf = render_admission_tickets(contents)
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == len(people)
    for i, (name, text) in enumerate(zip(people, texts(pdf), strict=True)):
        assert name in text and f"AT26112700{i + 1:03d}" in text and "考场规则" in text
    assert pdf.count(b"/Subtype /Image") == 2  # the same photo bytes are stored once
    assert pdf.count(b"/Subtype /Form") == 1  # the labels, lines and rules: once for the whole batch


def test_batch_pages_laid_out_differently_keep_labels_beside_their_values() -> None:
    contents = [ticket(1), ticket(2, site_address=LONG_ADDRESS), ticket(3)]
    pdf = render_admission_tickets(contents)
    assert page_count(pdf) == 3
    assert pdf.count(b"/Subtype /Form") == 2  # one layout per distinct row heights
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        textpage = page.get_textpage()

        def middle(needle: str) -> float:
            index, count = textpage.search(needle).get_next()
            boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
            return (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2

        for label, value in (("考试时间", "08:30"), ("受理编号", "DC26112700031"), ("预约码", "K7Q2M9XD")):
            assert middle(label) == pytest.approx(middle(value), abs=2), label
    doc.close()


def test_long_site_address_wraps_and_stays_on_the_page() -> None:
    pdf = render_admission_ticket(ticket(site_address=LONG_ADDRESS))
    assert page_count(pdf) == 1
    assert flat(LONG_ADDRESS) in flat(texts(pdf)[0])
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[0].get_textpage()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    boxes = [b for b in boxes if b[2] > b[0]]  # spaces and line breaks have empty boxes
    doc.close()
    assert min(b[0] for b in boxes) >= MARGIN_X - 0.5
    assert max(b[2] for b in boxes) <= PAGE_W - MARGIN_X + 0.5
    assert min(b[1] for b in boxes) >= MARGIN_BOTTOM
    address_lines = {round(b[1]) for b in char_boxes(pdf, LONG_ADDRESS[:40])} | {
        round(b[1]) for b in char_boxes(pdf, LONG_ADDRESS[-20:])}
    assert len(address_lines) >= 2  # wrapped, not run past the table's edge


@pytest.mark.parametrize("address", ["", "   "], ids=["empty", "blank"])
def test_a_site_without_an_address_prints_a_dash_beside_the_label(address) -> None:
    pdf = render_admission_ticket(ticket(site_address=address))
    [text] = texts(pdf)
    assert flat("阿拉善盟机动车驾驶人考试中心—2026年12月14日") in flat(text)  # the values, between site and time
    label, dash = char_boxes(pdf, "场地地址"), char_boxes(pdf, "—")
    assert len(dash) == 1 and dash[0][2] > dash[0][0]  # a glyph the font has, not an empty box
    assert dash[0][0] > max(b[2] for b in label)
    assert min(b[1] for b in label) < (dash[0][1] + dash[0][3]) / 2 < max(b[3] for b in label)  # same row


def test_long_rules_shrink_to_keep_one_page_and_too_much_is_refused() -> None:
    many = [rule + "（重复说明）" * 3 for rule in DEFAULT_RULES] + DEFAULT_RULES[:3]
    pdf = render_admission_ticket(ticket(rules=many, site_address=LONG_ADDRESS))
    assert page_count(pdf) == 1
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[0].get_textpage()
    lowest = min(textpage.get_charbox(i)[1] for i in range(textpage.count_chars()))
    doc.close()
    assert lowest >= MARGIN_BOTTOM
    assert flat(many[-1]) in flat(texts(pdf)[0])
    assert all(b[1] >= MARGIN_BOTTOM + FOOT_H for b in char_boxes(pdf, many[-1][:10]))  # above the foot
    with pytest.raises(ValueError, match="超出一页"):
        render_admission_ticket(ticket(rules=many * 3))


def test_without_rules_or_qr_it_still_renders() -> None:
    pdf = render_admission_ticket(ticket(rules=[], qr_payload=None, serial="", issued_at=""))
    [text] = texts(pdf)
    assert "张晓明" in text and "考场规则" not in text and "扫码验真" not in text


@pytest.mark.parametrize("empty", [[], (), iter(())], ids=["list", "tuple", "iterator"])
def test_empty_batch_is_refused(empty) -> None:
    with pytest.raises(ValueError, match="没有要打印的准考证"):
        render_admission_tickets(empty)


def test_default_rules_cover_what_a_candidate_must_know() -> None:
    assert 6 <= len(DEFAULT_RULES) <= 8
    joined = "".join(DEFAULT_RULES)
    for point in ("身份证明", "30分钟", "人脸识别", "手机", "替考", "补考一次", "成绩"):
        assert point in joined, point
    assert ticket().rules == DEFAULT_RULES and ticket().rules is not DEFAULT_RULES


def test_only_the_bundled_font_is_embedded() -> None:
    pdf = render_admission_ticket(ticket())
    fonts = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", pdf)
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+WenQuanYiMicroHei(-\d+)?", name) for name in fonts)
    assert b"Helvetica" not in pdf and b"STSong" not in pdf
