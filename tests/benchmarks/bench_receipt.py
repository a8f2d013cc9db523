"""Receipt benchmark (not in the default test run): python -m tests.benchmarks.bench_receipt

Target (issue 9): the 80 mm 收费收据 (documents/receipt.render_receipt, a realistic 注册登记 receipt: four
fields, three fee lines, the total with 人民币大写, the clerk, the signed QR, a note, serial and time)
within 1.5× of a bare ReportLab canvas drawing the same content, p50 and p95 both.

Baseline in the same run, interleaved with ours: a plain canvas of the same page size (80 mm × our
height) drawing the same strings, rules and QR at fixed places — no wrapping, measuring, blocks or
money formatting (the amounts and 大写 are precomputed strings). Both use the same registered
WenQuanYi font (so the same per-process font-subset cache, which lives on the shared font face) and
draw the QR with documents.qr.draw_qr (the same symbol, one filled path). Also shown: ReportLab's
defaults (a second registration of the font, so its subset is built and compressed on every PDF) and
ReportLab's own vector QR widget in place of draw_qr — context, not targets.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import register_cjk_font
from desktop.documents.money import amount_in_words, format_yuan
from desktop.documents.qr import draw_qr, qr_modules
from desktop.documents.receipt import FeeLineText, ReceiptContent, _layout, render_receipt
from desktop.documents.signing import DocumentRef, sign_payload
from desktop.documents.slip import MARGIN, QR_SIZE, ROLL_WIDTH

KEY = bytes(range(32))
RATIO_TARGET = 1.5
RUNS = 400
WARMUP = 20


def content() -> ReceiptContent:
    """The receipt tests/unit/test_receipt.py checks: a 注册登记 with three fee lines."""
    serial = "RC26112600001"
    return ReceiptContent(
        office_name="阿拉善盟公安局交通管理支队车辆管理所",
        payer="张*明",
        case_no="VC26112600001",
        business="注册登记",
        lines=[FeeLineText("汽车号牌", 1, Decimal(100), Decimal(100)),
               FeeLineText("行驶证", 1, Decimal(10), Decimal(10)),
               FeeLineText("登记证书", 1, Decimal(10), Decimal(10))],
        total=Decimal(120),
        paid_by="微信",
        clerk="李*（工号 0012）",
        qr_payload=sign_payload(DocumentRef("RC", serial, "152900", date(2026, 11, 26)), KEY),
        serial=serial,
        issued_at="2026-11-26 09:41",
        notes=["本收据为缴费凭证，请妥善保管。"],
    )


class Bare:
    """What a bare canvas needs, computed once outside the timing: strings and the page height."""

    def __init__(self, c: ReceiptContent, font: str) -> None:
        self.c = c
        self.font = font
        self.height = 2 * MARGIN + sum(b.height for b in _layout(c, font))
        self.fields = [("交款人", c.payer), ("受理编号", c.case_no), ("业务", c.business),
                       ("缴费方式", c.paid_by)]
        self.rows = [(line.name, str(line.quantity), format_yuan(line.amount)) for line in c.lines]
        self.total = format_yuan(c.total)
        self.words = f"人民币{amount_in_words(c.total)}"


def _bold(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """Faux bold as ours prints it (WenQuanYi has no bold face): fill plus a thin stroke."""
    canvas.saveState()
    canvas.setLineWidth(size * 0.035)
    canvas.setLineJoin(1)
    t = canvas.beginText()
    t.setFont(font, size)
    t.setTextRenderMode(2)
    width = canvas.stringWidth(text, font, size)
    t.setTextOrigin(x - (width / 2 if align == "center" else width if align == "right" else 0), y)
    t.textOut(text)
    canvas.drawText(t)
    canvas.restoreState()


def _rule(canvas: Canvas, y: float, width: float, dash: tuple[float, float] | None = None) -> None:
    canvas.saveState()
    canvas.setLineWidth(width)
    if dash:
        canvas.setDash(*dash)
    canvas.line(MARGIN, y, ROLL_WIDTH - MARGIN, y)
    canvas.restoreState()


def bare_receipt(b: Bare, font: str | None = None, qr_widget: bool = False) -> bytes:
    """The baseline: the same page drawn at fixed places on a plain ReportLab canvas."""
    font = font or b.font
    c = b.c
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(ROLL_WIDTH, b.height), pageCompression=1, initialFontName=font,
                    initialFontSize=10)
    canvas.setTitle(c.title)
    canvas.setAuthor(c.office_name)
    canvas.setCreator("CounterDesk")
    mid, right = ROLL_WIDTH / 2, ROLL_WIDTH - MARGIN
    y = b.height - MARGIN - 10.5
    canvas.setFont(font, 10.5)
    canvas.drawCentredString(mid, y, c.office_name)
    y -= 20
    _bold(canvas, mid, y, c.title, font, 15, "center")
    y -= 11
    _rule(canvas, y, 0.5, (2, 2))
    canvas.setFont(font, 9.5)
    for label, value in b.fields:
        y -= 13.3
        canvas.drawString(MARGIN, y, label)
        canvas.drawString(MARGIN + 16 * mm, y, value)
    y -= 9
    _rule(canvas, y, 0.9)
    y -= 14
    x_qty, x_amount = ROLL_WIDTH - MARGIN - 22 * mm - 5.5 * mm, right - 1.2 * mm
    _bold(canvas, MARGIN + 1.2 * mm, y, "项目", font, 9.5)
    _bold(canvas, x_qty, y, "数量", font, 9.5, "center")
    _bold(canvas, x_amount, y, "金额", font, 9.5, "right")
    y -= 6
    _rule(canvas, y, 0.5)
    canvas.setFont(font, 9.5)
    for i, (name, quantity, amount) in enumerate(b.rows):
        if i:
            _rule(canvas, y, 0.3, (1, 1.5))
        y -= 14
        canvas.drawString(MARGIN + 1.2 * mm, y, name)
        canvas.drawCentredString(x_qty, y, quantity)
        canvas.drawRightString(x_amount, y, amount)
        y -= 6
    _rule(canvas, y, 0.9)
    y -= 17
    _bold(canvas, MARGIN + 1.2 * mm, y, "合计", font, 12)
    _bold(canvas, x_amount, y, b.total, font, 12, "right")
    y -= 18
    canvas.setFont(font, 9.5)
    canvas.drawString(MARGIN + 1.2 * mm, y, "大写")
    canvas.drawString(MARGIN + 12 * mm + 1.2 * mm, y, b.words)
    y -= 10
    _rule(canvas, y, 0.9)
    y -= 16
    canvas.drawString(MARGIN, y, "收款人")
    canvas.drawString(MARGIN + 16 * mm, y, c.clerk)
    y -= 12 + QR_SIZE
    if qr_widget:
        _reportlab_qr(canvas, c.qr_payload, (ROLL_WIDTH - QR_SIZE) / 2, y, QR_SIZE)
    else:
        draw_qr(canvas, c.qr_payload, (ROLL_WIDTH - QR_SIZE) / 2, y, QR_SIZE)
    y -= 5
    canvas.setFont(font, 9)
    canvas.drawCentredString(mid, y, "扫码验真")
    canvas.setFont(font, 8.5)
    for note in c.notes:
        y -= 14
        canvas.drawCentredString(mid, y, note)
    y -= 6
    _rule(canvas, y, 0.5, (2, 2))
    y -= 12
    canvas.setFont(font, 8)
    canvas.drawString(MARGIN, y, f"编号 {c.serial}")
    canvas.drawRightString(right, y, c.issued_at)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _reportlab_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(payload, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _default_font() -> str:
    """The bundled font registered a second time, under its own name: ReportLab's defaults, without
    the subset cache documents.drawing installs on the face our renderers share."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.paths import cjk_font_path

    name = "BenchPlainWenQuanYi"
    pdfmetrics.registerFont(TTFont(name, str(cjk_font_path()), subfontIndex=0))
    return name


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def interleaved(fns: list, runs: int) -> list[list[float]]:
    """Each function once per round, round after round, so drift (turbo, caches) hits all alike."""
    times: list[list[float]] = [[] for _ in fns]
    gc.collect()
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[i].append((time.perf_counter() - t0) * 1000)
    return times


def line(label: str, values: list[float], note: str = "") -> str:
    return f"  {label:<58} {statistics.median(values):7.2f}  {p95(values):7.2f}   {note}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_receipt", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    receipt = content()
    font = register_cjk_font()
    ours_pdf = render_receipt(receipt)  # registers the font, installs the subset cache
    b = Bare(receipt, font)
    plain = _default_font()
    for _ in range(WARMUP):
        render_receipt(receipt)
        bare_receipt(b)
        bare_receipt(b, plain)
        bare_receipt(b, qr_widget=True)
    base_pdf = bare_receipt(b)
    ours, base, defaults = interleaved([lambda: render_receipt(receipt), lambda: bare_receipt(b),
                                        lambda: bare_receipt(b, plain)], args.runs)
    widget, = interleaved([lambda: bare_receipt(b, qr_widget=True)], max(args.runs // 8, 20))
    qr_alone, = interleaved([lambda: qr_modules(receipt.qr_payload)], args.runs)

    print(f"80 mm 收费收据, {b.height / mm:.0f} mm tall ({len(ours_pdf) / 1024:.0f} KB ours, "
          f"{len(base_pdf) / 1024:.0f} KB baseline); {args.runs} interleaved runs")
    print(f"  {'(ms)':<58} {'p50':>7}  {'p95':>7}")
    print(line("ours: render_receipt", ours, f"target ≤ {RATIO_TARGET}× baseline"))
    print(line("baseline: bare canvas, same font, draw_qr", base))
    print(line("context: bare canvas, ReportLab defaults (no subset cache)", defaults))
    print(line("context: bare canvas, ReportLab's QrCodeWidget", widget))
    print(line("context: the QR symbol alone (qr_modules)", qr_alone))
    r50 = statistics.median(ours) / statistics.median(base)
    r95 = p95(ours) / p95(base)
    ok = r50 <= RATIO_TARGET and r95 <= RATIO_TARGET
    print(f"\n  {'PASS' if ok else 'OVER TARGET'}: ours/baseline {r50:.2f}× at p50, {r95:.2f}× at p95 "
          f"(target ≤ {RATIO_TARGET}×)")
    print(f"RESULT receipt PDF | p50 {statistics.median(ours):.1f} / p95 {p95(ours):.1f} ms "
          f"({r50:.2f}× / {r95:.2f}×) | "
          f"bare ReportLab p50 {statistics.median(base):.1f} / p95 {p95(base):.1f} ms | "
          f"≤ {RATIO_TARGET}× at p50 and p95 | {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
