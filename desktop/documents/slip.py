"""The 80 mm roll slip: queue tickets (排队号票) and fee receipts (收费收据).

Thermal printers print black only, so everything is black and the hierarchy is made by size:
hall name, title, the big number or amount, the fields, the QR with 扫码验真, serial and time.
The page is as tall as its content, so the printer feeds no blank paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import (
    Block,
    draw_text,
    new_canvas,
    rule,
    side_by_side,
    spacer,
    text_block,
    text_width,
    wrap,
)
from desktop.documents.fonts import register_cjk_font
from desktop.documents.qr import draw_qr

ROLL_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT_WIDTH = ROLL_WIDTH - 2 * MARGIN
QR_SIZE = 30 * mm  # ≈0.73 mm per module at version 4 with its quiet zone: easy for a cheap scanner
BIG_TEXT_MAX = 46.0  # points; a ticket number such as A023 is about 28 mm wide at this size


@dataclass
class SlipContent:
    """What goes on a slip; plain text, already masked where it holds personal data."""

    hall_name: str
    title: str
    big_text: str  # the ticket number ("A023") or the amount ("¥ 25.00")
    fields: list[tuple[str, str]] = field(default_factory=list)
    qr_payload: str | None = None
    serial: str = ""
    issued_at: str = ""  # already formatted, e.g. "2026-11-26 09:41"
    footer_lines: list[str] = field(default_factory=list)


def _fields_block(font: str, fields: list[tuple[str, str]]) -> list[Block]:
    """label │ value rows; the label column is as wide as the longest label (at most 42 %)."""
    size, lead = 9.5, 9.5 * 1.4
    widest = max(text_width(label, font, size) for label, _ in fields)
    label_w = min(widest + 2.5 * mm, CONTENT_WIDTH * 0.42)
    return [
        side_by_side(
            text_block(wrap(label, font, size, label_w - 2 * mm), font, size, MARGIN, leading=lead),
            text_block(wrap(value, font, size, CONTENT_WIDTH - label_w), font, size, MARGIN + label_w, leading=lead),
        )
        for label, value in fields
    ]


def _qr_block(payload: str, font: str) -> Block:
    caption = 9.0
    # The caption's baseline sits 5 pt below the bitmap, so its glyphs reach at most one module into
    # the four-module quiet zone (the standard's margin) that the bitmap itself carries.
    baseline_drop = 5.0

    def draw(c: Canvas, top: float) -> None:
        x = (ROLL_WIDTH - QR_SIZE) / 2
        draw_qr(c, payload, x, top - QR_SIZE, QR_SIZE)
        draw_text(c, ROLL_WIDTH / 2, top - QR_SIZE - baseline_drop, "扫码验真", font, caption, align="center")

    return Block(QR_SIZE + baseline_drop + caption * 0.3, draw)


def _foot_block(font: str, serial: str, issued_at: str) -> Block:
    size = 8.0
    left, right = f"编号 {serial}" if serial else "", issued_at
    one_line = text_width(left + "  " + right, font, size) <= CONTENT_WIDTH
    lines = 1 if one_line or not (left and right) else 2
    lead = size * 1.4

    def draw(c: Canvas, top: float) -> None:
        y = top - lead + (lead - size) / 2 + size * 0.14
        if one_line:
            draw_text(c, MARGIN, y, left, font, size)
            draw_text(c, ROLL_WIDTH - MARGIN, y, right, font, size, align="right")
        else:
            draw_text(c, MARGIN, y, left, font, size)
            draw_text(c, MARGIN, y - lead, right, font, size)

    return Block(lines * lead, draw)


def _layout(content: SlipContent, font: str) -> list[Block]:
    mid = ROLL_WIDTH / 2
    blocks: list[Block] = [
        text_block(wrap(content.hall_name, font, 10.5, CONTENT_WIDTH), font, 10.5, mid, align="center"),
        text_block(
            wrap(content.title, font, 15, CONTENT_WIDTH), font, 15, mid, align="center", bold=True, space_before=1 * mm
        ),
        rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm),
    ]
    if content.big_text:
        # As large as fits the roll: a long amount shrinks, a ticket number stays huge.
        natural = text_width(content.big_text, font, BIG_TEXT_MAX)
        big = min(BIG_TEXT_MAX, BIG_TEXT_MAX * CONTENT_WIDTH / max(natural, 1))
        blocks.append(text_block([content.big_text], font, big, mid, align="center", bold=True, leading=big * 1.15))
        blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm))
    if content.fields:
        blocks += _fields_block(font, content.fields)
        blocks.append(spacer(2 * mm))
    if content.qr_payload:
        blocks.append(_qr_block(content.qr_payload, font))
        blocks.append(spacer(2 * mm))
    for line in content.footer_lines:
        blocks.append(text_block(wrap(line, font, 8.5, CONTENT_WIDTH), font, 8.5, mid, align="center"))
    blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=1.5 * mm))
    blocks.append(_foot_block(font, content.serial, content.issued_at))
    return blocks


def render_slip(content: SlipContent) -> bytes:
    """The slip as a one-page PDF, 80 mm wide and as tall as its content."""
    font = register_cjk_font()
    return roll_pdf(content.title, content.hall_name, _layout(content, font))


def roll_pdf(title: str, author: str, blocks: list[Block]) -> bytes:
    """Blocks stacked on one page of the 80 mm roll, as tall as they are (slips, receipts, guides)."""
    height = 2 * MARGIN + sum(b.height for b in blocks)
    c, buf = new_canvas(title, author, (ROLL_WIDTH, height))
    top = height - MARGIN
    for block in blocks:
        block.draw(c, top)
        top -= block.height
    c.showPage()
    c.save()
    return buf.getvalue()
