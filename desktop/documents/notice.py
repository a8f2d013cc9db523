"""A4 notices: 受理凭证, 容缺受理通知书, 准考证 — laid out like the office's paper forms.

The office's name and the title head the page with the signed QR top right; a ruled two-column
table of fields; the materials with ✓ / 容缺; the deadline in bold; notes; and on every page a foot
with the clerk, the time and the serial. Long content flows onto further pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import (
    Block,
    draw_text,
    new_canvas,
    side_by_side,
    spacer,
    text_block,
    text_width,
    wrap,
)
from desktop.documents.fonts import register_cjk_font
from desktop.documents.qr import draw_qr

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 15 * mm
FOOT_H = 16 * mm  # the foot band above the bottom margin
MARGIN_BOTTOM = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
QR_SIZE = 27 * mm
LABEL_W = 38 * mm  # the field table's label column
BODY = 11.0
SHADE = (0.93, 0.93, 0.93)
MISSING = "容缺"


@dataclass
class NoticeContent:
    """What goes on a notice; plain text, personal data already masked where the purpose allows.

    materials: (name, status) where status is "✓" (received) or "容缺" (accepted missing) or any
    short word; deadline: the whole sentence, printed in bold, e.g. "请于2026年12月10日前补交容缺材料".
    """

    office_name: str
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    materials: list[tuple[str, str]] = field(default_factory=list)
    deadline: str | None = None
    notes: list[str] = field(default_factory=list)
    qr_payload: str | None = None
    serial: str = ""
    clerk: str = ""
    issued_at: str = ""


def _cell_text(lines: list[str], x: float, font: str, size: float, *, align: str, bold: bool) -> Block:
    pad = 1.6 * mm
    return text_block(lines, font, size, x, leading=size * 1.45, align=align, bold=bold, space_before=pad, space_after=pad)


def _table_row(font: str, columns: list[tuple[float, list[str], str, bool, bool]]) -> Block:
    """One ruled table row. columns: (width, lines, align, bold, shaded) from left to right."""
    x = MARGIN_X
    cells: list[tuple[float, float, bool]] = []
    texts: list[Block] = []
    for width, lines, align, bold, shaded in columns:
        anchor = {"left": x + 2 * mm, "center": x + width / 2, "right": x + width - 2 * mm}[align]
        texts.append(_cell_text(lines, anchor, font, BODY, align=align, bold=bold))
        cells.append((x, width, shaded))
        x += width
    content = side_by_side(*texts)

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.6)
        for cx, width, shaded in cells:
            if shaded:
                c.setFillColorRGB(*SHADE)
            c.rect(cx, top - content.height, width, content.height, stroke=1, fill=1 if shaded else 0)
        c.restoreState()
        content.draw(c, top)

    return Block(content.height, draw)


def _fields_table(font: str, fields: list[tuple[str, str]]) -> list[Block]:
    value_w = CONTENT_W - LABEL_W
    return [
        _table_row(
            font,
            [
                (LABEL_W, wrap(label, font, BODY, LABEL_W - 4 * mm), "left", False, True),
                (value_w, wrap(value, font, BODY, value_w - 4 * mm), "left", False, False),
            ],
        )
        for label, value in fields
    ]


def _materials_table(font: str, materials: list[tuple[str, str]]) -> list[Block]:
    no_w, status_w = 14 * mm, 26 * mm
    name_w = CONTENT_W - no_w - status_w
    rows = [
        _table_row(
            font,
            [
                (no_w, ["序号"], "center", True, True),
                (name_w, ["材料名称"], "left", True, True),
                (status_w, ["状态"], "center", True, True),
            ],
        )
    ]
    header = rows[0]
    header.keep_with_next = True
    for number, (name, status) in enumerate(materials, 1):
        rows.append(
            _table_row(
                font,
                [
                    (no_w, [str(number)], "center", False, False),
                    (name_w, wrap(name, font, BODY, name_w - 4 * mm), "left", False, False),
                    (status_w, wrap(status, font, BODY, status_w - 4 * mm), "center", status == MISSING, False),
                ],
            )
        )
        rows[-1].repeat_on_new_page = header
    return rows


def _heading(font: str, text: str) -> Block:
    block = text_block([text], font, 12.5, MARGIN_X, bold=True, space_before=5 * mm, space_after=1.5 * mm)
    block.keep_with_next = True
    return block


def _deadline(font: str, text: str) -> list[Block]:
    size = 12.5
    lines = wrap(text, font, size, CONTENT_W - 8 * mm)
    inner = text_block(lines, font, size, MARGIN_X + 4 * mm, bold=True, space_before=2.5 * mm, space_after=2.5 * mm)

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(1.2)
        c.rect(MARGIN_X, top - inner.height, CONTENT_W, inner.height)
        c.restoreState()
        inner.draw(c, top)

    return [spacer(5 * mm), Block(inner.height, draw)]


def _notes(font: str, notes: list[str]) -> list[Block]:
    size, indent = 10.5, 7 * mm
    blocks = [_heading(font, "注意事项")]
    for number, note in enumerate(notes, 1):
        blocks.append(
            side_by_side(
                text_block([f"{number}."], font, size, MARGIN_X, leading=size * 1.5),
                text_block(
                    wrap(note, font, size, CONTENT_W - indent), font, size, MARGIN_X + indent, leading=size * 1.5
                ),
            )
        )
    return blocks


def _header(content: NoticeContent, font: str) -> Block:
    """Office name and title centred on the page (clear of the QR), the QR top right, a double rule."""
    side = QR_SIZE + 3 * mm if content.qr_payload else 0.0
    title_w = CONTENT_W - 2 * side
    office = wrap(content.office_name, font, 13, title_w)
    title_size = min(21.0, 21.0 * title_w / max(text_width(content.title, font, 21.0), 1))
    text_h = len(office) * 13 * 1.4 + 4 * mm + title_size * 1.3
    qr_h = QR_SIZE + 4 * mm if content.qr_payload else 0.0
    body_h = max(text_h, qr_h)
    height = body_h + 4 * mm

    def draw(c: Canvas, top: float) -> None:
        mid = PAGE_W / 2
        shift = (body_h - text_h) / 2  # centre the two text lines beside the QR
        text_block(office, font, 13, mid, align="center", space_before=shift).draw(c, top)
        title_top = top - shift - len(office) * 13 * 1.4 - 4 * mm
        title = text_block([content.title], font, title_size, mid, align="center", bold=True, leading=title_size * 1.3)
        title.draw(c, title_top)
        if content.qr_payload:
            x = PAGE_W - MARGIN_X - QR_SIZE
            draw_qr(c, content.qr_payload, x, top - QR_SIZE, QR_SIZE)
            draw_text(c, x + QR_SIZE / 2, top - QR_SIZE - 3 * mm, "扫码验真", font, 8.5, align="center")
        c.saveState()
        y = top - body_h - 1.5 * mm
        c.setLineWidth(1.6)
        c.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, y - 1.2 * mm, PAGE_W - MARGIN_X, y - 1.2 * mm)
        c.restoreState()

    return Block(height, draw)


def _continuation_header(content: NoticeContent, font: str) -> Block:
    def draw(c: Canvas, top: float) -> None:
        draw_text(c, MARGIN_X, top - 10, f"{content.title}（续）", font, 10)
        if content.serial:
            draw_text(c, PAGE_W - MARGIN_X, top - 10, f"编号：{content.serial}", font, 10, align="right")
        c.setLineWidth(0.5)
        c.line(MARGIN_X, top - 14, PAGE_W - MARGIN_X, top - 14)

    return Block(20, draw)


def _draw_foot(c: Canvas, content: NoticeContent, font: str, page: int, pages: int) -> None:
    size = 10.0
    top = MARGIN_BOTTOM + FOOT_H
    c.saveState()
    c.setLineWidth(0.6)
    c.line(MARGIN_X, top - 2 * mm, PAGE_W - MARGIN_X, top - 2 * mm)
    c.restoreState()
    y = top - 2 * mm - 6 * mm
    parts = []
    if content.clerk:
        parts.append(f"经办人：{content.clerk}")
    if content.issued_at:
        parts.append(f"签发时间：{content.issued_at}")
    left = "    ".join(parts)
    draw_text(c, MARGIN_X, y, left, font, size)
    if content.serial:
        draw_text(c, PAGE_W - MARGIN_X, y, f"编号：{content.serial}", font, size, align="right")
    if pages > 1:
        draw_text(c, PAGE_W / 2, y - 5.5 * mm, f"第 {page} 页 / 共 {pages} 页", font, 9, align="center")


def _paginate(first: Block, rest: list[Block], continuation: Block) -> list[list[Block]]:
    """Blocks grouped into pages; a block never splits, a heading stays with what follows it."""
    usable = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - FOOT_H
    pages: list[list[Block]] = [[first]]
    left = usable - first.height
    for i, block in enumerate(rest):
        # A chain of keep-with-next blocks moves as one with the block after it.
        j, need = i, block.height
        while rest[j].keep_with_next and j + 1 < len(rest):
            j += 1
            need += rest[j].height
        if need > left and len(pages[-1]) > 1:
            pages.append([continuation])
            left = usable - continuation.height
            if block.repeat_on_new_page is not None:
                pages[-1].append(block.repeat_on_new_page)
                left -= block.repeat_on_new_page.height
        pages[-1].append(block)
        left -= block.height
    return pages


def render_notice(content: NoticeContent) -> bytes:
    """The notice as an A4 PDF (one page for ordinary content; more when the lists are long)."""
    font = register_cjk_font()
    body: list[Block] = [spacer(3 * mm)]
    body += _fields_table(font, content.fields)
    if content.materials:
        body.append(_heading(font, "申请材料"))
        body += _materials_table(font, content.materials)
    if content.deadline:
        body += _deadline(font, content.deadline)
    if content.notes:
        body += _notes(font, content.notes)
    pages = _paginate(_header(content, font), body, _continuation_header(content, font))

    c, buf = new_canvas(content.title, content.office_name, A4)
    for number, blocks in enumerate(pages, 1):
        top = PAGE_H - MARGIN_TOP
        for block in blocks:
            block.draw(c, top)
            top -= block.height
        _draw_foot(c, content, font, number, len(pages))
        c.showPage()
    c.save()
    return buf.getvalue()
