"""Rendering views offscreen (`counterdesk screenshot`); the window itself starts in main_window.py."""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.context import AppContext, open_app
from desktop.domain.errors import CounterDeskError
from desktop.services.base import HALL_ZONE, Actor, hall_date
from desktop.ui.counter_window import CounterWindow
from desktop.ui.dbop import DbWorker
from desktop.ui.qtapp import create_application


def settle(app: QApplication, worker: DbWorker, seconds: float = 1.5) -> None:
    """Let queued DB work finish and its results reach the widgets."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        worker.drain(200)
        app.processEvents()
        if not worker.busy:
            app.processEvents()
            break


def _stage_vehicle_page(ctx: AppContext, actor, page, app: QApplication, worker: DbWorker) -> None:
    """A vehicle found and its card shown, a transfer form open, today's cases listed."""
    page.refresh()
    recent = ctx.services.vehicles.recent(actor, limit=50)
    chosen = next((v for v in recent if v.key_operating and v.registered), None) or next(
        (v for v in recent if v.registered), None)
    if chosen is not None:
        page.search_edit.setText(chosen.plate)
        page.on_search_requested()
        settle(app, worker)
        index = page.form.business.findData("transfer")
        if index >= 0:
            page.form.business.setCurrentIndex(index)
    settle(app, worker)


class StageClock:
    """A settable clock for a staged copy of the database (the check-in view happens on an exam day)."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def set_hall_time(self, day: date, hour: int, minute: int = 0) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, minute, tzinfo=HALL_ZONE).astimezone(timezone.utc)


def throwaway_copy(ctx: AppContext, folder: Path) -> tuple[AppContext, StageClock] | None:
    """The SQLite database copied (online backup: the WAL included) and opened on a settable clock, so
    staging a view never changes the real data. None for a server database."""
    import sqlite3

    from sqlalchemy.engine import make_url

    url = make_url(ctx.db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    copy = folder / "staged.sqlite3"
    with sqlite3.connect(url.database) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    clock = StageClock()
    staged = open_app(f"sqlite:///{copy}", hall_code=ctx.hall_code, lang=ctx.lang, clock=clock)
    staged.db_url = ctx.db_url  # the status bar names the database the picture comes from
    return staged, clock


HALL_VIEWS = ("main", "queue", "display", "rating", "monitor")  # pictures of a hall at work


def stage_hall_morning(ctx: AppContext, clock: StageClock) -> None:
    """09:41 on a working morning (on a throwaway copy): six counters open, people waiting in A, B and D,
    each open counter serving someone, counter 1 the newest call."""
    from desktop.services.demo import DEMO_PASSWORD

    s, hall = ctx.services, ctx.hall_code
    today = hall_date(clock())
    clock.set_hall_time(today, 9, 5)
    counters = {c.number: c for c in s.halls.counters(hall) if c.active}
    clerks = []
    for n, number in enumerate(sorted(counters)[:6], 1):
        try:
            clerk = s.auth.login(f"clerk0{n}", DEMO_PASSWORD, counter=number)
            s.calling.open_counter(clerk)
            clerks.append(clerk)
        except CounterDeskError:
            pass  # not in this database
    for minute, (code, count) in enumerate((("A", 9), ("B", 4), ("D", 2)), 6):
        clock.set_hall_time(today, 9, minute * 2)
        for _ in range(count):
            try:
                s.tickets.take(hall, code)
            except CounterDeskError:
                break
    for minute, clerk in enumerate(reversed(clerks)):  # counter 1 calls last: the newest call
        clock.set_hall_time(today, 9, 30 + minute * 2)
        try:
            s.calling.call_next(clerk)
        except CounterDeskError:
            pass
    clock.set_hall_time(today, 9, 41)


def _stage_sessions(ctx: AppContext, system: Actor, today: date):
    """Upcoming 科目一 sessions; when the database has none, a site and a plan are published."""
    from desktop.domain import exams as exam_rules

    s = ctx.services
    sessions = s.exam_plans.calendar(system, today, today + timedelta(days=42))
    if sessions:
        return sessions
    site = next((v for v in s.exam_plans.sites(system) if "1" in v.subjects), None) or s.exam_plans.save_site(
        system, "KC01", "机动车驾驶人考试中心（科目一）", ["1"], ["C1", "C2"], "巴彦浩特镇")
    first = today + timedelta(days=exam_rules.DEFAULT_EXAM_POLICY.plan_notice_days + 1)
    weekly = [exam_rules.WeeklySlot(d, h, "1", 30, frozenset(site.classes)) for d in range(5) for h in ("am", "pm")]
    s.exam_plans.publish(system, site.code, weekly, first, first + timedelta(days=27))
    return s.exam_plans.calendar(system, today, today + timedelta(days=42))


def _stage_candidate(ctx: AppContext, system: Actor, session, today: date) -> int:
    """A first-licence applicant accepted at the window and booked into the session."""
    from desktop.domain.identifiers import make_resident_id
    from desktop.services.driver_cases import DriverCaseRequest

    s = ctx.services
    for seq in range(900, 999):
        number = make_resident_id("152921", date(2001, 5, 6), seq)
        if not s.persons.find(system, number):
            break
    pid = s.persons.register(system, number, "王晓燕").id
    case = s.driver_cases.submit(system, DriverCaseRequest("first_licence", person_id=pid, requested_class="C1",
                                                           medical_on=today - timedelta(days=2)))
    cand = s.exam_candidates.find(system, case.case_no)[0]
    s.exam_bookings.book(system, cand.id, session.id)
    return cand.id


def _portrait() -> bytes:
    import io
    import random

    try:
        from desktop.services.demo_exams import demo_photo

        return demo_photo(random.Random(7))
    except ImportError:  # the demo's photo maker is optional here: a plain frame will do
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (358, 441), (214, 222, 232)).save(out, "JPEG")
        return out.getvalue()


def stage_checkin(ctx: AppContext, clock: StageClock) -> tuple[str, str]:
    """The morning of an exam day with a booked seat (the demo's today, or a staged one): the ticket
    printed, the candidate's photo on file. Returns (site code, the ticket's QR text)."""
    s = ctx.services
    system = Actor.system(ctx.hall_code)
    today = hall_date(clock())
    target = None
    for session in _stage_sessions(ctx, system, today):
        seat = next((r for r in s.exam_plans.roster(system, session.id) if r[2] == "booked"), None)
        if seat is not None:
            target = session, seat[3]
            break
    if target is None:  # a session far enough ahead to be booked now, with a seat free
        sessions = _stage_sessions(ctx, system, today)
        session = next((v for v in sessions if v.subject == "1" and v.free > 0
                        and v.day > today + timedelta(days=s.exam_bookings.policy.booking_close_days)), sessions[0])
        target = session, _stage_candidate(ctx, system, session, today)
    session, cand_id = target
    clock.set_hall_time(session.day, 8 if session.half == "am" else 13, 40)
    booking = next(b for b in s.exam_bookings.bookings(system, cand_id)
                   if b.session_id == session.id and b.state == "booked")
    person_id = s.exam_candidates.get(system, cand_id).person_id
    if s.licences.photo(system, person_id) is None:
        s.persons.set_photo(system, person_id, _portrait())
    s.exam_bookings.ticket(system, booking.id)
    serial = next(b.ticket_serial for b in s.exam_bookings.bookings(system, cand_id) if b.id == booking.id)
    day = hall_date(clock())
    for back in range(400):  # the day the ticket was first printed (today, unless the demo printed it)
        payload = s.documents.payload_for(ctx.hall_code, "AT", serial, day - timedelta(days=back))
        if payload and s.documents.verify(payload).ok:
            return session.site_code, payload
    raise CounterDeskError("stage_failed", "无法生成签到演示所需的准考证", "Could not stage an admission ticket")


def _stage_exam_page(ctx: AppContext, view: str, page, app: QApplication, worker: DbWorker,
                     staged: tuple[str, str] | None) -> None:
    """场次日历 with the month's sessions, or 考场签到 after a scan showing the candidate."""
    if view == "checkin":
        page.show_tab("checkin")
        settle(app, worker)
        if staged is not None:
            site, payload = staged
            page.checkin.site.setCurrentIndex(max(0, page.checkin.site.findData(site)))
            settle(app, worker)
            page.checkin.scan_edit.setText(payload)
            page.checkin.on_scan_requested()
            settle(app, worker)
        return
    page.show_tab("calendar")
    today = hall_date(ctx.services.exam_plans.now())
    system = Actor.system(ctx.hall_code)
    upcoming = ctx.services.exam_plans.calendar(system, today, today + timedelta(days=60))
    if upcoming and upcoming[0].day.month != today.month:
        page.calendar.show_day(upcoming[0].day)
    settle(app, worker)
    rows = page.calendar.model.rows()
    pick = next((i for i, r in enumerate(rows) if r.day >= today and r.booked), None)
    if pick is not None:
        page.calendar.view.selectRow(pick)
        page.calendar.view.scrollTo(page.calendar.model.index(pick, 0))
    settle(app, worker)


def take_screenshot(ctx: AppContext, out: Path, *, view: str, size: tuple[int, int], username: str | None = None,
                    lang: str = "zh") -> None:
    if view in ("exam", "checkin"):
        with tempfile.TemporaryDirectory(prefix="counterdesk-stage-") as folder:
            copied = throwaway_copy(ctx, Path(folder))
            if copied is None:  # a server database: shown as it is, nothing staged
                _take_screenshot(ctx, out, view=view, size=size, username=username, lang=lang)
                return
            staged_ctx, clock = copied
            try:
                if view == "checkin":
                    staged = stage_checkin(staged_ctx, clock)
                else:
                    _stage_sessions(staged_ctx, Actor.system(ctx.hall_code), hall_date(clock()))
                    staged = None
                _take_screenshot(staged_ctx, out, view=view, size=size, username=username, lang=lang,
                                 clock=clock, staged=staged)
            finally:
                staged_ctx.dispose()
        return
    if view in HALL_VIEWS:
        with tempfile.TemporaryDirectory(prefix="counterdesk-stage-") as folder:
            copied = throwaway_copy(ctx, Path(folder))
            if copied is not None:  # a server database is shown as it is
                staged_ctx, clock = copied
                try:
                    stage_hall_morning(staged_ctx, clock)
                    _take_screenshot(staged_ctx, out, view=view, size=size, username=username, lang=lang,
                                     clock=clock)
                finally:
                    staged_ctx.dispose()
                return
    _take_screenshot(ctx, out, view=view, size=size, username=username, lang=lang)


def _take_screenshot(ctx: AppContext, out: Path, *, view: str, size: tuple[int, int], username: str | None,
                     lang: str, clock=None, staged=None) -> None:
    app = create_application(lang, offscreen=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if view == "display":
        from desktop.ui.display import board_screenshot

        board_screenshot(ctx, out, size, now=(lambda: clock().astimezone(HALL_ZONE)) if clock else None)
        return
    if view == "kiosk":
        from desktop.ui.kiosk import kiosk_screenshot

        kiosk_screenshot(ctx, out, size)  # the home screen, read only (shots.shoot_all stages every screen)
        return
    from desktop.ui.dialog_shots import DIALOG_VIEWS, shoot_dialog

    if view in DIALOG_VIEWS:
        shoot_dialog(ctx, out, view, size, username, clock, settle)
        return
    from desktop.services.demo import DEMO_PASSWORD

    username = username or ("exam01" if view in ("exam", "checkin") else "clerk01")
    counters = [c.number for c in ctx.services.halls.counters(ctx.hall_code) if c.active]
    try:
        actor = ctx.services.auth.login(username, DEMO_PASSWORD, counter=counters[0] if counters else None)
    except CounterDeskError as exc:
        raise CounterDeskError("demo_login_failed", f"无法以演示账号 {username} 登录：请先运行 counterdesk demo-data",
                               f"Cannot log in as the demo account {username}: run `counterdesk demo-data` first") \
            from exc
    if actor.counter is not None:
        ctx.services.calling.open_counter(actor)
    worker = DbWorker()
    window = CounterWindow(ctx, actor, worker, clock=clock, refresh_ms=0)
    window.resize(*size)
    window.show_panel({"main": "queue", "checkin": "exam"}.get(view, view))
    window.show()
    settle(app, worker)
    if view == "vehicle":
        _stage_vehicle_page(ctx, actor, window.vehicle_page, app, worker)
    if view == "driver":
        page = window.driver_page
        page.refresh()
        page.search_edit.setText("王")
        page.on_search_requested()
        settle(app, worker)
        # a holder with a licence and something due, if the demo has one
        rows = page.results.rows()
        pick = next((i for i, h in enumerate(rows) if h.licence_id and h.status == "A"
                     and any("换证" in w for w in h.warnings)), None)
        pick = pick if pick is not None else next((i for i, h in enumerate(rows) if h.licence_id and h.warnings), None)
        pick = pick if pick is not None else next((i for i, h in enumerate(rows) if h.licence_id), None)
        if pick is not None:
            page.results_view.selectRow(pick)
            index = page.business.findData("renewal")
            page.business.setCurrentIndex(max(index, 0))
            settle(app, worker)
    if view in ("exam", "checkin"):
        _stage_exam_page(ctx, view, window.exam_page, app, worker, staged)
    window.grab().save(str(out))
    window.close()
    worker.drain()
