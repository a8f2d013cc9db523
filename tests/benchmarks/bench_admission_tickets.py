"""准考证 batch benchmark (not in the default test run): python -m tests.benchmarks.bench_admission_tickets

Target (issue 6): 1,000 admission tickets in one A4 PDF in under 5 s. Measured two ways:
- through the service, the way the hall prints them: ExamTicketService.day_tickets over 1,000 real
  bookings — two 500-seat 科目一 sessions (MAX_CAPACITY), morning and afternoon of one day at one site,
  filled by the allocation run, each candidate with a photo in the database — on the SQLite default.
  The first print registers and signs every ticket (its own serial, audit entry and QR); the reprint
  reads them back. Both must be under 5 s. A copy of the database for every first print;
- the renderer alone: 1,000 contents built in memory (20 distinct 358×441 JPEGs made with PIL,
  cycled, every ticket holding its own copy) into render_admission_tickets.
Baseline in the same run: a bare ReportLab canvas drawing the same strings, boxes, photo and QR on every
page at fixed places, without our layout (no wrapping, measuring, tables or forms), twice: with
ReportLab's defaults (the photo through drawImage(ImageReader(...)), ASCII85 page streams), and with
our photo pass-through and Flate-only streams, which leaves the layout as the difference: ours measures
and wraps, but draws the labels, lines and rules once per batch (a form) where the canvas draws them on
every page. Both draw the QR with qr.draw_qr. Also shown: 1,000 photos that are all different (nothing
for the PDF to share), the QR symbols alone (1,000 signed payloads, in every figure), and one ticket at
the counter. Exit 1 when a figure misses the target.
"""

from __future__ import annotations

import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from argon2 import PasswordHasher
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, insert, select

from desktop.context import open_app, open_store
from desktop.documents.admission_ticket import (
    DEFAULT_RULES,
    AdmissionTicketContent,
    _flate_only,
    draw_photo,
    render_admission_ticket,
    render_admission_tickets,
)
from desktop.documents.drawing import wrap
from desktop.documents.fonts import register_cjk_font
from desktop.documents.qr import draw_qr, qr_modules
from desktop.documents.signing import DocumentRef, sign_payload
from desktop.domain import exams as exam_rules
from desktop.domain.exam_allocation import MAX_CAPACITY
from desktop.domain.identifiers import make_resident_id
from desktop.services.setup import initialise
from desktop.store.exam_models import ExamCandidate, ExamRequest
from desktop.store.models import AuditEntry, IssuedDocument, Person

N = 1000
DISTINCT_PHOTOS = 20
RUNS = 3
SINGLE_RUNS = 30
TARGET_S = 5.0
KEY = bytes(range(32))
OFFICE = "阿拉善盟公安局交通警察支队车辆管理所"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华芳军伟丽强敏静磊洋艳勇娟涛超秀兰霞平刚桂英巴特尔其木格"
SITE_NAME = "阿拉善盟机动车驾驶人考试中心 科目一考场"
SITE_ADDRESS = "内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇额鲁特西路18号"
# The service case: two full sessions on a Monday, printed on the Friday before (hall time 10:00).
EXAM_DAY = date(2026, 12, 14)
PRINTED_AT = datetime(2026, 12, 11, 2, 0, tzinfo=timezone.utc)
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def person_name(i: int) -> str:
    return SURNAMES[i % 20] + GIVEN[i * 7 % len(GIVEN)] + GIVEN[i * 13 % len(GIVEN)]


def photo(seed: int, mark: str = "") -> bytes:
    """A 358×441 ID-style photo with some grain, so the JPEG is the size of a real one (~20–40 KB)."""
    rng = random.Random(seed)
    ground = (rng.randrange(150, 256), rng.randrange(150, 256), rng.randrange(150, 256))
    image = Image.new("RGB", (358, 441), ground)
    draw = ImageDraw.Draw(image)
    dx, dy = rng.randrange(-20, 21), rng.randrange(-15, 16)
    draw.ellipse((100 + dx, 70 + dy, 258 + dx, 270 + dy), fill=(rng.randrange(200, 245), 190, 160))
    draw.ellipse((85 + dx, 50 + dy, 273 + dx, 150 + dy), fill=(30, 25, 20))
    draw.rectangle((50, 310, 308, 441), fill=(rng.randrange(20, 80), 40, 70))
    if mark:
        draw.text((10, 420), mark, fill=(0, 0, 0))
    grain = Image.effect_noise((358, 441), 40).convert("RGB")
    image = Image.blend(image, grain, 0.1)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def tickets(photos: list[bytes]) -> list[AdmissionTicketContent]:
    out = []
    for i in range(N):
        serial = f"AT2612140{i:05d}"
        out.append(AdmissionTicketContent(
            office_name=OFFICE,
            name=person_name(i),
            id_masked=f"152921********{i:04d}",
            photo_jpeg=bytes(bytearray(photos[i % len(photos)])),  # every ticket its own bytes object
            subject_name="科目一",
            cls="C1",
            site_name=SITE_NAME,
            site_address=SITE_ADDRESS,
            session_text=f"2026年12月14日 {'上午 08:30–11:30' if i < N // 2 else '下午 14:00–17:00'}",
            order_no=f"{i % 500 + 1:03d}",
            booking_code=f"K{i:04d}Q2X",
            application_no=f"DC2612140{i:05d}",
            rules=list(DEFAULT_RULES),
            qr_payload=sign_payload(DocumentRef("AT", serial, "152900", date(2026, 12, 14)), KEY),
            serial=serial,
            issued_at="2026-11-27 10:32",
        ))
    return out


def bare_reportlab(contents: list[AdmissionTicketContent], rule_lines: list[str], *, fast: bool = False) -> bytes:
    """The baseline: every page's strings, boxes, photo and QR at fixed places on a plain canvas; `fast`
    embeds the photo and encodes the page streams as ours does."""
    font = register_cjk_font()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font, initialFontSize=10)
    width, height = A4
    x0, label_w, row_h = 20 * mm, 38 * mm, 9 * mm
    for t in contents:
        c.setFont(font, 13)
        c.drawCentredString(width / 2, height - 30 * mm, t.office_name)
        c.setFont(font, 22)
        c.drawCentredString(width / 2, height - 42 * mm, "机动车驾驶人考试准考证")
        draw_qr(c, t.qr_payload, width - 50 * mm, height - 45 * mm, 30 * mm)
        c.setFont(font, 8.5)
        c.drawCentredString(width - 35 * mm, height - 48 * mm, "扫码验真 / 考场签到")
        c.drawCentredString(width - 35 * mm, height - 52 * mm, t.serial)
        c.line(x0, height - 56 * mm, width - x0, height - 56 * mm)
        fields = [("姓名", t.name), ("身份证明号码", t.id_masked), ("准驾车型", t.cls), ("考试科目", t.subject_name),
                  ("考试场地", t.site_name), ("场地地址", t.site_address), ("考试时间", t.session_text),
                  ("序号", t.order_no), ("预约码", t.booking_code), ("受理编号", t.application_no)]
        c.setFont(font, 11)
        top = height - 60 * mm
        for i, (label, value) in enumerate(fields):
            y = top - (i + 1) * row_h
            c.rect(x0, y, label_w, row_h)
            c.rect(x0 + label_w, y, width - 2 * x0 - label_w, row_h)
            c.drawString(x0 + 2 * mm, y + 3 * mm, label)
            c.drawString(x0 + label_w + 2 * mm, y + 3 * mm, value)
        if fast:
            draw_photo(c, t.photo_jpeg, width - 50 * mm, top - 35 * mm, 26 * mm, 32 * mm)
        else:
            c.drawImage(ImageReader(io.BytesIO(t.photo_jpeg)), width - 50 * mm, top - 35 * mm, 26 * mm, 32 * mm)
        c.rect(width - 50 * mm, top - 35 * mm, 26 * mm, 32 * mm)
        y = top - 11 * row_h
        c.setFont(font, 12.5)
        c.drawString(x0, y, "考场规则")
        c.setFont(font, 10.5)
        for line in rule_lines:
            y -= 5.5 * mm
            c.drawString(x0, y, line)
        c.line(x0, 26 * mm, width - x0, 26 * mm)
        c.setFont(font, 10)
        c.drawString(x0, 20 * mm, f"签发时间：{t.issued_at}")
        c.drawRightString(width - x0, 20 * mm, f"编号：{t.serial}")
        c.showPage()
        if fast:
            _flate_only(c)
    c.save()
    return buf.getvalue()


# --- through the service ---------------------------------------------------------------------------------

def build_hall(path: Path, photos: list[bytes]) -> None:
    """A hall with one site, a Monday's two 500-seat 科目一 sessions and 1,000 candidates (each with a
    photo) booked into them by the allocation run."""
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code="152900", hall_name=OFFICE, admin_username="admin",
               admin_password="admin1234", hasher=FAST)
    engine.dispose()
    booked_at = PRINTED_AT - timedelta(days=14)
    ctx = open_app(url, clock=lambda: booked_at, hasher=FAST)
    s = ctx.services
    admin = s.auth.login("admin", "admin1234")
    s.exam_plans.save_site(admin, "KC01", SITE_NAME, ["1"], ["C1", "C2"], SITE_ADDRESS)
    s.exam_plans.publish(admin, "KC01", [exam_rules.WeeklySlot(EXAM_DAY.weekday(), half, "1", MAX_CAPACITY,
                                                               frozenset({"C1", "C2"})) for half in ("am", "pm")],
                         EXAM_DAY, EXAM_DAY)
    people, cands, reqs = [], [], []
    for i in range(N):
        born = date(1976, 1, 1) + timedelta(days=9 * i)  # all different: the ID numbers are unique
        people.append(dict(id=i + 1, id_number=make_resident_id("152921", born, 100 + i % 800), name=person_name(i),
                           sex="M" if i % 2 else "F", birth_date=born, phone="", address="",
                           photo=photos[i % len(photos)], hall_code="152900", created_at=booked_at))
        cands.append(dict(id=i + 1, hall_code="152900", person_id=i + 1, cls="C1" if i % 3 else "C2",
                          application_no=f"DC2611{i:07d}", accepted_at=booked_at - timedelta(days=3, minutes=i),
                          school="安达驾校", source="bench", state="active", site_changes=0, failed_checks=0,
                          locked=False, created_by="bench"))
        reqs.append(dict(hall_code="152900", candidate_id=i + 1, subject="1", sites="KC01", first_day=EXAM_DAY,
                         last_day=EXAM_DAY, channel="school", state="open", reason_code="", reason="",
                         created_at=booked_at))
    with ctx.session_factory() as session, session.begin():
        session.execute(insert(Person.__table__), people)
        session.execute(insert(ExamCandidate.__table__), cands)
        session.execute(insert(ExamRequest.__table__), reqs)
    report = s.exam_bookings.allocate(admin, EXAM_DAY)
    assert len(report.booked) == N, f"{len(report.booked)} booked, not {N}: {report.not_booked[:3]}"
    ctx.dispose()


def print_day(base: Path, work: Path) -> tuple[float, float, bytes]:
    """On a fresh copy of the hall: the first print of the day's 1,000 tickets (registering them) and the
    reprint, timed; then checked: 1,000 pages, 1,000 registered serials each with its audit entry, the
    chain intact, the first and last page's QR genuine."""
    shutil.copyfile(base, work)
    ctx = open_app(f"sqlite:///{work}", clock=lambda: PRINTED_AT, hasher=FAST)
    try:
        s = ctx.services
        officer = s.auth.login("admin", "admin1234")
        t0 = time.perf_counter()
        pdf = s.exam_bookings.day_tickets(officer, EXAM_DAY, "KC01")
        t1 = time.perf_counter()
        again = s.exam_bookings.day_tickets(officer, EXAM_DAY, "KC01")
        t2 = time.perf_counter()
        doc = pdfium.PdfDocument(pdf)
        assert len(doc) == N, f"{len(doc)} pages, not {N}"
        for page in (0, N - 1):
            [code] = zxingcpp.read_barcodes(doc[page].render(scale=2).to_pil())
            check = s.documents.verify(code.text)
            assert check.ok and check.kind == "AT", check
        doc.close()
        assert len(pdfium.PdfDocument(again)) == N
        with ctx.session_factory() as session:
            serials = set(session.execute(select(IssuedDocument.serial).where(IssuedDocument.kind == "AT")).scalars())
            audited = session.execute(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "document_issued", AuditEntry.record_id.in_(sorted(serials)))).scalar_one()
        assert len(serials) == N and audited == N, (len(serials), audited)
        assert s.audit.verify().ok
    finally:
        ctx.dispose()
    return t1 - t0, t2 - t1, pdf


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def line(label: str, seconds: float, note: str = "") -> str:
    return f"  {label:<58} {seconds:6.2f} s  {note}"


def main() -> int:
    print(f"making {DISTINCT_PHOTOS} photos, {N} tickets (and {N} all-different photos for the second case) …")
    photos = [photo(seed) for seed in range(DISTINCT_PHOTOS)]
    cycled = tickets(photos)
    distinct = tickets([photo(i % DISTINCT_PHOTOS, mark=str(i)) for i in range(N)])
    font = register_cjk_font()
    rule_lines = [f"{n}. {part}" for n, rule in enumerate(DEFAULT_RULES, 1)
                  for part in wrap(rule, font, 10.5, 160 * mm)]  # wrapped once: the baseline has no layout
    photo_kb = statistics.mean(len(t.photo_jpeg) for t in distinct) / 1024
    print(f"photos: JPEG 358×441, {photo_kb:.0f} KB on average")

    render_admission_tickets(cycled[:5])  # warm-up: font, QR tables
    bare_reportlab(cycled[:5], rule_lines)
    with tempfile.TemporaryDirectory() as tmp:
        base_db = Path(tmp) / "hall.sqlite3"
        t0 = time.perf_counter()
        build_hall(base_db, photos)
        print(f"hall with {N} bookings (2 sessions × {MAX_CAPACITY}) built in {time.perf_counter() - t0:.1f} s")
        runs = [print_day(base_db, Path(tmp) / f"run{k}.sqlite3") for k in range(RUNS)]
    first = statistics.median(r[0] for r in runs)
    reprint = statistics.median(r[1] for r in runs)
    service_pdf = runs[-1][2]
    ours, pdf = timed(lambda: render_admission_tickets(cycled), RUNS)
    base, base_pdf = timed(lambda: bare_reportlab(cycled, rule_lines), RUNS)
    ours_distinct, pdf_distinct = timed(lambda: render_admission_tickets(distinct), RUNS)
    floor, floor_pdf = timed(lambda: bare_reportlab(cycled, rule_lines, fast=True), RUNS)
    qr_alone, _ = timed(lambda: [qr_modules(t.qr_payload) for t in cycled], RUNS)

    print(f"\n{N} 准考证 as one A4 PDF (median of {RUNS}):")
    print("through the service (ExamTicketService.day_tickets, 2 sessions × 500 booked, photos from the database):")
    print(line("first print: reads, registers and signs each ticket, renders", first,
               f"({len(service_pdf) / 1e6:.1f} MB; target < {TARGET_S:.0f} s)"))
    print(line("reprint: the same serials and QRs read back, renders", reprint, f"(target < {TARGET_S:.0f} s)"))
    print("the renderer alone (contents built in memory):")
    print(line(f"ours, {DISTINCT_PHOTOS} photos cycled", ours,
               f"({len(pdf) / 1e6:.1f} MB; target < {TARGET_S:.0f} s)"))
    print(line("baseline: bare ReportLab canvas, same content", base, f"({len(base_pdf) / 1e6:.1f} MB)"))
    print(line("baseline with our photo embedding and streams", floor, f"({len(floor_pdf) / 1e6:.1f} MB)"))
    print(line(f"ours, {N} all-different photos", ours_distinct, f"({len(pdf_distinct) / 1e6:.1f} MB)"))
    print(line(f"the {N} QR symbols alone (in every figure)", qr_alone))

    ticket_times, page_times = [], []
    for i in range(SINGLE_RUNS):
        t0 = time.perf_counter()
        render_admission_ticket(cycled[i])
        t1 = time.perf_counter()
        bare_reportlab([cycled[i]], rule_lines)
        page_times.append((time.perf_counter() - t1) * 1000)
        ticket_times.append((t1 - t0) * 1000)
    print(f"\none ticket at the counter (p50 of {SINGLE_RUNS}):")
    print(f"  {'ours':<58} {statistics.median(ticket_times):6.1f} ms")
    print(f"  {'baseline: bare ReportLab canvas':<58} {statistics.median(page_times):6.1f} ms")

    figures = [("through the service, first print", first), ("through the service, reprint", reprint),
               ("the renderer alone", ours)]
    print()
    for label, seconds in figures:
        met = seconds < TARGET_S
        print(f"RESULT {N:,} admission tickets in one PDF, {label} | {seconds:.2f} s | bare ReportLab {base:.2f} s "
              f"| < {TARGET_S:.0f} s | {'met' if met else 'NOT met'}")
    ok = all(seconds < TARGET_S for _, seconds in figures)
    print(f"\n  {'PASS' if ok else 'OVER TARGET'}: {first:.2f} s for {N} tickets against {TARGET_S:.0f} s through "
          f"the service (reprint {reprint:.2f} s, renderer alone {ours:.2f} s, bare ReportLab {base:.2f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
