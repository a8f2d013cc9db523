"""收费收据: the 80 mm fee receipt of a case, laid out like the queue slip (slip.py) and built from
its pieces: office name and title, the fields, a ruled fee table (项目 │ 数量 │ 金额), the total in
bold with the amount in words (人民币大写), the clerk, the signed QR with 扫码验真, notes, and the
serial and time at the foot. Black only (thermal printer); the page is as tall as its content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.units import mm

from desktop.documents.drawing import Block, cells_row, rule, spacer, text_block, wrap
from desktop.documents.fonts import register_cjk_font
from desktop.documents.money import amount_in_words, format_yuan, to_fen
from desktop.documents.slip import CONTENT_WIDTH, MARGIN, ROLL_WIDTH, roll_pdf
from desktop.documents.slip import _fields_block as fields_blocks
from desktop.documents.slip import _foot_block as foot_block
from desktop.documents.slip import _qr_block as qr_block

BODY = 9.5
TOTAL = 12.0
# 项目 │ 数量 │ 金额: the amount column holds ¥99,999.00 at BODY size with its padding.
COLUMNS = (CONTENT_WIDTH - 11 * mm - 22 * mm, 11 * mm, 22 * mm)
ALIGNS = ["left", "center", "right"]
PAD_X = 1.2 * mm


@dataclass(frozen=True)
class FeeLineText:
    """One fee item as printed: 号牌 ×1 ¥100.00. `amount` is quantity × unit_amount, in yuan."""

    name: str
    quantity: int
    unit_amount: Decimal
    amount: Decimal


@dataclass(kw_only=True)
class ReceiptContent:
    """What goes on a receipt; plain text, the payer already masked. The lines must add up to the
    total (a receipt that does not is refused rather than printed)."""

    office_name: str
    title: str = "收费收据"
    payer: str
    case_no: str
    business: str
    lines: list[FeeLineText]
    total: Decimal
    paid_by: str = ""  # 缴费方式, e.g. 微信 / 现金; left out when empty
    clerk: str = ""
    qr_payload: str | None = None
    serial: str = ""
    issued_at: str = ""  # already formatted, e.g. "2026-11-26 09:41"
    notes: list[str] = field(default_factory=list)


def _hline(width: float, dash: tuple[float, float] | None = None) -> Block:
    return rule(MARGIN, ROLL_WIDTH - MARGIN, width=width, dash=dash, pad=0.0)


def _fee_table(font: str, lines: list[FeeLineText]) -> list[Block]:
    """The fee items between a heavy rule above and a light one under the header; dotted between rows."""
    blocks = [_hline(0.9), cells_row(["项目", "数量", "金额"], MARGIN, list(COLUMNS), ALIGNS, font, BODY,
                                     bold=True, pad_x=PAD_X), _hline(0.5)]
    for i, line in enumerate(lines):
        name = line.name if line.quantity == 1 else f"{line.name}\n单价 {format_yuan(line.unit_amount)}"
        if i:
            blocks.append(_hline(0.3, dash=(1, 1.5)))
        blocks.append(cells_row([name, str(line.quantity), format_yuan(line.amount)], MARGIN, list(COLUMNS),
                                ALIGNS, font, BODY, pad_x=PAD_X))
    return blocks


def _total(font: str, total: Decimal) -> list[Block]:
    """合计 in bold at the size of the amount, then 大写 under it; a heavy rule closes the table."""
    widths = [CONTENT_WIDTH - COLUMNS[2] - 8 * mm, COLUMNS[2] + 8 * mm]  # room for ¥1,234,567.00
    words = cells_row(["大写", f"人民币{amount_in_words(total)}"], MARGIN, [12 * mm, CONTENT_WIDTH - 12 * mm],
                      ["left", "left"], font, BODY, pad_x=PAD_X, pad_y=1.2 * mm)
    return [
        _hline(0.9),
        cells_row(["合计", format_yuan(total)], MARGIN, widths, ["left", "right"], font, TOTAL, bold=True,
                  pad_x=PAD_X, pad_y=1.6 * mm),
        words,
        spacer(1.5 * mm),
        _hline(0.9),
    ]


def _layout(content: ReceiptContent, font: str) -> list[Block]:
    mid = ROLL_WIDTH / 2
    head = [("交款人", content.payer), ("受理编号", content.case_no), ("业务", content.business)]
    if content.paid_by:
        head.append(("缴费方式", content.paid_by))
    blocks: list[Block] = [
        text_block(wrap(content.office_name, font, 10.5, CONTENT_WIDTH), font, 10.5, mid, align="center"),
        text_block(wrap(content.title, font, 15, CONTENT_WIDTH), font, 15, mid, align="center", bold=True,
                   space_before=1 * mm),
        rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm),
        *fields_blocks(font, head),
        spacer(2 * mm),
    ]
    if content.lines:
        blocks += _fee_table(font, content.lines)
    blocks += _total(font, content.total)
    if content.clerk:
        blocks += [spacer(1 * mm), *fields_blocks(font, [("收款人", content.clerk)])]
    blocks.append(spacer(3 * mm))
    if content.qr_payload:
        blocks += [qr_block(content.qr_payload, font), spacer(2 * mm)]
    for note in content.notes:
        blocks.append(text_block(wrap(note, font, 8.5, CONTENT_WIDTH), font, 8.5, mid, align="center"))
    blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=1.5 * mm))
    blocks.append(foot_block(font, content.serial, content.issued_at))
    return blocks


def render_receipt(content: ReceiptContent) -> bytes:
    """The receipt as a one-page PDF, 80 mm wide and as tall as its content.

    ValueError when the total is negative or the lines do not add up to it (to the fen)."""
    total = to_fen(content.total)
    if content.lines and sum((to_fen(line.amount) for line in content.lines), Decimal(0)) != total:
        raise ValueError(f"收费明细合计与收据金额不符 / the fee lines do not add up to {format_yuan(total)}")
    font = register_cjk_font()
    blocks = _layout(content, font)  # amount_in_words refuses a negative total here
    return roll_pdf(content.title, content.office_name, blocks)
