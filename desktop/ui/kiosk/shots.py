"""Screenshots of the kiosk: the home screen from the real data (read only), and every screen of
every flow staged on a throwaway copy of the database (a ticket taken, a 科目一 candidate booked …),
in normal and large text, for the README and for looking at."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.ui.dbop import DbWorker
from desktop.ui.kiosk.printing import NO_PRINTER, PRINTED
from desktop.ui.kiosk.window import KioskWindow


def settle(window: KioskWindow, seconds: float = 3.0) -> None:
    app = QApplication.instance()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        window.env.worker.drain(100)
        window.print_worker.drain(100)
        app.processEvents()
        if not window.env.worker.busy and not window.print_worker.busy:
            app.processEvents()
            break


def _window(ctx, size: tuple[int, int], *, large: bool, printer=lambda pdf, title: PRINTED) -> KioskWindow:
    from desktop.ui.qtapp import create_application

    QApplication.instance() or create_application(offscreen=True)
    config = ctx.services.kiosk.config(ctx.hall_code)
    window = KioskWindow(ctx.services.kiosk, config, DbWorker(), name="screenshot", printer=printer,
                         now=ctx.services.kiosk.now, lockdown=False)
    window.resize(*size)
    window.set_large(large)
    window.show()
    settle(window)
    return window


def _save(window: KioskWindow, out: Path) -> Path:
    settle(window)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out


def shoot_home(ctx, out: Path, size: tuple[int, int], *, large: bool = False) -> None:
    window = _window(ctx, size, large=large)
    try:
        _save(window, out)
    finally:
        window.stop()
        window.env.worker.drain()
        window.deleteLater()


def _stage_candidate(ctx, today: date) -> tuple[str, str]:
    """A first-licence applicant accepted at the window, not yet booked: (ID number, 受理编号)."""
    from desktop.domain.identifiers import make_resident_id
    from desktop.services.base import Actor
    from desktop.services.driver_cases import DriverCaseRequest

    s, system = ctx.services, Actor.system(ctx.hall_code)
    for seq in range(700, 899):
        number = make_resident_id("152921", date(1999, 8, 16), seq)
        if not s.persons.find(system, number):
            break
    pid = s.persons.register(system, number, "王晓燕").id
    case = s.driver_cases.submit(system, DriverCaseRequest("first_licence", person_id=pid, requested_class="C1",
                                                           medical_on=today - timedelta(days=2)))
    return number, case.case_no


def _stage_hall(ctx) -> None:
    """A morning in the hall: six counters open, people waiting in A, B and D."""
    from desktop.domain.errors import CounterDeskError
    from desktop.services.demo import DEMO_PASSWORD

    s = ctx.services
    for n, counter in enumerate((1, 2, 3, 11, 12, 13), 1):
        try:
            s.calling.open_counter(s.auth.login(f"clerk0{n}", DEMO_PASSWORD, counter=counter))
        except CounterDeskError:
            pass  # not in this database, or open already
    for code, n in (("A", 8), ("B", 3), ("D", 1)):
        for _ in range(n):
            try:
                s.tickets.take(ctx.hall_code, code)
            except CounterDeskError:
                break


def shoot_all(ctx, folder: Path, size: tuple[int, int], *, prefix: str = "kiosk") -> list[Path]:
    """Every screen, normal and large, on a throwaway copy of an SQLite database (nothing changes in
    the real one). Files: <prefix>-<screen>[-large].png in `folder`."""
    from desktop.services.base import Actor, hall_date
    from desktop.ui.launch import _stage_sessions, throwaway_copy

    import tempfile

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="counterdesk-kiosk-") as tmp:
        copied = throwaway_copy(ctx, Path(tmp))
        if copied is None:
            raise RuntimeError("the kiosk gallery stages data: it needs an SQLite database")
        staged, clock = copied
        try:
            today = hall_date(clock())
            clock.set_hall_time(today, 9, 41)
            _stage_sessions(staged, Actor.system(staged.hall_code), today)
            _stage_hall(staged)
            for large in (False, True):
                id_number, case_no = _stage_candidate(staged, today)
                written += _gallery(staged, folder, size, large, prefix, id_number, case_no)
        finally:
            staged.dispose()
    return written


def _gallery(ctx, folder: Path, size, large: bool, prefix: str, id_number: str, case_no: str) -> list[Path]:
    out: list[Path] = []
    printers = {"printer": PRINTED}
    window = _window(ctx, size, large=large, printer=lambda pdf, title: printers["printer"])
    tail = "-large" if large else ""

    def shot(name: str) -> None:
        out.append(_save(window, folder / f"{prefix}-{name}{tail}.png"))

    try:
        shot("home")
        window.open_screen("ticket")
        shot("ticket-1")
        t = window.screens["ticket"]
        code = next(iter(t.category_tiles))
        t.category_tiles[code].click()
        t.id_field.setText(id_number[:10])
        shot("ticket-2")
        t.on_skip_requested()
        shot("ticket-3")
        window.go_home()
        printers["printer"] = NO_PRINTER
        window.open_screen("ticket")
        settle(window)
        t.category_tiles[code].click()
        t.on_skip_requested()
        shot("ticket-noprinter")
        printers["printer"] = PRINTED
        label = t.last_ticket.label if t.last_ticket else ""
        window.go_home()

        window.open_screen("queue")
        q = window.screens["queue"]
        q.field.setText(label)
        q.on_query_requested()
        shot("queue")
        window.go_home()

        window.open_screen("booking")
        b = window.screens["booking"]
        b.form.id_field.setText(id_number)
        b.form.code_field.setText(case_no[:-1] + ("9" if case_no[-1] != "9" else "8"))
        b.form.code_field.setFocus()
        b.on_lookup_requested()
        shot("booking-error")
        b.form.code_field.setText(case_no)
        b.on_lookup_requested()
        shot("booking-2")
        if b.session_buttons:
            b.session_buttons[0].click()
            shot("booking-3")
            b.on_confirm_requested()
            shot("booking-4")
        code = b.booking.code if b.booking else ""
        window.go_home()
        window.open_screen("booking")
        b.form.id_field.setText(id_number[:14])
        shot("booking-1")
        window.go_home()

        window.open_screen("reprint")
        r = window.screens["reprint"]
        r.form.id_field.setText(id_number)
        r.form.code_field.setText(code)
        r.form.code_field.setFocus()
        shot("reprint-1")
        r.on_reprint_requested()
        shot("reprint-2")
        window.go_home()

        window.open_screen("guide")
        shot("guide-1")
        g = window.screens["guide"]
        g.open_kind("vehicle")
        shot("guide-2")
        g.open_business("vehicle", "transfer")
        shot("guide-3")
        window.go_home()

        window.open_screen("pin")
        window.screens["pin"].field.setText("12")
        shot("pin")
    finally:
        window.stop()
        window.env.worker.drain()
        window.deleteLater()
    return out
