"""准考证: the driving-test admission ticket, one A4 page per candidate, printed one at a time at the
counter or a session's worth at once (a batch is one PDF, one page per ticket).

The office's name and the title head the page with the signed QR top right (扫码验真 / 考场签到 and
the serial under it); a ruled table of the fields with the candidate's photo framed on the right of
the upper rows; the session's time in bold; the 考场规则 as a numbered list; the issue time and the
serial at the foot. Drawn with notice.py's measures and drawing.py's helpers, so it looks like the
office's other A4 forms.

A batch has to be quick (1,000 tickets in a few seconds; tests/benchmarks/bench_admission_tickets.py):
- the photo is the candidate's JPEG embedded as it is (DCTDecode), and the same bytes on many pages are
  stored once. ReportLab's drawImage decodes every ImageReader it is given, just to fingerprint it;
- what is the same on every ticket laid out alike (labels, lines, rules) is a Form XObject drawn once
  per document, so a page holds only the candidate's data, the photo and the QR;
- page streams are Flate only: ReportLab's ASCII85 runs in pure Python here.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFStream, PDFZCompress
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import Block, draw_text, new_canvas, side_by_side, text_block, text_width, wrap
from desktop.documents.fonts import register_cjk_font
from desktop.documents.notice import (
    BODY,
    CONTENT_W,
    FOOT_H,
    LABEL_W,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    SHADE,
)
from desktop.documents.qr import draw_qr

TITLE = "机动车驾驶人考试准考证"
QR_SIZE = 30 * mm
PHOTO_W, PHOTO_H = 26 * mm, 32 * mm  # a 358×441 px ID photo at about 350 dpi
PHOTO_CELL_W = PHOTO_W + 8 * mm
PHOTO_PAD_Y = 3 * mm
CELL_PAD_X, CELL_PAD_Y = 2 * mm, 1.6 * mm
LEADING = 1.45
RULE_SIZES = (10.5, 9.5, 8.5)  # the rules shrink before the ticket would spill onto a second page
USABLE_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - FOOT_H
NO_VALUE = "—"  # printed in a field with nothing to show (a site without an address), so it is not left blank

# 考场规则 as most halls print them; the caller may pass its own. The retake and the ban on exam fraud
# follow 《机动车驾驶证申领和使用规定》 (公安部令第162号) on 考试 (补考一次) and 舞弊 (一年内不得再次申领).
DEFAULT_RULES: list[str] = [
    "考生须携带本准考证和本人有效身份证明原件，于考试开始前30分钟到达考场候考；迟到的不得参加本场考试。",
    "入场时须接受身份核验和人脸识别，核验不通过的不得参加考试。",
    "考试期间不得携带、使用手机、智能手表、耳机等通讯和电子设备，不得夹带任何资料。",
    "严禁替考。代替他人或者让他人代替自己参加考试的，取消考试资格，已通过科目的成绩无效，"
    "一年内不得再次申领机动车驾驶证，并依法追究责任。",
    "服从考试员和考场工作人员的管理，遵守考场纪律，保持考场安静。",
    "每个科目考试一次，不合格的可以补考一次；不参加补考或者补考仍不合格的，本次考试终止，须重新预约。",
    "考试成绩当场公布，考生应当场签字确认；对成绩有异议的，可当场向考场负责人提出。",
    "本准考证仅限本人本场次使用，请妥善保管；遗失的可凭预约码在大厅自助终端补打。",
]


@dataclass
class AdmissionTicketContent:
    """What goes on an admission ticket; plain text, the ID number already masked. The name is in full:
    the ticket is checked against the candidate's ID card at the door."""

    office_name: str
    name: str
    id_masked: str  # e.g. "152921********1234"
    photo_jpeg: bytes | None  # the candidate's photo (a JPEG, 358×441); None prints a box marked 照片
    subject_name: str  # 科目一 …
    cls: str  # 准驾车型, e.g. "C1"
    site_name: str
    site_address: str  # "" prints "—"
    session_text: str  # e.g. "2026年12月14日 上午 08:30–11:30"
    order_no: str  # 序号 in the session, e.g. "017"
    booking_code: str  # 预约码, used to reprint the ticket at the kiosk
    application_no: str  # 受理编号
    rules: list[str] = field(default_factory=lambda: list(DEFAULT_RULES))
    qr_payload: str | None = None  # signing.sign_payload with kind "AT"
    serial: str = ""
    issued_at: str = ""  # already formatted, e.g. "2026-11-27 10:32"


# --- the photo ------------------------------------------------------------------------------------------

_JPEG_SPACES = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}


def _jpeg_xobject(name: str, data: bytes) -> PDFImageXObject | None:
    """The JPEG as an image XObject holding its own bytes (what ReportLab builds from a .jpg file, minus
    ASCII85), or None when ReportLab cannot pass it through (not a JPEG, lossless, 12-bit …)."""
    if not data.startswith(b"\xff\xd8"):  # SOI; readJPEGInfo would scan any bytes for a marker
        return None
    try:
        width, height, components, _ = readJPEGInfo(io.BytesIO(data))
    except Exception:  # PDFError for unsupported kinds, struct.error for a truncated file
        return None
    if components not in _JPEG_SPACES or not width or not height:
        return None
    image = PDFImageXObject(name)
    image.width, image.height, image.bitsPerComponent = width, height, 8
    image.colorSpace = _JPEG_SPACES[components]
    if components == 4:
        image._dotrans = 1  # Adobe CMYK JPEGs are stored inverted, as ReportLab assumes too
    image.streamContent = data
    image._filters = ("DCTDecode",)
    image.mask = None
    return image


def draw_photo(c: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw the photo centred in the box at (x, y), aspect kept. A JPEG goes into the PDF as it is, once
    per document however many pages show it; anything else PIL reads is converted by ReportLab.
    ValueError when the bytes are not an image."""
    name = "photo" + hashlib.blake2b(data, digest_size=16).hexdigest()
    doc = c._doc
    ref = doc.getXObjectName(name)
    image = doc.idToObject.get(ref)
    if image is None:
        image = _jpeg_xobject(name, data)
        if image is None:
            try:
                reader = ImageReader(io.BytesIO(data))
                reader.getSize()
            except Exception as exc:
                raise ValueError("照片不是可读取的图片 / the photo is not a readable image") from exc
            c.drawImage(reader, x, y, width, height, preserveAspectRatio=True, anchor="c")
            return
        doc.Reference(image, ref)
        doc.addForm(name, image)
    scale = min(width / image.width, height / image.height)
    w, h = image.width * scale, image.height * scale
    c.saveState()
    c.translate(x + (width - w) / 2, y + (height - h) / 2)
    c.scale(w, h)
    c.addLiteral(f"/{ref} Do")
    c.restoreState()
    c._formsinuse.append(name)  # puts the XObject in this page's resources
    c._currentPageHasImages = 1


# --- the page -------------------------------------------------------------------------------------------
# Each part of the page is a band of a fixed height with a static side (labels, rules, lines: the same on
# every ticket laid out alike) and a variable side (the candidate's data, the QR, the photo).

_Draw = Callable[[Canvas, float], None]


def _nothing(c: Canvas, top: float) -> None:
    pass


@dataclass
class _Band:
    height: float
    static: _Draw = _nothing
    variable: _Draw = _nothing


@lru_cache(maxsize=4096)
def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """drawing.wrap, remembered: a batch repeats the rules, the site and the session on every page."""
    return wrap(text, font, size, width)


def _text(text: str, font: str, size: float, x: float, width: float, *, bold: bool = False,
          leading: float = LEADING, pad: float = CELL_PAD_Y) -> Block:
    return text_block(_lines(text, font, size, width), font, size, x, leading=size * leading, bold=bold,
                      space_before=pad, space_after=pad)


@dataclass(frozen=True)
class _Cell:
    width: float
    text: str
    label: bool = False  # shaded, and the same on every ticket
    bold: bool = False
    size: float = BODY


def _row(font: str, cells: list[_Cell], min_height: float = 0.0) -> _Band:
    """One ruled table row from the left margin: each cell's text wrapped to it and centred vertically."""
    texts, x = [], MARGIN_X
    for cell in cells:
        texts.append(_text(cell.text, font, cell.size, x + CELL_PAD_X, cell.width - 2 * CELL_PAD_X, bold=cell.bold))
        x += cell.width
    height = max(max(t.height for t in texts), min_height)

    def draw_cells(c: Canvas, top: float, labels: bool) -> None:
        for cell, text in zip(cells, texts, strict=True):
            if cell.label == labels:
                text.draw(c, top - (height - text.height) / 2)

    def static(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.6)
        c.setFillColorRGB(*SHADE)
        cx = MARGIN_X
        for cell in cells:
            c.rect(cx, top - height, cell.width, height, stroke=1, fill=1 if cell.label else 0)
            cx += cell.width
        c.restoreState()
        draw_cells(c, top, True)

    return _Band(height, static, lambda c, top: draw_cells(c, top, False))


def _fields(content: AdmissionTicketContent, font: str) -> tuple[_Band, tuple[float, ...]]:
    """The field table — 姓名 … 考试科目 beside the photo, then the session's rows across the page — and
    its row heights."""
    value_w = CONTENT_W - LABEL_W
    beside_w = value_w - PHOTO_CELL_W

    def pair(label: str, value: str, width: float, **style) -> list[_Cell]:
        return [_Cell(LABEL_W, label, label=True), _Cell(width, value, **style)]

    upper_fields = [("姓名", content.name, {"bold": True, "size": 13.0}), ("身份证明号码", content.id_masked, {}),
                    ("准驾车型", content.cls, {}), ("考试科目", content.subject_name, {})]
    # The photo's cell spans these rows; they share out its height so the photo never overhangs them.
    min_h = (PHOTO_H + 2 * PHOTO_PAD_Y) / len(upper_fields)
    upper = [_row(font, pair(label, value, beside_w, **style), min_h) for label, value, style in upper_fields]
    half = (value_w - LABEL_W) / 2
    lower = [
        _row(font, pair("考试场地", content.site_name, value_w)),
        _row(font, pair("场地地址", content.site_address.strip() or NO_VALUE, value_w)),
        _row(font, pair("考试时间", content.session_text, value_w, bold=True)),
        _row(font, pair("序号", content.order_no, half, bold=True) + pair("预约码", content.booking_code, half,
                                                                        bold=True)),
        _row(font, pair("受理编号", content.application_no, value_w)),
    ]
    rows = upper + lower
    upper_h = sum(r.height for r in upper)
    height = sum(r.height for r in rows)
    cell_x = MARGIN_X + LABEL_W + beside_w
    photo_x = cell_x + (PHOTO_CELL_W - PHOTO_W) / 2

    def photo_y(top: float) -> float:
        return top - upper_h + (upper_h - PHOTO_H) / 2

    def static(c: Canvas, top: float) -> None:
        y = top
        for row in rows:
            row.static(c, y)
            y -= row.height
        c.saveState()
        c.setLineWidth(0.6)
        c.rect(cell_x, top - upper_h, PHOTO_CELL_W, upper_h)
        if not content.photo_jpeg:
            c.setFillColorRGB(0.5, 0.5, 0.5)
            draw_text(c, photo_x + PHOTO_W / 2, photo_y(top) + PHOTO_H / 2 - 4, "照片", font, 12, align="center")
        c.setLineWidth(1.2)  # a heavier border round the whole table, as on the paper form
        c.rect(MARGIN_X, top - height, CONTENT_W, height)
        c.restoreState()

    def variable(c: Canvas, top: float) -> None:
        y = top
        for row in rows:
            row.variable(c, y)
            y -= row.height
        if content.photo_jpeg:
            draw_photo(c, content.photo_jpeg, photo_x, photo_y(top), PHOTO_W, PHOTO_H)
        c.saveState()
        c.setLineWidth(0.8)
        c.rect(photo_x, photo_y(top), PHOTO_W, PHOTO_H)  # drawn over the photo's edge
        c.restoreState()

    return _Band(height, static, variable), tuple(r.height for r in rows)


def _header(content: AdmissionTicketContent, font: str) -> _Band:
    """Office name and title centred (clear of the QR), the QR top right with its labels, a double rule."""
    side = QR_SIZE + 3 * mm if content.qr_payload else 0.0
    title_w = CONTENT_W - 2 * side
    office = _lines(content.office_name, font, 13, title_w)
    title_size = min(22.0, 22.0 * title_w / text_width(TITLE, font, 22.0))
    text_h = len(office) * 13 * 1.4 + 3 * mm + title_size * 1.3
    qr_h = QR_SIZE + 8 * mm if content.qr_payload else 0.0
    body_h = max(text_h, qr_h)
    qr_x = PAGE_W - MARGIN_X - QR_SIZE

    def static(c: Canvas, top: float) -> None:
        mid = PAGE_W / 2
        shift = (body_h - text_h) / 2  # the two text lines centred beside the QR
        text_block(office, font, 13, mid, align="center", leading=13 * 1.4, space_before=shift).draw(c, top)
        title_top = top - shift - len(office) * 13 * 1.4 - 3 * mm
        text_block([TITLE], font, title_size, mid, align="center", bold=True,
                   leading=title_size * 1.3).draw(c, title_top)
        if content.qr_payload:
            draw_text(c, qr_x + QR_SIZE / 2, top - QR_SIZE - 3 * mm, "扫码验真 / 考场签到", font, 8.5, align="center")
        c.saveState()
        y = top - body_h - 1.5 * mm
        c.setLineWidth(1.6)
        c.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, y - 1.2 * mm, PAGE_W - MARGIN_X, y - 1.2 * mm)
        c.restoreState()

    def variable(c: Canvas, top: float) -> None:
        if content.qr_payload:
            draw_qr(c, content.qr_payload, qr_x, top - QR_SIZE, QR_SIZE)
            if content.serial:
                draw_text(c, qr_x + QR_SIZE / 2, top - QR_SIZE - 6.8 * mm, content.serial, font, 8, align="center")

    return _Band(body_h + 4 * mm, static, variable)


def _rules(font: str, rules: tuple[str, ...], size: float) -> _Band:
    """考场规则 and the numbered rules, all static."""
    indent = 7 * mm
    blocks = [text_block(["考场规则"], font, 12.5, MARGIN_X, bold=True, space_before=5 * mm, space_after=1.5 * mm)]
    for number, rule in enumerate(rules, 1):
        blocks.append(side_by_side(
            text_block([f"{number}."], font, size, MARGIN_X, leading=size * 1.5),
            _text(rule, font, size, MARGIN_X + indent, CONTENT_W - indent, leading=1.5, pad=0.0),
        ))

    def static(c: Canvas, top: float) -> None:
        for block in blocks:
            block.draw(c, top)
            top -= block.height

    return _Band(sum(b.height for b in blocks), static)


def _foot(content: AdmissionTicketContent, font: str) -> _Band:
    """The foot band at the bottom of the page: a rule, then the issue time and the serial."""

    def static(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.6)
        c.line(MARGIN_X, top - 2 * mm, PAGE_W - MARGIN_X, top - 2 * mm)
        c.restoreState()

    def variable(c: Canvas, top: float) -> None:
        y = top - 8 * mm
        if content.issued_at:
            draw_text(c, MARGIN_X, y, f"签发时间：{content.issued_at}", font, 10)
        if content.serial:
            draw_text(c, PAGE_W - MARGIN_X, y, f"编号：{content.serial}", font, 10, align="right")

    return _Band(FOOT_H, static, variable)


def _layout(content: AdmissionTicketContent, font: str) -> tuple[list[_Band], tuple]:
    """The page's bands top to bottom (the foot last, at the bottom), with the rules at the largest size
    that keeps the ticket on one page; and the key of its static side: what decides how that looks."""
    header = _header(content, font)
    fields, row_heights = _fields(content, font)
    rules = tuple(content.rules)
    room = USABLE_H - header.height - fields.height
    for size in RULE_SIZES:
        band = _rules(font, rules, size) if rules else _Band(0.0)
        if band.height <= room:
            key = (content.office_name, bool(content.qr_payload), row_heights, not content.photo_jpeg, rules, size)
            return [header, fields, band, _foot(content, font)], key
    raise ValueError(f"准考证内容超出一页（{content.name}）：场地地址或考场规则过长 / "
                     "the admission ticket does not fit on one page")


def _draw_page(c: Canvas, content: AdmissionTicketContent, font: str, forms: dict[tuple, str]) -> None:
    """One ticket. The static side goes into a Form XObject made once per layout and shown on every page
    laid out alike (for a session's batch, usually one), so each page carries only the candidate's data."""
    bands, key = _layout(content, font)
    tops, top = [], PAGE_H - MARGIN_TOP
    for band in bands[:-1]:
        tops.append(top)
        top -= band.height
    tops.append(MARGIN_BOTTOM + FOOT_H)
    name = forms.get(key)
    if name is None:
        name = forms[key] = f"AdmissionTicket{len(forms)}"
        c.beginForm(name)  # before anything is drawn on the page: the canvas then has no page code to stash
        for band, band_top in zip(bands, tops, strict=True):
            band.static(c, band_top)
        c.endForm()
    c.doForm(name)
    for band, band_top in zip(bands, tops, strict=True):
        band.variable(c, band_top)


def _flate_only(c: Canvas) -> None:
    """Keep the page just shown Flate-compressed only. ReportLab also wraps page streams in ASCII85
    (rl_config.useA85), which without its C accelerator takes a fifth of a batch's time and makes the
    file a quarter bigger; a PDF does not need 7-bit streams."""
    page = c._doc.Pages.pages[-1]
    if page.Contents is None and page.stream is not None:
        page.Contents = PDFStream(content=page.stream, filters=[PDFZCompress])


def render_admission_tickets(contents: Sequence[AdmissionTicketContent]) -> bytes:
    """The tickets as one A4 PDF, one page each, in the order given. ValueError when there are none, when
    one does not fit on its page, or when a photo is not an image."""
    contents = list(contents)
    if not contents:
        raise ValueError("没有要打印的准考证 / no admission tickets to render")
    font = register_cjk_font()
    c, buf = new_canvas(TITLE, contents[0].office_name, A4)
    forms: dict[tuple, str] = {}
    for content in contents:
        _draw_page(c, content, font, forms)
        c.showPage()
        _flate_only(c)
    c.save()
    return buf.getvalue()


def render_admission_ticket(content: AdmissionTicketContent) -> bytes:
    """One admission ticket as a one-page A4 PDF."""
    return render_admission_tickets([content])
