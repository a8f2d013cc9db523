"""The A4 tally report (统计报表, document kind TR): the title, the headline figures in large type with
their 同比/环比, charts (vehicle business by type, the daily volume, this period against the same
period a year before), then one ruled table per section whose header row repeats on every page it
runs onto. Charts are reportlab.graphics drawings placed on the canvas, labelled in the bundled font.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.drawing import Block, cells_row, draw_text, new_canvas, spacer, text_block, text_width, wrap
from desktop.documents.fonts import register_cjk_font
from desktop.documents.qr import draw_qr
from desktop.domain.tallies import Headline, MonthTally, Section
from desktop.exports.tables import display_width
from desktop.exports.tally_files import key_width, period_label

PAGE_W, PAGE_H = A4
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 10 * mm
FOOT_H = 8 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
QR_SIZE = 24 * mm
CARDS_PER_ROW = 3
HEADER_SHADE = (0.82, 0.85, 0.9)
TOTAL_SHADE = (0.93, 0.93, 0.93)
UP, DOWN, FLAT = colors.HexColor("#B3261E"), colors.HexColor("#1E7B34"), colors.HexColor("#555555")
SERIES = [colors.HexColor("#2F5597"), colors.HexColor("#ED7D31"), colors.HexColor("#70AD47")]
LAST_YEAR, THIS_PERIOD = colors.HexColor("#A6A6A6"), colors.HexColor("#2F5597")
MAX_COLUMNS = 11  # a wider section (a merged tally's) is printed as several tables
MAX_BARS = 14  # business types in the bar chart; the rest are in the table
_TOTAL_KEYS = ("合计", "小计", "总计")


def fmt(value: object, *, places: bool = False) -> str:
    """A figure as printed: counts whole, other numbers to two places (with places, every float:
    a table column of rates reads 80.00 / 83.75), nothing as —."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and not places else f"{value:.2f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _change_color(text: str):
    return UP if text.startswith("上升") else DOWN if text.startswith("下降") else FLAT


def report_title(tally: MonthTally) -> str:
    return f"{tally.hall_name} {period_label(tally)} 业务统计"


# ---- header, headline cards ------------------------------------------------------------------------

def _header(tally: MonthTally, font: str, qr_payload: str | None) -> Block:
    width = CONTENT_W - (2 * (QR_SIZE + 2 * mm) if qr_payload else 0)
    mid = PAGE_W / 2
    title = wrap(report_title(tally), font, 18, width)
    if tally.month is None:
        span = f"统计期间：{tally.year}-01-01 至 {tally.year}-12-31"
    else:
        last = tally.daily[-1][0].isoformat() if tally.daily else ""
        span = f"统计期间：{tally.year}-{tally.month:02d}-01" + (f" 至 {last}" if last else "")
    sub = f"{span}　　大厅代码：{tally.hall_code}　　生成时间：{tally.generated_at:%Y-%m-%d %H:%M}"
    blocks = [text_block(["统计报表"], font, 10, mid, align="center"),
              text_block(title, font, 18, mid, align="center", bold=True, space_before=1 * mm),
              text_block(wrap(sub, font, 8.5, width), font, 8.5, mid, align="center", space_before=1 * mm,
                         space_after=2 * mm)]
    height = max(sum(b.height for b in blocks), QR_SIZE + 5 * mm if qr_payload else 0)

    def draw(c: Canvas, top: float) -> None:
        y = top
        for b in blocks:
            b.draw(c, y)
            y -= b.height
        if qr_payload:
            x = PAGE_W - MARGIN_X - QR_SIZE
            draw_qr(c, qr_payload, x, top - QR_SIZE, QR_SIZE)
            draw_text(c, x + QR_SIZE / 2, top - QR_SIZE - 3.5 * mm, "扫码验真", font, 7.5, align="center")
        c.saveState()
        c.setLineWidth(0.8)
        c.line(MARGIN_X, top - height + 0.5 * mm, PAGE_W - MARGIN_X, top - height + 0.5 * mm)
        c.restoreState()

    return Block(height + 2 * mm, draw)


def _card(h: Headline, font: str, x: float, top: float, w: float, hgt: float, c: Canvas) -> None:
    c.saveState()
    c.setFillColorRGB(0.955, 0.965, 0.98)
    c.setStrokeColorRGB(0.75, 0.79, 0.86)
    c.setLineWidth(0.5)
    c.roundRect(x, top - hgt, w, hgt, 2 * mm, stroke=1, fill=1)
    c.setFillColorRGB(0.3, 0.3, 0.3)
    draw_text(c, x + 3 * mm, top - 5 * mm, h.label, font, 9)
    c.setFillColorRGB(0.08, 0.17, 0.36)
    value = fmt(h.value)
    size = 22.0
    while size > 12 and text_width(value, font, size) + text_width(h.unit, font, 10) + 8 * mm > w:
        size -= 1
    draw_text(c, x + 3 * mm, top - 13.5 * mm, value, font, size, bold=True)
    c.setFillColorRGB(0.3, 0.3, 0.3)
    draw_text(c, x + 3 * mm + text_width(value, font, size) + 1.2 * mm, top - 13.5 * mm, h.unit, font, 9.5)
    for i, (name, ch) in enumerate((("同比", h.yoy), ("环比", h.mom))):
        y = top - 19 * mm - i * 4.2 * mm
        c.setFillColorRGB(0.35, 0.35, 0.35)
        draw_text(c, x + 3 * mm, y, name, font, 8.5)
        c.setFillColor(_change_color(ch.text))
        draw_text(c, x + 3 * mm + text_width(name, font, 8.5) + 1.5 * mm, y, ch.text, font, 8.5)
    c.restoreState()


def _cards(tally: MonthTally, font: str) -> list[Block]:
    gap, hgt = 3 * mm, 27 * mm
    w = (CONTENT_W - gap * (CARDS_PER_ROW - 1)) / CARDS_PER_ROW
    blocks = []
    headlines = list(tally.headlines)
    for start in range(0, len(headlines), CARDS_PER_ROW):
        row = headlines[start:start + CARDS_PER_ROW]

        def draw(c: Canvas, top: float, row=row) -> None:
            for i, h in enumerate(row):
                _card(h, font, MARGIN_X + i * (w + gap), top, w, hgt, c)

        blocks.append(Block(hgt + gap, draw))
    return blocks


# ---- charts ------------------------------------------------------------------------------------------

def _drawing_block(d: Drawing) -> Block:
    return Block(d.height, lambda c, top: renderPDF.draw(d, c, MARGIN_X, top - d.height))


def _chart_title(d: Drawing, text: str, font: str) -> None:
    d.add(String(0, d.height - 11, text, fontName=font, fontSize=10.5, fillColor=colors.black))


def _legend(d: Drawing, x: float, y: float, items: Sequence[tuple[object, str]], font: str) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax, legend.dxTextSpace = 60, 3
    legend.boxAnchor = "ne"
    legend.dx = legend.dy = 7
    legend.colorNamePairs = list(items)
    d.add(legend)


def _figure_column(section: Section, word: str) -> int | None:
    """The column of `word` (受理): its own header, else its 合计 in a merged tally."""
    for i, h in enumerate(section.headers):
        if h == word:
            return i
    for i, h in enumerate(section.headers):
        if h.startswith(word) and h.endswith("合计"):
            return i
    return None


def vehicle_section(tally: MonthTally) -> Section | None:
    for s in tally.sections:
        if s.key.startswith("vehicle") or "机动车" in s.title:
            return s
    return None


def _business_chart(tally: MonthTally, font: str) -> Block | None:
    """Vehicle business by type: accepted and completed, one horizontal bar pair a type."""
    section = vehicle_section(tally)
    if section is None or not section.rows:
        return None
    columns = [(word, i) for word in ("受理", "办结") if (i := _figure_column(section, word)) is not None]
    if not columns:
        columns = [(section.headers[1], 1)] if len(section.headers) > 1 else []
    rows = [r for r in section.rows if str(r[0]) not in _TOTAL_KEYS]
    if not columns or not rows:
        return None

    def num(v: object) -> float:
        return float(v) if isinstance(v, int | float | Decimal) and not isinstance(v, bool) else 0.0

    rows = sorted(rows, key=lambda r: -num(r[columns[0][1]]))[:MAX_BARS]
    labels = [str(r[0]) for r in rows]
    data = [[num(r[i]) for r in rows] for _, i in columns]
    label_w = min(48 * mm, max(text_width(t, font, 8) for t in labels) + 4 * mm)
    bar_h = 5.2 * mm if len(columns) > 1 else 3.6 * mm
    plot_h = max(20 * mm, bar_h * len(rows))
    d = Drawing(CONTENT_W, plot_h + 17 * mm)
    _chart_title(d, section.title if "按" in section.title else f"{section.title}（按业务类型）", font)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 9 * mm
    chart.width, chart.height = CONTENT_W - label_w - 14 * mm, plot_h
    chart.data = data[::-1]  # a group's first series is drawn lowest: 受理 on top reads first
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.reverseDirection = 1  # the largest on top
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 8
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -3
    top = max((max(series) for series in data), default=0)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1.0, top * 1.12)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 7
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = 1, colors.HexColor("#DDDDDD")
    chart.valueAxis.labelTextFormat = lambda v: fmt(float(v))
    chart.barLabelFormat = lambda v: fmt(float(v))
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 6.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 2
    chart.groupSpacing, chart.barSpacing = 2.5, 0.5
    for n in range(len(columns)):
        chart.bars[len(columns) - 1 - n].fillColor, chart.bars[len(columns) - 1 - n].strokeColor = SERIES[n], None
    d.add(chart)
    _legend(d, CONTENT_W - 4 * mm, d.height - 1, [(SERIES[n], w) for n, (w, _) in enumerate(columns)], font)
    return _drawing_block(d)


DAILY_SERIES = ("机动车业务", "驾驶证业务", "取号")


def _daily_chart(tally: MonthTally, font: str) -> Block | None:
    """The daily volume: vehicle cases, driver cases and tickets, a line each."""
    if not tally.daily:
        return None
    days = [d for d, *_ in tally.daily]
    data = [[float(row[k]) for row in tally.daily] for k in (1, 2, 3)]
    d = Drawing(CONTENT_W, 62 * mm)
    _chart_title(d, "每日业务量" + ("（按日）" if tally.month else "（全年，按日）"), font)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 9 * mm
    chart.width, chart.height = CONTENT_W - 16 * mm, d.height - 19 * mm
    chart.data = data
    if tally.month is None:  # a year: a label on the first of each month
        names = [f"{day.month}月" if day.day == 1 else "" for day in days]
    else:
        step = 1 if len(days) <= 16 else 2
        names = [str(day.day) if (day.day - 1) % step == 0 else "" for day in days]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 7
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.tickDown = 0 if tally.month is None else 2
    top = max((max(series) for series in data), default=0)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(5.0, top * 1.1)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 7
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = 1, colors.HexColor("#DDDDDD")
    chart.valueAxis.labelTextFormat = lambda v: fmt(float(v))
    for n in range(3):
        chart.lines[n].strokeColor, chart.lines[n].strokeWidth = SERIES[n], 1.2
    d.add(chart)
    _legend(d, CONTENT_W - 4 * mm, d.height - 1, list(zip(SERIES, DAILY_SERIES, strict=True)), font)
    return _drawing_block(d)


def _yoy_chart(tally: MonthTally, font: str) -> Block | None:
    """同比: each headline with last year's figure as a pair of bars on its own scale (counts, fees
    and rates cannot share one axis), the change written under the pair."""
    pairs = [h for h in tally.headlines if h.yoy.previous is not None]
    if not pairs:
        return None
    per_row = min(6, len(pairs))
    rows = (len(pairs) + per_row - 1) // per_row
    panel_w, panel_h = CONTENT_W / per_row, 40 * mm
    d = Drawing(CONTENT_W, 8 * mm + rows * panel_h)
    _chart_title(d, "同比（上年同期与本期）", font)
    _legend(d, CONTENT_W - 4 * mm, d.height - 1, [(LAST_YEAR, "上年同期"), (THIS_PERIOD, "本期")], font)
    for n, h in enumerate(pairs):
        px = (n % per_row) * panel_w
        py = d.height - 8 * mm - (n // per_row + 1) * panel_h
        values = [float(h.yoy.previous), float(h.value)]
        base, plot_h = py + 15 * mm, panel_h - 22 * mm
        top = max(max(values), 1e-9)
        bar_w = min(9 * mm, panel_w / 4)
        d.add(Line(px + 3 * mm, base, px + panel_w - 3 * mm, base, strokeColor=colors.HexColor("#999999"),
                   strokeWidth=0.5))
        for k, (v, color) in enumerate(zip(values, (LAST_YEAR, THIS_PERIOD), strict=True)):
            bx = px + panel_w / 2 - bar_w - 1 + k * (bar_w + 2)
            bh = plot_h * max(v, 0) / top
            d.add(Rect(bx, base, bar_w, bh, fillColor=color, strokeColor=None))
            d.add(String(bx + bar_w / 2, base + bh + 1.5, fmt(v), fontName=font, fontSize=6.5, textAnchor="middle"))
        label = h.label if display_width(h.label) <= 14 else h.label[:7] + "…"
        d.add(String(px + panel_w / 2, base - 4.5 * mm, label, fontName=font, fontSize=8, textAnchor="middle"))
        d.add(String(px + panel_w / 2, base - 8.5 * mm, h.yoy.text, fontName=font, fontSize=8,
                     textAnchor="middle", fillColor=_change_color(h.yoy.text)))
    return _drawing_block(d)


# ---- section tables --------------------------------------------------------------------------------

def _heading(text: str, font: str) -> Block:
    block = text_block([text], font, 12, MARGIN_X, bold=True, space_before=3 * mm, space_after=1.5 * mm)
    block.keep_with_next = True
    return block


def _boxed(row: Block, widths: list[float], shade: tuple[float, float, float] | None) -> Block:
    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeColorRGB(0.55, 0.55, 0.55)
        if shade:
            c.setFillColorRGB(*shade)
        x = MARGIN_X
        for width in widths:
            c.rect(x, top - row.height, width, row.height, stroke=1, fill=1 if shade else 0)
            x += width
        c.restoreState()
        row.draw(c, top)

    return Block(row.height, draw)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def column_parts(section: Section) -> list[list[int]]:
    """The columns of each printed table: all of them, or for a wide section the key columns and,
    in turn, as many figure columns as fit — a merged figure's hall columns and total kept together."""
    if len(section.headers) <= MAX_COLUMNS:
        return [list(range(len(section.headers)))]
    keys = key_width([section])
    groups: list[list[int]] = []
    for i in range(keys, len(section.headers)):
        prefix = section.headers[i].split("·")[0]
        if groups and section.headers[groups[-1][0]].split("·")[0] == prefix and "·" in section.headers[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    room = max(1, MAX_COLUMNS - keys)
    parts: list[list[int]] = []
    for group in groups:
        for start in range(0, len(group), room):  # a group wider than a table is cut
            piece = group[start:start + room]
            if parts and len(parts[-1]) + len(piece) <= room:
                parts[-1] += piece
            else:
                parts.append(list(piece))
    return [list(range(keys)) + part for part in parts]


def _section_tables(section: Section, font: str) -> list[Block]:
    parts = column_parts(section)
    if len(parts) == 1:
        return _section_table(section, font)
    blocks: list[Block] = []
    for n, columns in enumerate(parts, 1):
        part = Section(section.key, f"{section.title}（{n}/{len(parts)}）",
                       tuple(section.headers[i] for i in columns),
                       tuple(tuple(row[i] if i < len(row) else None for i in columns) for row in section.rows),
                       section.notes if n == len(parts) else ())
        blocks += _section_table(part, font)
    return blocks


def _column_widths(headers: Sequence[str], texts: list[list[str]], font: str, size: float) -> list[float]:
    """Each column as wide as its widest cell (a cell never wraps a number) and, room allowing, its
    header on one line; spare room shared out in proportion, a shortfall taken from the headers."""
    pad = 3 * mm + 1
    cells = [max([text_width(t[i], font, size) + pad for t in texts] or [0.0]) for i in range(len(headers))]
    heads = [max(text_width(h, font, size) + pad, 8 * mm) for h in headers]
    cells = [min(c, CONTENT_W * 0.45) for c in cells]  # a long name may wrap rather than squeeze the rest
    wanted = [max(c, h) for c, h in zip(cells, heads, strict=True)]
    if sum(wanted) <= CONTENT_W:
        return [w * CONTENT_W / sum(wanted) for w in wanted]
    floor = [max(c, 8 * mm) for c in cells]
    if sum(floor) >= CONTENT_W:
        return [w * CONTENT_W / sum(floor) for w in floor]
    slack = sum(wanted) - CONTENT_W
    give = [w - f for w, f in zip(wanted, floor, strict=True)]
    return [w - slack * g / sum(give) for w, g in zip(wanted, give, strict=True)]


def _section_table(section: Section, font: str) -> list[Block]:
    columns = len(section.headers)
    size = 9.0 if columns <= 8 else max(6.0, 9.0 - 0.35 * (columns - 8))
    texts = [[fmt(v, places=True) for v in row] + [""] * (columns - len(row)) for row in section.rows]
    widths = _column_widths(section.headers, texts, font, size)
    numeric = [any(_is_number(r[i]) for r in section.rows if i < len(r)) for i in range(columns)]
    aligns = ["right" if numeric[i] else "left" for i in range(columns)]
    pad = dict(pad_x=1.5 * mm, pad_y=1.0 * mm)
    header = _boxed(cells_row(list(section.headers), MARGIN_X, widths, ["center"] * columns, font, size, bold=True,
                              **pad), widths, HEADER_SHADE)
    header.keep_with_next = True
    blocks = [_heading(section.title, font), header]
    if not texts:
        empty = cells_row(["（无记录）"], MARGIN_X, [CONTENT_W], ["center"], font, size, **pad)
        blocks.append(_boxed(empty, [CONTENT_W], None))
    for cells, raw in zip(texts, section.rows, strict=True):
        total = bool(raw) and str(raw[0]) in _TOTAL_KEYS
        row = _boxed(cells_row(cells, MARGIN_X, widths, aligns, font, size, bold=total, **pad), widths,
                     TOTAL_SHADE if total else None)
        row.repeat_on_new_page = header
        blocks.append(row)
    for note in section.notes:
        blocks.append(text_block(wrap(f"注：{note}", font, 8, CONTENT_W), font, 8, MARGIN_X, space_before=0.8 * mm))
    return blocks


# ---- pages -----------------------------------------------------------------------------------------

def _continuation(tally: MonthTally, font: str) -> Block:
    def draw(c: Canvas, top: float) -> None:
        draw_text(c, MARGIN_X, top - 9, f"{report_title(tally)}（续）", font, 9)
        c.saveState()
        c.setLineWidth(0.4)
        c.line(MARGIN_X, top - 12, PAGE_W - MARGIN_X, top - 12)
        c.restoreState()

    return Block(9 + 4 * mm, draw)


def _paginate(first: Block, rest: list[Block], continuation: Block) -> list[list[Block]]:
    """Blocks grouped into pages: a block never splits, a chain of keep-with-next blocks moves with
    the block after it, and a table row that starts a page brings its header row."""
    usable = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - FOOT_H
    pages: list[list[Block]] = [[first]]
    left = usable - first.height
    for i, block in enumerate(rest):
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


def _draw_foot(c: Canvas, font: str, tally: MonthTally, serial: str, number: int, count: int) -> None:
    top = MARGIN_BOTTOM + FOOT_H
    c.saveState()
    c.setLineWidth(0.5)
    c.line(MARGIN_X, top - 1.5 * mm, PAGE_W - MARGIN_X, top - 1.5 * mm)
    c.restoreState()
    y = MARGIN_BOTTOM + 1 * mm
    draw_text(c, MARGIN_X, y, f"生成时间：{tally.generated_at:%Y-%m-%d %H:%M}", font, 8.5)
    draw_text(c, PAGE_W / 2, y, f"第 {number} / {count} 页", font, 8.5, align="center")
    if serial:
        draw_text(c, PAGE_W - MARGIN_X, y, f"编号：{serial}", font, 8.5, align="right")


def render_tally_report(tally: MonthTally, *, qr_payload: str | None = None, serial: str = "") -> bytes:
    """The tally as an A4 portrait PDF; qr_payload (a signed TR payload) prints top right."""
    font = register_cjk_font()
    body: list[Block] = []
    if tally.headlines:
        body += [_heading("主要指标", font), *_cards(tally, font)]
    charts = [b for b in (_business_chart(tally, font), _daily_chart(tally, font), _yoy_chart(tally, font)) if b]
    if charts:
        body.append(_heading("图表", font))
        for chart in charts:
            body += [chart, spacer(3 * mm)]
    for section in tally.sections:
        body += _section_tables(section, font)
    if tally.headlines:
        body.append(text_block(wrap("同比：与上年同期相比；环比：与上一期相比；“—”表示无可比数据。", font, 8, CONTENT_W),
                               font, 8, MARGIN_X, space_before=3 * mm))
    pages = _paginate(_header(tally, font, qr_payload), body, _continuation(tally, font))
    c, buf = new_canvas(report_title(tally), tally.hall_name, A4)
    for number, blocks in enumerate(pages, 1):
        top = PAGE_H - MARGIN_TOP
        for block in blocks:
            block.draw(c, top)
            top -= block.height
        _draw_foot(c, font, tally, serial, number, len(pages))
        c.showPage()
    c.save()
    return buf.getvalue()
