"""办事指南: the checklist a kiosk prints for one business — the materials to bring, a box beside each
to tick at home, the key ones (关键材料, never 容缺) starred, then the time limit, who may apply and
the fees. An 80 mm roll like the queue slip (the kiosk's printer), as tall as its content.

Not an issued document: no serial, no QR — it carries information, not a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import Block, draw_text, rule, side_by_side, spacer, text_block, wrap
from desktop.documents.fonts import register_cjk_font
from desktop.documents.slip import CONTENT_WIDTH, MARGIN, ROLL_WIDTH, roll_pdf
from desktop.domain.catalog import PLATE_RULE, BusinessType, Catalog

KEY_MARK = "★"
BOX = 3.4 * mm  # the tick box, drawn (the font has no ☐)
BODY = 9.5
NOTE = 8.0


@dataclass(frozen=True)
class GuideMaterial:
    name: str
    key: bool  # 关键材料: must be in hand
    note: str = ""


@dataclass
class GuideContent:
    hall_name: str
    kind_name: str  # 机动车业务 / 驾驶证业务
    business: str
    group: str = ""
    description: str = ""
    materials: list[GuideMaterial] = field(default_factory=list)
    time_limit: str = ""
    agent: str = ""
    fees: list[str] = field(default_factory=list)
    printed_at: str = ""
    footer_lines: list[str] = field(default_factory=lambda: ["材料以窗口审核为准", "备齐材料后请取号，留意叫号屏和语音提示"])


def guide_content(catalog: Catalog, code: str, *, kind_name: str, hall_name: str = "",
                  printed_at: str = "") -> GuideContent:
    """A business of the catalogue as its guide: materials (key ones marked), time limit, who may
    apply, fees. Raises the catalogue's ValidationError for an unknown business."""
    b = catalog.business(code)
    return GuideContent(
        hall_name=hall_name, kind_name=kind_name, business=b.name, group=b.group, description=b.description,
        materials=[GuideMaterial(m.name, m.key, m.note) for m in b.materials], time_limit=time_limit_text(b),
        agent="可委托代理人办理（代理人带本人身份证明和委托书）" if b.agent_allowed else "须本人到场办理",
        fees=fee_texts(catalog, b), printed_at=printed_at)


def time_limit_text(b: BusinessType) -> str:
    return "当日办结" if b.time_limit_days == 0 else f"{b.time_limit_days}个工作日内办结"


def fee_texts(catalog: Catalog, b: BusinessType) -> list[str]:
    out = []
    for fee in b.fees:
        if fee.item == PLATE_RULE:  # priced by the 号牌种类, which a guide does not know
            out.append("号牌工本费（按号牌种类收取）")
            continue
        item = catalog.fee_items[fee.item]
        out.append(f"{item.name} {item.amount}元/{item.unit}" + (f" ×{fee.quantity}" if fee.quantity > 1 else ""))
    return out or ["不收费"]


def _material(font: str, m: GuideMaterial) -> Block:
    indent = BOX + 2.2 * mm
    mark_w = 4 * mm
    lead = BODY * 1.38
    name_lines = wrap(m.name, font, BODY, CONTENT_WIDTH - indent - mark_w)
    note_lines = wrap(m.note, font, NOTE, CONTENT_WIDTH - indent - mark_w) if m.note else []
    name = text_block(name_lines, font, BODY, MARGIN + indent + mark_w, leading=lead, bold=m.key)
    note = text_block(note_lines, font, NOTE, MARGIN + indent + mark_w, leading=NOTE * 1.35) if note_lines else None
    height = name.height + (note.height if note else 0) + 1.4 * mm

    def draw(c: Canvas, top: float) -> None:
        box_top = top - (lead - BOX) / 2
        c.saveState()
        c.setLineWidth(0.8)
        c.rect(MARGIN, box_top - BOX, BOX, BOX)
        c.restoreState()
        if m.key:
            draw_text(c, MARGIN + indent, top - lead + (lead - BODY) / 2 + BODY * 0.14, KEY_MARK, font, BODY)
        name.draw(c, top)
        if note is not None:
            note.draw(c, top - name.height)

    return Block(height, draw)


def _row(font: str, label: str, value: str) -> Block:
    label_w = 16 * mm
    lead = BODY * 1.4
    return side_by_side(
        text_block([label], font, BODY, MARGIN, leading=lead, bold=True),
        text_block(wrap(value, font, BODY, CONTENT_WIDTH - label_w), font, BODY, MARGIN + label_w, leading=lead),
    )


def _layout(content: GuideContent, font: str) -> list[Block]:
    mid = ROLL_WIDTH / 2
    blocks: list[Block] = [
        text_block(wrap(content.hall_name, font, 10.5, CONTENT_WIDTH), font, 10.5, mid, align="center"),
        text_block(["办事指南"], font, 15, mid, align="center", bold=True, space_before=1 * mm),
        rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm),
    ]
    kind = " · ".join(p for p in (content.kind_name, content.group) if p and p != content.business)
    if kind:
        blocks.append(text_block(wrap(kind, font, 9, CONTENT_WIDTH), font, 9, mid, align="center"))
    blocks.append(text_block(wrap(content.business, font, 17, CONTENT_WIDTH), font, 17, mid, align="center",
                             bold=True, leading=17 * 1.3, space_before=0.5 * mm))
    if content.description:
        blocks.append(text_block(wrap(content.description, font, NOTE + 0.5, CONTENT_WIDTH), font, NOTE + 0.5,
                                 MARGIN, leading=(NOTE + 0.5) * 1.4, space_before=1 * mm))
    blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm))
    heading = text_block(["请携带以下材料"], font, 11, MARGIN, bold=True, space_after=0.5 * mm)
    heading.keep_with_next = True
    blocks.append(heading)
    blocks.append(text_block([f"{KEY_MARK} 为必须提交的关键材料，其余视情况提交"], font, NOTE, MARGIN,
                             space_after=1.5 * mm))
    blocks += [_material(font, m) for m in content.materials]
    blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=2 * mm))
    for label, value in (("办结时限", content.time_limit), ("办理人", content.agent),
                         ("收费", "；".join(content.fees))):
        if value:
            blocks.append(_row(font, label, value))
    blocks.append(spacer(1.5 * mm))
    for line in content.footer_lines:
        blocks.append(text_block(wrap(line, font, 8.5, CONTENT_WIDTH), font, 8.5, mid, align="center"))
    blocks.append(rule(MARGIN, ROLL_WIDTH - MARGIN, dash=(2, 2), pad=1.5 * mm))
    if content.printed_at:
        blocks.append(text_block([f"打印时间 {content.printed_at}"], font, 8, MARGIN))
    return blocks


def render_guide(content: GuideContent) -> bytes:
    """The checklist as a one-page PDF, 80 mm wide and as tall as its content."""
    font = register_cjk_font()
    return roll_pdf(f"办事指南 {content.business}", content.hall_name, _layout(content, font))
