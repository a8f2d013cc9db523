"""Draws the application icon: installer/icons/counterdesk.svg, PNGs at 48/128/256 px and a Windows .ico.

A calm blue rounded square with a white 车 over a white counter bar. The glyph is WenQuanYi Micro Hei's
(the bundled font, Apache-2.0) turned into an SVG path, so the SVG needs no font wherever it is shown.
The files are committed; run this again only to change the design:

    .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = Path(__file__).resolve().parent / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = (48, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

BLUE, BLUE_DARK = "#2b6cb0", "#1f4f85"  # a calm, high-contrast blue; white on it is 5.6:1
VIEW = 256


def glyph_path(char: str = "车", box: tuple[float, float, float, float] = (66, 32, 124, 124)) -> str:
    """The glyph's outline as SVG path data, scaled to fit box (x, y, w, h) and centred in it."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QFontDatabase, QPainterPath, QTransform

    font_id = QFontDatabase.addApplicationFont(str(FONT))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family)
    font.setPixelSize(200)
    font.setBold(True)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, char)
    bounds = path.boundingRect()
    x, y, w, h = box
    scale = min(w / bounds.width(), h / bounds.height())
    transform = QTransform()
    transform.translate(x + (w - bounds.width() * scale) / 2, y + (h - bounds.height() * scale) / 2)
    transform.scale(scale, scale)
    transform.translate(-bounds.left(), -bounds.top())
    path = transform.map(path)

    parts: list[str] = []
    i = 0
    n = path.elementCount()
    while i < n:
        e = path.elementAt(i)
        if e.type == QPainterPath.ElementType.MoveToElement:
            parts.append(f"M{e.x:.1f} {e.y:.1f}")
            i += 1
        elif e.type == QPainterPath.ElementType.LineToElement:
            parts.append(f"L{e.x:.1f} {e.y:.1f}")
            i += 1
        else:  # CurveToElement followed by two CurveToDataElements
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(f"C{e.x:.1f} {e.y:.1f} {c2.x:.1f} {c2.y:.1f} {end.x:.1f} {end.y:.1f}")
            i += 3
    return "".join(parts) + "Z"


def svg_text() -> str:
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{VIEW}" height="{VIEW}" viewBox="0 0 {VIEW} {VIEW}">
  <title>CounterDesk 车驾管业务窗口服务台</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{BLUE}"/>
      <stop offset="1" stop-color="{BLUE_DARK}"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="52" ry="52" fill="url(#bg)"/>
  <path fill="#ffffff" fill-rule="nonzero" d="{glyph_path()}"/>
  <rect x="58" y="184" width="140" height="16" rx="8" ry="8" fill="#ffffff"/>
</svg>
"""


def render_png(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841  (fonts need it)
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = ICONS / "counterdesk.svg"
    svg.write_text(svg_text(), encoding="utf-8")
    for size in SIZES:
        render_png(svg, size, ICONS / f"counterdesk-{size}.png")
    # Windows: PyInstaller's EXE icon and Inno Setup's SetupIconFile want an .ico.
    from PIL import Image

    big = ICONS / "counterdesk-ico-512.png"
    render_png(svg, 512, big)
    with Image.open(big) as image:
        image.save(ICONS / "counterdesk.ico", sizes=[(s, s) for s in ICO_SIZES])
    big.unlink()
    for path in sorted(ICONS.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
