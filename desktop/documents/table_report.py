"""A4 list reports (提醒清单 such as 检验到期提醒): the office's name, a title and a subtitle, then a
ruled table whose header row repeats at the top of every page, highlighted rows (两客一危一货)
shaded and bold, long cells wrapped in their column, notes after the table, and on every page a foot
with the time generated, 第 n / N 页 and the serial. Landscape when there are many columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import Block, cells_row, draw_text, new_canvas, spacer, text_block, wrap
from desktop.documents.fonts import register_cjk_font

LANDSCAPE_FROM = 7  # columns; at seven and more a portrait column is too narrow for 检验有效期止
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 10 * mm
FOOT_H = 8 * mm  # the foot band above the bottom margin
BODY = 9.0
PAD_X, PAD_Y = 1.5 * mm, 1.0 * mm
HEADER_SHADE = (0.82, 0.82, 0.82)
HIGHLIGHT_SHADE = (0.9, 0.9, 0.9)
ALIGNS = ("left", "center", "right")


@dataclass
class TableReport:
    """A list to print; cells are plain text, already formatted and masked.

    columns: (header, width weight, align) with align left / center / right; the widths share the
    page's width in proportion to the weights. highlight_rows: indexes into rows drawn shaded and bold.
    """

    office_name: str
    title: str
    subtitle: str
    columns: list[tuple[str, float, str]]
    rows: list[list[str]]
    highlight_rows: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    generated_at: str = ""  # already formatted, e.g. "2026-11-26 09:41"
    serial: str = ""


@dataclass
class _Page:
    size: tuple[float, float]
    font: str
    widths: list[float]

    @property
    def content_w(self) -> float:
        return self.size[0] - 2 * MARGIN_X


def _boxed(row: Block, x0: float, widths: list[float], shade: tuple[float, float, float] | None) -> Block:
    """The row with a ruled box round each cell, the boxes filled first when shaded."""

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.4)
        if shade:
            c.setFillColorRGB(*shade)
        x = x0
        for width in widths:
            c.rect(x, top - row.height, width, row.height, stroke=1, fill=1 if shade else 0)
            x += width
        c.restoreState()
        row.draw(c, top)

    return Block(row.height, draw)


def _table(report: TableReport, page: _Page) -> tuple[Block, list[Block]]:
    """The header row and the body rows (a single 无记录 row for an empty list)."""
    aligns = [align for _, _, align in report.columns]
    header = _boxed(cells_row([h for h, _, _ in report.columns], MARGIN_X, page.widths, ["center"] * len(aligns),
                              page.font, BODY, bold=True, pad_x=PAD_X, pad_y=PAD_Y), MARGIN_X, page.widths,
                    HEADER_SHADE)
    if not report.rows:
        empty = cells_row(["（无记录）"], MARGIN_X, [page.content_w], ["center"], page.font, BODY, pad_y=PAD_Y)
        return header, [_boxed(empty, MARGIN_X, [page.content_w], None)]
    rows = []
    for i, cells in enumerate(report.rows):
        if len(cells) != len(aligns):
            raise ValueError(f"row {i} has {len(cells)} cells for {len(aligns)} columns")
        marked = i in report.highlight_rows
        text = cells_row([str(cell) for cell in cells], MARGIN_X, page.widths, aligns, page.font, BODY, bold=marked,
                         pad_x=PAD_X, pad_y=PAD_Y)
        rows.append(_boxed(text, MARGIN_X, page.widths, HIGHLIGHT_SHADE if marked else None))
    return header, rows


def _first_header(report: TableReport, page: _Page) -> list[Block]:
    mid, width, font = page.size[0] / 2, page.content_w, page.font
    blocks = [
        text_block(wrap(report.office_name, font, 11, width), font, 11, mid, align="center"),
        text_block(wrap(report.title, font, 16, width), font, 16, mid, align="center", bold=True,
                   space_before=1 * mm, space_after=1 * mm),
    ]
    if report.subtitle:
        blocks.append(text_block(wrap(report.subtitle, font, 10, width), font, 10, MARGIN_X, space_after=1.5 * mm))
    return blocks


def _continuation_header(report: TableReport, page: _Page) -> Block:
    """A later page's top line: the title（续）left, the office right."""
    size = 9.0
    right = page.size[0] - MARGIN_X

    def draw(c: Canvas, top: float) -> None:
        draw_text(c, MARGIN_X, top - size, f"{report.title}（续）", page.font, size)
        draw_text(c, right, top - size, report.office_name, page.font, size, align="right")

    return Block(size + 2 * mm, draw)


def _notes(report: TableReport, page: _Page) -> list[Block]:
    size, font = 9.0, page.font
    blocks: list[Block] = [spacer(2 * mm)]
    for note in report.notes:
        blocks.append(text_block(wrap(note, font, size, page.content_w), font, size, MARGIN_X, leading=size * 1.5))
    return blocks


def _paginate(report: TableReport, page: _Page) -> list[list[Block]]:
    """Blocks grouped into pages. A row never splits; every page that holds rows starts the table
    with its header row; the notes follow the last row, on a page of their own if need be."""
    usable = page.size[1] - MARGIN_TOP - MARGIN_BOTTOM - FOOT_H
    header, rows = _table(report, page)
    continuation = _continuation_header(report, page)
    pages: list[list[Block]] = [[*_first_header(report, page), header]]
    left = usable - sum(b.height for b in pages[0])
    for row in rows:
        if row.height > left and len(pages[-1]) > 2:  # a row taller than a page overflows, alone
            pages.append([continuation, header])
            left = usable - continuation.height - header.height
        pages[-1].append(row)
        left -= row.height
    for note in _notes(report, page) if report.notes else []:
        if note.height > left:
            pages.append([continuation])
            left = usable - continuation.height
        pages[-1].append(note)
        left -= note.height
    return pages


def _draw_foot(c: Canvas, report: TableReport, page: _Page, number: int, count: int) -> None:
    size, width = 8.5, page.size[0]
    top = MARGIN_BOTTOM + FOOT_H
    c.saveState()
    c.setLineWidth(0.5)
    c.line(MARGIN_X, top - 1.5 * mm, width - MARGIN_X, top - 1.5 * mm)
    c.restoreState()
    y = MARGIN_BOTTOM + 1 * mm
    if report.generated_at:
        draw_text(c, MARGIN_X, y, f"生成时间：{report.generated_at}", page.font, size)
    draw_text(c, width / 2, y, f"第 {number} / {count} 页", page.font, size, align="center")
    if report.serial:
        draw_text(c, width - MARGIN_X, y, f"编号：{report.serial}", page.font, size, align="right")


def render_table_report(report: TableReport) -> bytes:
    """The report as an A4 PDF: portrait for up to six columns, landscape from seven.

    ValueError when there are no columns, an align is unknown or a row's cell count is wrong."""
    if not report.columns:
        raise ValueError("a table report needs at least one column")
    if bad := [a for _, _, a in report.columns if a not in ALIGNS]:
        raise ValueError(f"unknown column align {bad[0]!r}; use one of {ALIGNS}")
    size = landscape(A4) if len(report.columns) >= LANDSCAPE_FROM else A4
    weights = [max(float(w), 0.01) for _, w, _ in report.columns]
    content_w = size[0] - 2 * MARGIN_X
    page = _Page(size, register_cjk_font(), [content_w * w / sum(weights) for w in weights])
    pages = _paginate(report, page)

    c, buf = new_canvas(report.title, report.office_name, size)
    for number, blocks in enumerate(pages, 1):
        top = size[1] - MARGIN_TOP
        for block in blocks:
            block.draw(c, top)
            top -= block.height
        _draw_foot(c, report, page, number, len(pages))
        c.showPage()
    c.save()
    return buf.getvalue()
