"""Small canvas helpers shared by the renderers (slip, receipt, notice, list report): one font, line
wrapping for mixed Chinese/Latin text, faux bold, and a block list that lays content out before it
is drawn.

The renderers draw on a ReportLab canvas directly (no platypus): it imports faster, renders a slip
in a few milliseconds, and lets the slip's page height be fitted to its content.
"""

from __future__ import annotations

import io
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import register_cjk_font

# A run of Latin letters/digits (kept together on one line), a run of spaces, or any one character.
_TOKEN_RE = re.compile(r"[A-Za-z0-9@#%&*+=_./:\-]+|[ \t]+|.")
# Closing punctuation that must not start a line (避头点): it hangs at the end of the previous one.
_NO_LINE_START = set("，。、；：？！）》」』】〉”’,.;:?!)]}%·…")


# Font subsets kept per process: (subset's character codes) -> (TrueType program, its deflated form).
# Slips and receipts of one hall use the same characters in the same order (ASCII has fixed codes in
# ReportLab's subset 0), so building and compressing the ~35 KB subset — a third of a slip's render
# time — happens once; the PDF bytes are the same as without the cache.
SUBSET_CACHE_SIZE = 32
_subset_lock = threading.Lock()
_subset_cached_fonts: set[str] = set()


class _Deflated:
    """A ReportLab stream filter (pdfname + encode) for content already deflated: FlateDecode,
    without compressing the same font program again."""

    pdfname = "FlateDecode"

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def encode(self, content: bytes) -> bytes:
        return self._deflated

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


def cache_font_subsets(font_name: str) -> None:
    """Memoise the registered TrueType font's subset programs (TTFontFace.makeSubset) and their
    compression. Installed once per font on the face ReportLab shares between documents."""
    if font_name in _subset_cached_fonts:
        return
    with _subset_lock:
        if font_name in _subset_cached_fonts:
            return
        face = pdfmetrics.getFont(font_name).face
        make_subset, add_subset_objects = face.makeSubset, face.addSubsetObjects
        cache: OrderedDict[tuple[int, ...], tuple[bytes, bytes]] = OrderedDict()

        def program(subset: list[int]) -> tuple[bytes, bytes]:
            key = tuple(subset)
            with _subset_lock:
                hit = cache.get(key)
                if hit is not None:
                    cache.move_to_end(key)
                    return hit
            data = make_subset(subset)
            hit = (data, zlib.compress(data))  # what PDFZCompress would write
            with _subset_lock:
                cache[key] = hit
                while len(cache) > SUBSET_CACHE_SIZE:
                    cache.popitem(last=False)
            return hit

        def cached_make_subset(subset: list[int]) -> bytes:
            return program(subset)[0]

        def cached_add_subset_objects(doc, fontname: str, subset: list[int]):
            ref = add_subset_objects(doc, fontname, subset)  # its self.makeSubset is the cached one
            stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
            data, deflated = program(subset)
            if stream is not None and stream.content is data and stream.filters == [pdfdoc.PDFZCompress]:
                stream.filters = [_Deflated(deflated)]
            return ref

        face.makeSubset = cached_make_subset
        face.addSubsetObjects = cached_add_subset_objects
        _subset_cached_fonts.add(font_name)


def new_canvas(title: str, author: str, pagesize: tuple[float, float]) -> tuple[Canvas, io.BytesIO]:
    buf = io.BytesIO()
    # initialFontName keeps Helvetica out of the page resources: the only font in the PDF is ours.
    font = register_cjk_font()
    cache_font_subsets(font)
    c = Canvas(buf, pagesize=pagesize, pageCompression=1, initialFontName=font, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("CounterDesk")
    return c, buf


def text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width` (Chinese breaks anywhere, Latin runs stay whole
    unless a run alone is too wide). Explicit newlines are kept. Always at least one line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN_RE.findall(paragraph):
            candidate = line + token
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if token[0] in _NO_LINE_START and line.strip():
                line = candidate  # hanging punctuation: a hair over width beats a line starting "，"
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            if token.isspace():
                continue
            if text_width(token, font, size) <= width:
                line = token
                continue
            for ch in token:  # a single run wider than the line: break it anywhere
                if line and text_width(line + ch, font, size) > width:
                    lines.append(line)
                    line = ch
                else:
                    line += ch
        lines.append(line.rstrip())
    return lines


def draw_text(
    c: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    align: str = "left",
    bold: bool = False,
) -> None:
    """One line at baseline y; `align` is left (x is the left edge), center (x is the middle) or
    right (x is the right edge). WenQuanYi has no bold face, so bold is fill + a thin stroke."""
    if align != "left":
        w = text_width(text, font, size)
        x -= w / 2 if align == "center" else w
    t = c.beginText(x, y)
    t.setFont(font, size)
    if bold:
        c.saveState()
        c.setLineWidth(size * 0.035)
        c.setLineJoin(1)
        t.setTextRenderMode(2)
    t.textOut(text)
    c.drawText(t)
    if bold:
        c.restoreState()


@dataclass
class Block:
    """A horizontal band of content: its height, and how to draw it given the y of its top edge."""

    height: float
    draw: Callable[[Canvas, float], None]
    keep_with_next: bool = False  # a heading stays on the page of what follows it
    repeat_on_new_page: Block | None = None  # a table row brings its header row to a new page


def text_block(
    lines: list[str],
    font: str,
    size: float,
    x: float,
    *,
    leading: float | None = None,
    align: str = "left",
    bold: bool = False,
    space_before: float = 0.0,
    space_after: float = 0.0,
) -> Block:
    lead = leading or size * 1.35
    height = space_before + lead * len(lines) + space_after

    def draw(c: Canvas, top: float) -> None:
        # Baseline sits about 0.8 of the font size below the line's top for WenQuanYi's ascent.
        y = top - space_before - (lead - size) / 2 - size * 0.86
        for line in lines:
            draw_text(c, x, y, line, font, size, align=align, bold=bold)
            y -= lead

    return Block(height, draw)


def spacer(height: float) -> Block:
    return Block(height, lambda c, top: None)


def rule(
    x0: float, x1: float, *, width: float = 0.5, dash: tuple[float, float] | None = None, pad: float = 3.0
) -> Block:
    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(width)
        if dash:
            c.setDash(*dash)
        c.line(x0, top - pad, x1, top - pad)
        c.restoreState()

    return Block(2 * pad, draw)


def side_by_side(*blocks: Block) -> Block:
    """Blocks drawn from the same top edge (columns of one row); as tall as the tallest."""

    def draw(c: Canvas, top: float) -> None:
        for block in blocks:
            block.draw(c, top)

    return Block(max(b.height for b in blocks), draw)


def cells_row(
    texts: list[str],
    x0: float,
    widths: list[float],
    aligns: list[str],
    font: str,
    size: float,
    *,
    bold: bool = False,
    pad_x: float = 4.0,
    pad_y: float = 3.4,
    leading: float | None = None,
) -> Block:
    """One table row's text: each cell wrapped to its column (explicit newlines kept) and aligned in
    it (left, center or right), the row as tall as its tallest cell. Rules and shading are the
    caller's, drawn round the returned block (a roll receipt rules rows, an A4 report boxes cells)."""
    if not len(texts) == len(widths) == len(aligns):
        raise ValueError(f"a row of {len(texts)} cells for {len(widths)} columns")
    cells, x = [], x0
    for text, width, align in zip(texts, widths, aligns, strict=True):
        anchor = {"left": x + pad_x, "center": x + width / 2, "right": x + width - pad_x}[align]
        lines = wrap(text, font, size, width - 2 * pad_x)
        cells.append(
            text_block(lines, font, size, anchor, leading=leading, align=align, bold=bold,
                       space_before=pad_y, space_after=pad_y)
        )
        x += width
    return side_by_side(*cells)
