"""The kiosk's look: one style sheet in pixels, scaled as a whole for 大字模式 (适老化, ×1.4), and the
tile pictograms painted in code (no image files, nothing the CJK font lacks).

Sizes follow the touch guidance the brief sets: every text 28 px or more, every button 64 px or
taller; the ticket number is read from a step away."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

LARGE_SCALE = 1.4
BLUE, DARK, PAPER, INK, RED, GREEN = "#1d4e89", "#143a68", "#f4f6f9", "#1f2933", "#b3261e", "#1e7b34"
TILE_COLOURS = {"ticket": "#1d4e89", "queue": "#0f766e", "booking": "#2e7d32", "reprint": "#b45309",
                "guide": "#6d28d9"}

# px at the normal scale
SIZES = {"body": 28, "small": 28, "title": 40, "header": 34, "clock": 40, "tile": 46, "tile_note": 28,
         "button": 32, "key": 34, "field": 36, "huge": 180, "big": 72, "step": 28, "nav": 30}


def px(name: str, scale: float) -> int:
    return round(SIZES[name] * scale)


def stylesheet(scale: float) -> str:
    s = {k: round(v * scale) for k, v in SIZES.items()}
    # The number and the codes are already read from a step away: they grow less, so a result page
    # still fits a 1080-line screen in 大字模式.
    s["huge"] = round(SIZES["huge"] * min(scale, 1.1))
    s["big"] = round(SIZES["big"] * min(scale, 1.2))
    h = round(72 * scale)  # a touch target's height
    kh = round(64 * min(scale, 1.15))  # a keypad key: 64 px at least, rows of them must still fit
    return f"""
QWidget#kiosk {{ background: {PAPER}; }}
QLabel {{ font-size: {s['body']}px; color: {INK}; }}
QFrame#kioskHeader {{ background: {BLUE}; }}
QFrame#kioskHeader QLabel {{ color: #ffffff; }}
QLabel#hallName {{ font-size: {s['header']}px; font-weight: bold; }}
QLabel#clock {{ font-size: {s['clock']}px; font-weight: bold; }}
QLabel#clockDate {{ font-size: {s['small']}px; }}
QFrame#kioskFooter {{ background: #e3e8ef; }}
QLabel#footerNote {{ font-size: {s['small']}px; color: #3c4a5c; }}
QLabel#idleWarning {{ font-size: {s['small']}px; color: {RED}; font-weight: bold; }}
QLabel#screenTitle {{ font-size: {s['title']}px; font-weight: bold; color: {BLUE}; }}
QLabel#hint {{ font-size: {s['body']}px; color: #3c4a5c; }}
QLabel#message {{ font-size: {s['body']}px; font-weight: bold; border-radius: 8px; padding: 10px 16px; }}
QLabel#message[tone="error"] {{ background: #fde8e6; color: {RED}; }}
QLabel#message[tone="info"] {{ background: #e6eef8; color: {BLUE}; }}
QLabel#message[tone="ok"] {{ background: #e5f3e8; color: {GREEN}; }}
QLabel#hugeNumber {{ font-size: {s['huge']}px; font-weight: bold; color: {BLUE}; }}
QFrame#alertFrame {{ border: 5px dashed {BLUE}; border-radius: 18px; }}
QLabel#codeAlert {{ font-size: {round(SIZES['huge'] * 0.7)}px; font-weight: bold; color: {BLUE};
                    border: 5px dashed {BLUE}; border-radius: 18px; padding: 8px 48px; }}
QLabel#resultNumber {{ font-size: {round(120 * min(scale, 1.1))}px; font-weight: bold; color: {BLUE}; }}
QLabel#bigValue {{ font-size: {s['big']}px; font-weight: bold; color: {BLUE}; }}
QLabel#material, QLabel#materialKey {{ background: #ffffff; border: 1px solid #d5dce5; border-radius: 10px;
                                     padding: 10px 18px; }}
QLabel#materialKey {{ border-left: 8px solid {BLUE}; }}
QLabel#value {{ font-size: {s['field']}px; color: {INK}; }}
QLabel#fieldLabel {{ font-size: {s['body']}px; font-weight: bold; color: {INK}; }}
QLabel#step {{ font-size: {s['step']}px; color: #7b8794; padding: 4px 12px; }}
QLabel#step[current="true"] {{ color: #ffffff; background: {BLUE}; border-radius: {round(20 * scale)}px; }}
QFrame#resultCard {{ background: #ffffff; border: 2px solid #d5dce5; border-radius: 16px; }}
QLabel#card {{ background: #ffffff; border: 2px solid #d5dce5; border-radius: 12px; padding: 16px 22px; }}
QLineEdit {{ font-size: {s['field']}px; min-height: {h}px; padding: 0 16px; border: 3px solid #9aa5b1;
             border-radius: 10px; background: #ffffff; color: {INK}; }}
QLineEdit:focus {{ border-color: {BLUE}; }}
QPushButton {{ font-size: {s['button']}px; min-height: {h}px; padding: 0 {round(28 * scale)}px;
               border-radius: 10px; border: 2px solid #9aa5b1; background: #ffffff; color: {INK}; }}
QPushButton:pressed {{ background: #dbe4ef; }}
QPushButton:disabled {{ color: #9aa5b1; background: #eceff3; border-color: #d5dce5; }}
QPushButton[kind="primary"] {{ background: {BLUE}; color: #ffffff; border: none; font-weight: bold; }}
QPushButton[kind="primary"]:pressed {{ background: {DARK}; }}
QPushButton[kind="primary"]:disabled {{ background: #a9b8cc; color: #eef2f7; }}
QPushButton[kind="nav"] {{ font-size: {s['nav']}px; background: #ffffff; }}
QPushButton[kind="key"] {{ font-size: {s['key']}px; font-weight: bold; padding: 0; min-width: {kh}px;
                           min-height: {kh}px; }}
QPushButton[kind="keyWide"] {{ font-size: {s['nav']}px; padding: 0 8px; background: #eceff3; min-height: {kh}px; }}
QPushButton[kind="choice"] {{ text-align: left; padding: {round(10 * scale)}px {round(24 * scale)}px; }}
QPushButton[kind="choice"]:checked {{ background: #e6eef8; border: 3px solid {BLUE}; }}
QPushButton[kind="large"] {{ color: #ffffff; background: transparent; border: 3px solid #ffffff;
                             font-size: {s['nav']}px; font-weight: bold; min-height: {round(60 * scale)}px; }}
QPushButton[kind="large"]:checked {{ background: #ffd54f; color: {INK}; border-color: #ffd54f; }}
QPushButton[kind="tile"] {{ border: none; border-radius: 18px; color: #ffffff; }}
QPushButton[kind="tile"]:disabled {{ background: #c9d1db; }}
QPushButton[kind="tile"] QLabel {{ color: #ffffff; background: transparent; }}
QLabel#tileTitle {{ font-size: {s['tile']}px; font-weight: bold; }}
QLabel#tileNote {{ font-size: {s['tile_note']}px; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ width: {round(36 * scale)}px; background: #e3e8ef; border-radius: {round(18 * scale)}px; }}
QScrollBar::handle:vertical {{ background: #7b8794; border-radius: {round(18 * scale)}px; min-height: 80px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
""" + "".join(f'QPushButton[tile="{k}"] {{ background: {c}; }}\n' for k, c in TILE_COLOURS.items())


# --- pictograms (white line drawings on the tiles) ---------------------------------------------------

def pictogram(name: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#ffffff"), max(2.0, size / 18))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    u = size / 12.0
    {"ticket": _ticket, "queue": _queue, "booking": _calendar, "reprint": _printer, "guide": _book}[name](p, u)
    p.end()
    return pix


def _ticket(p: QPainter, u: float) -> None:
    path = QPainterPath()
    path.addRoundedRect(QRectF(1.5 * u, 3 * u, 9 * u, 6 * u), u, u)
    p.drawPath(path)
    p.drawLine(QPointF(7.5 * u, 3.2 * u), QPointF(7.5 * u, 8.8 * u))
    p.drawLine(QPointF(3.3 * u, 5 * u), QPointF(5.8 * u, 5 * u))
    p.drawLine(QPointF(3.3 * u, 7 * u), QPointF(5.8 * u, 7 * u))


def _queue(p: QPainter, u: float) -> None:
    for x, r in ((3 * u, 1.1 * u), (6 * u, 1.1 * u), (9 * u, 1.1 * u)):
        p.drawEllipse(QPointF(x, 4 * u), r, r)
        p.drawArc(QRectF(x - 1.8 * u, 6.2 * u, 3.6 * u, 3.6 * u), 0, 180 * 16)
    p.drawLine(QPointF(1.2 * u, 10.5 * u), QPointF(10.8 * u, 10.5 * u))


def _calendar(p: QPainter, u: float) -> None:
    p.drawRoundedRect(QRectF(1.5 * u, 2.5 * u, 9 * u, 8 * u), 0.8 * u, 0.8 * u)
    p.drawLine(QPointF(1.5 * u, 4.8 * u), QPointF(10.5 * u, 4.8 * u))
    p.drawLine(QPointF(4 * u, 1.4 * u), QPointF(4 * u, 3.4 * u))
    p.drawLine(QPointF(8 * u, 1.4 * u), QPointF(8 * u, 3.4 * u))
    p.drawPolyline([QPointF(4 * u, 7.6 * u), QPointF(5.5 * u, 9 * u), QPointF(8.2 * u, 6.3 * u)])


def _printer(p: QPainter, u: float) -> None:
    p.drawRect(QRectF(3.5 * u, 1.5 * u, 5 * u, 3 * u))
    p.drawRoundedRect(QRectF(1.5 * u, 4.5 * u, 9 * u, 4.5 * u), 0.8 * u, 0.8 * u)
    p.drawRect(QRectF(3.5 * u, 7.5 * u, 5 * u, 3.5 * u))
    p.drawLine(QPointF(4.7 * u, 9 * u), QPointF(7.3 * u, 9 * u))


def _book(p: QPainter, u: float) -> None:
    p.drawPolyline([QPointF(6 * u, 3 * u), QPointF(3.5 * u, 2 * u), QPointF(1.2 * u, 2.4 * u),
                    QPointF(1.2 * u, 9.6 * u), QPointF(3.5 * u, 9.2 * u), QPointF(6 * u, 10.2 * u),
                    QPointF(8.5 * u, 9.2 * u), QPointF(10.8 * u, 9.6 * u), QPointF(10.8 * u, 2.4 * u),
                    QPointF(8.5 * u, 2 * u), QPointF(6 * u, 3 * u), QPointF(6 * u, 10.2 * u)])
