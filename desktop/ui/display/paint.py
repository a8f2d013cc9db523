"""Painting the hall display board: pure drawing from a BoardView snapshot, scaled from 1920×1080.

Kept apart from board.py (state, polling, timers, keys) so each stays readable. Everything is
sized in units of `u` (1.0 at 1920×1080, 0.71 at 1366×768) so the board reads the same on any TV.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QLinearGradient, QPainter, QPainterPath, QPen

from desktop.paths import cjk_font_path
from desktop.services.queue_views import CallView

log = logging.getLogger(__name__)

RECENT_SLOTS = 6  # 2 columns × 3 rows
# the board's words, in the .ts under context DisplayBoard; tr() shows them in the UI language
WORDS = {
    "recall": QT_TRANSLATE_NOOP("DisplayBoard", "再次呼叫"),
    "calling": QT_TRANSLATE_NOOP("DisplayBoard", "正在呼叫"),
    "listen": QT_TRANSLATE_NOOP("DisplayBoard", "请留意叫号"),
    "recent": QT_TRANSLATE_NOOP("DisplayBoard", "最近呼叫"),
    "counter": QT_TRANSLATE_NOOP("DisplayBoard", "{counter}号窗口"),
    "waiting": QT_TRANSLATE_NOOP("DisplayBoard", "等候人数"),
    "people": QT_TRANSLATE_NOOP("DisplayBoard", "人"),
    "seat": QT_TRANSLATE_NOOP("DisplayBoard", "取号后请在等候区就座"),
    "title": QT_TRANSLATE_NOOP("DisplayBoard", "叫号显示屏"),
    "hall": QT_TRANSLATE_NOOP("DisplayBoard", "车驾管业务大厅"),
    "esc_again": QT_TRANSLATE_NOOP("DisplayBoard", "再按一次 Esc 退出"),
}
# the newest call; its two fields are drawn very large, the words between them smaller
CALL_LINE = QT_TRANSLATE_NOOP("DisplayBoard", "请 {ticket} 号 到 {counter} 号窗口")


def tr(text: str) -> str:
    """The board's words in the UI language (context DisplayBoard in the .ts)."""
    return QCoreApplication.translate("DisplayBoard", text)


def call_segments(label: str, counter: int) -> list[tuple[str, bool]]:
    """CALL_LINE in the UI language as (text, is_big) pieces: 请 | A023 | 号 到 | 3 | 号窗口."""
    out = []
    for part in re.split(r"(\{ticket\}|\{counter\})", tr(CALL_LINE)):
        if part == "{ticket}":
            out.append((label, True))
        elif part == "{counter}":
            out.append((str(counter), True))
        elif part.strip():
            out.append((part.strip(), False))
    return out
NOTICE_PX = 40

BG = QColor("#0b1a2e")
HEADER_TOP, HEADER_BOTTOM = QColor("#14335a"), QColor("#0d2240")
PANEL, PANEL_EDGE = QColor("#10253f"), QColor("#24466f")
ACCENT = QColor("#ffc83d")       # the called number: amber, readable at distance on dark blue
CAPTION = QColor("#8ec1f0")
TEXT, DIM = QColor("#eef3fa"), QColor("#9cb0c8")
BADGE = QColor("#1f5a94")
ALERT = QColor("#c0452d")


@functools.cache
def cjk_family() -> str:
    """Register the bundled WenQuanYi Micro Hei once (needs a QGuiApplication) and name its family."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("the bundled CJK font did not load: %s", cjk_font_path())
        return QFont().family()
    return families[0]


def font(px: float, bold: bool = False) -> QFont:
    f = QFont(cjk_family())
    f.setPixelSize(max(8, round(px)))
    f.setBold(bold)
    return f


@dataclass(frozen=True)
class BoardView:
    """What one frame shows."""

    header: tuple[str, str, str, str]  # hall, date, weekday, HH:MM
    newest: CallView | None
    recent: list[CallView]
    waiting: list[tuple[str, str, int]]
    flash: bool            # the blink's bright phase
    notice: str
    marquee_x: float       # how far the notice has scrolled (≤ 0)
    status: str            # the small status line, "" for none
    alert: bool            # the status line is the connection alert


@dataclass(frozen=True)
class Layout:
    """The board's rectangles and its scale (1.0 at 1920×1080)."""

    u: float
    header: QRectF
    now: QRectF
    recent: QRectF
    waiting: QRectF
    footer: QRectF

    @classmethod
    def of(cls, w: float, h: float) -> Layout:
        u = min(w / 1920, h / 1080)
        header_h, footer_h, m = 118 * u, 84 * u, 28 * u
        body_top, body_bottom = header_h + m, h - footer_h - m * 0.8
        split = w * 0.655
        now_h = (body_bottom - body_top) * 0.5
        return cls(u, QRectF(0, 0, w, header_h),
                   QRectF(m, body_top, split - m * 1.5, now_h),
                   QRectF(m, body_top + now_h + m * 0.8, split - m * 1.5, body_bottom - body_top - now_h - m * 0.8),
                   QRectF(split, body_top, w - split - m, body_bottom - body_top),
                   QRectF(0, h - footer_h, w, footer_h))


def paint_board(p: QPainter, lay: Layout, v: BoardView, dirty: QRectF) -> None:
    """Paint the parts that meet `dirty`: the marquee repaints the footer 30 times a second, not the board."""
    p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    p.fillRect(dirty, BG)
    margin = 8 * lay.u
    for rect, paint in ((lay.header, paint_header), (lay.now, paint_now), (lay.recent, paint_recent),
                        (lay.waiting, paint_waiting), (lay.footer, paint_footer)):
        if rect.adjusted(-margin, -margin, margin, margin).intersects(dirty):
            paint(p, lay, v)


def marquee_period(notice: str, u: float) -> float:
    """One turn of the scrolling notice: the text and a gap, in pixels."""
    return QFontMetricsF(font(NOTICE_PX * u)).horizontalAdvance(notice) + 160 * u


def paint_header(p: QPainter, lay: Layout, v: BoardView) -> None:
    r, u = lay.header, lay.u
    grad = QLinearGradient(r.topLeft(), r.bottomLeft())
    grad.setColorAt(0, HEADER_TOP)
    grad.setColorAt(1, HEADER_BOTTOM)
    p.fillRect(r, grad)
    p.fillRect(QRectF(r.left(), r.bottom() - 4 * u, r.width(), 4 * u), ACCENT)
    hall, day, weekday, clock = v.header
    inner = r.adjusted(40 * u, 0, -40 * u, -4 * u)
    clock_w = heavy_text(p, inner, Qt.AlignmentFlag.AlignRight, clock, 66 * u, TEXT)
    p.setFont(font(36 * u))
    p.setPen(DIM)
    date_rect = inner.adjusted(0, 0, -(clock_w + 36 * u), 0)
    p.drawText(date_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{day}  {weekday}")
    date_w = QFontMetricsF(p.font()).horizontalAdvance(f"{day}  {weekday}")
    hall_rect = inner.adjusted(0, 0, -(clock_w + date_w + 90 * u), 0)
    p.setPen(TEXT)
    p.setFont(fitted(hall, 54 * u, hall_rect.width(), bold=True))
    p.drawText(hall_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, hall)


def panel(p: QPainter, r: QRectF, u: float, fill: QColor = PANEL, edge: QColor = PANEL_EDGE,
           width: float = 2.0) -> None:
    p.setPen(QPen(edge, width * u))
    p.setBrush(fill)
    p.drawRoundedRect(r, 18 * u, 18 * u)


def caption(p: QPainter, r: QRectF, u: float, text: str, color: QColor = CAPTION) -> QRectF:
    p.setFont(font(38 * u, bold=True))
    p.setPen(color)
    cap = QRectF(r.left() + 36 * u, r.top() + 18 * u, r.width() - 72 * u, 54 * u)
    p.drawText(cap, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    return cap


def paint_now(p: QPainter, lay: Layout, v: BoardView) -> None:
    r, u = lay.now, lay.u
    call = v.newest
    flash = v.flash and call is not None
    fg = BG if flash else ACCENT
    panel(p, r, u, fill=ACCENT if flash else PANEL, edge=ACCENT, width=4.0)
    title = tr(WORDS["recall"]) if call is not None and call.kind == "recall" else tr(WORDS["calling"])
    caption(p, r, u, title, BG if flash else CAPTION)
    body = r.adjusted(30 * u, 70 * u, -30 * u, -20 * u)
    if call is None:
        p.setFont(font(80 * u, bold=True))
        p.setPen(DIM)
        p.drawText(body, Qt.AlignmentFlag.AlignCenter, tr(WORDS["listen"]))
        return
    words = BG if flash else TEXT
    segments = [(text, big, fg if big else words) for text, big in call_segments(call.label, call.counter)]
    big, small = 200 * u, 88 * u
    gap = 22 * u
    total = segment_width(segments, big, small, gap)
    if total > body.width() * 0.96:
        k = body.width() * 0.96 / total
        big, small, gap = big * k, small * k, gap * k
        total = segment_width(segments, big, small, gap)
    has_name = bool(call.name_masked)
    base = body.center().y() + QFontMetricsF(font(big)).capHeight() / 2 - (44 * u if has_name else 0)
    x = body.center().x() - total / 2
    for text, is_big, color in segments:
        x += draw_heavy(p, x, base, text, big if is_big else small, color) + gap
    if has_name:
        p.setFont(font(64 * u))
        p.setPen(BG if flash else TEXT)
        name_rect = QRectF(body.left(), base + 30 * u, body.width(), 90 * u)
        p.drawText(name_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, call.name_masked)


def paint_recent(p: QPainter, lay: Layout, v: BoardView) -> None:
    r, u = lay.recent, lay.u
    panel(p, r, u)
    caption(p, r, u, tr(WORDS["recent"]))
    grid = r.adjusted(28 * u, 84 * u, -28 * u, -22 * u)
    cols, rows = 2, RECENT_SLOTS // 2
    cell_w, cell_h = (grid.width() - 20 * u) / cols, grid.height() / rows
    for i, c in enumerate(v.recent):
        col, row = i % cols, i // cols
        cell = QRectF(grid.left() + col * (cell_w + 20 * u), grid.top() + row * cell_h, cell_w, cell_h)
        inner = cell.adjusted(0, 5 * u, 0, -5 * u)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#152f50"))
        p.drawRoundedRect(inner, 12 * u, 12 * u)
        text_rect = inner.adjusted(24 * u, 0, -20 * u, 0)
        size = min(60 * u, inner.height() * 0.62)
        x = text_rect.left()
        for text, px, color, bold in ((c.label, size, TEXT, True), ("→", size * 0.7, DIM, False),
                                      (tr(WORDS["counter"]).format(counter=c.counter), size * 0.86, ACCENT, True)):
            f = font(px, bold)
            p.setFont(f)
            p.setPen(color)
            p.drawText(QRectF(x, text_rect.top(), text_rect.right() - x, text_rect.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += QFontMetricsF(f).horizontalAdvance(text) + 18 * u
        if c.name_masked:
            p.setFont(font(size * 0.62))
            p.setPen(DIM)
            p.drawText(QRectF(x, text_rect.top(), text_rect.right() - x, text_rect.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, c.name_masked)


def paint_waiting(p: QPainter, lay: Layout, v: BoardView) -> None:
    r, u = lay.waiting, lay.u
    panel(p, r, u)
    caption(p, r, u, tr(WORDS["waiting"]))
    waiting = v.waiting
    tip_h = 70 * u
    area = r.adjusted(28 * u, 88 * u, -28 * u, -tip_h)
    row_h = min(area.height() / max(len(waiting), 4), 150 * u)
    for i, (code, name, count) in enumerate(waiting):
        row = QRectF(area.left(), area.top() + i * row_h, area.width(), row_h)
        if i:
            p.setPen(QPen(PANEL_EDGE, 1.5 * u))
            p.drawLine(row.topLeft(), row.topRight())
        badge_s = min(72 * u, row_h * 0.62)
        badge = QRectF(row.left() + 8 * u, row.center().y() - badge_s / 2, badge_s, badge_s)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BADGE)
        p.drawRoundedRect(badge, 12 * u, 12 * u)
        p.setFont(font(badge_s * 0.62, bold=True))
        p.setPen(TEXT)
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, code)
        count_px = min(84 * u, row_h * 0.7)
        unit_f = font(34 * u)
        unit = tr(WORDS["people"])
        unit_w = QFontMetricsF(unit_f).horizontalAdvance(unit) + 6 * u
        count_w = heavy_width("000", count_px)
        name_rect = QRectF(badge.right() + 22 * u, row.top(), row.width() - badge_s - count_w - unit_w - 50 * u,
                           row_h)
        p.setFont(fitted(name, min(46 * u, row_h * 0.4), name_rect.width()))
        p.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        count_rect = QRectF(row.right() - unit_w - count_w, row.top(), count_w, row_h)
        heavy_text(p, count_rect, Qt.AlignmentFlag.AlignRight, str(count), count_px, TEXT if count else DIM)
        p.setFont(unit_f)
        p.setPen(DIM)
        p.drawText(QRectF(row.right() - unit_w, row.top(), unit_w, row_h - 14 * u),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, unit)
    p.setFont(font(30 * u))
    p.setPen(DIM)
    p.drawText(QRectF(r.left() + 30 * u, r.bottom() - tip_h, r.width() - 60 * u, tip_h - 14 * u),
               Qt.AlignmentFlag.AlignCenter, tr(WORDS["seat"]))


def paint_footer(p: QPainter, lay: Layout, v: BoardView) -> None:
    r, u = lay.footer, lay.u
    p.fillRect(r, QColor("#07111f"))
    p.fillRect(QRectF(r.left(), r.top(), r.width(), 3 * u), PANEL_EDGE)
    status = status_box(lay, v)
    clip = QRectF(r.left(), r.top(), (status.left() - 20 * u if status else r.right()) - r.left(), r.height())
    if v.notice:
        p.setFont(font(NOTICE_PX * u))
        p.setPen(QColor("#ffe39a"))
        period = marquee_period(v.notice, u)
        p.save()
        p.setClipRect(clip)
        x = r.left() + 40 * u + v.marquee_x
        while x < clip.right():
            p.drawText(QRectF(x, r.top(), period, r.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, v.notice)
            x += period
        p.restore()
    if status:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ALERT if v.alert else QColor("#3a5478"))
        p.drawRoundedRect(status, 10 * u, 10 * u)
        p.setFont(font(28 * u, bold=True))
        p.setPen(TEXT)
        p.drawText(status, Qt.AlignmentFlag.AlignCenter, v.status)


def status_box(lay: Layout, v: BoardView) -> QRectF | None:
    """The small status line (reconnecting, the voice notice), at the right end of the footer."""
    text = v.status
    if not text:
        return None
    u, r = lay.u, lay.footer
    w = min(QFontMetricsF(font(28 * u, bold=True)).horizontalAdvance(text) + 48 * u, r.width() * 0.6)
    h = 50 * u
    return QRectF(r.right() - 28 * u - w, r.center().y() - h / 2 + 1.5 * u, w, h)


def draw_heavy(p: QPainter, x: float, baseline: float, text: str, px: float, color: QColor) -> float:
    """Bold text as a filled and stroked outline of the regular face. WenQuanYi Micro Hei has no bold
    face and Qt's synthetic bold is dropped for glyphs drawn as outlines (over ~64 px): the big
    numbers would come out thin exactly where they must be heaviest. The stroke is the same at every
    size. Returns the advance."""
    f = font(px)
    path = QPainterPath()
    path.addText(x, baseline, f, text)
    p.save()
    p.setPen(QPen(color, max(1.0, px * 0.03), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    p.setBrush(color)
    p.drawPath(path)
    p.restore()
    return heavy_width(text, px)


def heavy_width(text: str, px: float) -> float:
    return QFontMetricsF(font(px)).horizontalAdvance(text) + px * 0.03


def heavy_text(p: QPainter, rect: QRectF, align: Qt.AlignmentFlag, text: str, px: float, color: QColor) -> float:
    """draw_heavy placed in a rect: left or right aligned, vertically centred on the capitals."""
    w = heavy_width(text, px)
    x = rect.right() - w if align & Qt.AlignmentFlag.AlignRight else rect.left()
    return draw_heavy(p, x, rect.center().y() + QFontMetricsF(font(px)).capHeight() / 2, text, px, color)


def segment_width(segments, big: float, small: float, gap: float) -> float:
    return sum(heavy_width(t, big if is_big else small) for t, is_big, _ in segments) + gap * (len(segments) - 1)


def fitted(text: str, px: float, width: float, bold: bool = False) -> QFont:
    """The font at px, smaller if the text would not fit the width."""
    f = font(px, bold)
    w = QFontMetricsF(f).horizontalAdvance(text)
    if w > width > 0:
        f = font(px * width / w * 0.98, bold)
    return f
