"""Starting the counter window (`counterdesk gui`) and rendering views offscreen (`screenshot`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.context import AppContext, open_app
from desktop.domain.errors import CounterDeskError
from desktop.services.demo import DEMO_PASSWORD
from desktop.ui.counter_window import CounterWindow
from desktop.ui.dbop import DbWorker
from desktop.ui.login_window import LoginDialog
from desktop.ui.qtapp import create_application, has_display, saved_language


def run_gui(db_url: str | None, *, lang: str | None = None) -> int:
    if not has_display():
        print("错误 / error: 没有图形显示（DISPLAY 未设置），无法打开窗口 / no graphical display (DISPLAY is not set)",
              file=sys.stderr)
        return 1
    app = create_application(lang)
    lang = lang or saved_language()
    try:
        ctx = open_app(db_url, lang=lang)
    except CounterDeskError as exc:
        QMessageBox.critical(None, "CounterDesk", exc.message(lang))
        return 1
    worker = DbWorker()
    try:
        login = LoginDialog(ctx, worker)
        if login.exec() != QDialog.Accepted or login.actor is None:
            return 0
        window = CounterWindow(ctx, login.actor, worker)
        window.show()
        return app.exec()
    finally:
        worker.drain()
        ctx.dispose()


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


def take_screenshot(ctx: AppContext, out: Path, *, view: str, size: tuple[int, int], username: str,
                    lang: str = "zh") -> None:
    app = create_application(lang, offscreen=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if view == "display":
        from desktop.ui.display import board_screenshot

        board_screenshot(ctx, out, size)
        return
    if view == "kiosk":
        raise CounterDeskError("view_not_built", "自助机界面尚未提供（见自助办功能）",
                               "The kiosk view is not built yet (see the self-service capability)")
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
    window = CounterWindow(ctx, actor, worker, refresh_ms=0)
    window.resize(*size)
    window.show_panel("queue" if view == "main" else view)
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
    window.grab().save(str(out))
    window.close()
    worker.drain()
