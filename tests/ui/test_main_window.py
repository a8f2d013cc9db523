"""The window as `counterdesk gui` starts it: painted before the store is imported, the store opened
behind the login page, a login asked for early kept until the store is open, the counter as its page."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.cli import build_parser, starts_the_window
from desktop.domain.errors import CounterDeskError
from desktop.ui.main_window import COUNTER_KEY, MainWindow, open_for_counter
from desktop.ui.qtapp import register_font

on_sqlite = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the window; the store is tested on both
ROOT = Path(__file__).resolve().parents[2]
WAIT = 10_000
STORE = ("sqlalchemy", "alembic", "desktop.store", "desktop.services", "desktop.context")


@pytest.fixture
def counters(hall):
    register_font()
    hall.services.halls.save_counter(hall.admin, 1, "A")
    hall.services.halls.save_counter(hall.admin, 2, "B")
    hall.services.auth.create_staff(hall.admin, "li", "clerk", "clerkpass1", name="李娜")
    return hall


def logins(hall, username: str) -> int:
    from sqlalchemy import func, select

    from desktop.store.models import AuditEntry

    with hall.ctx.session_factory() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "login", AuditEntry.actor == username))


def waiting_now(ctx, label: str) -> None:
    """A ticket waiting today by the window's own clock (taking one is refused outside opening hours)."""
    from sqlalchemy import insert

    from desktop.services.base import hall_date
    from desktop.store.queue_models import Ticket

    now = ctx.services.calling.now()
    with ctx.session_factory() as session, session.begin():
        session.execute(insert(Ticket), [dict(
            hall_code="152900", day=hall_date(now), series=label[0], category=label[0], number=int(label[1:]),
            label=label, state="waiting", priority=False, sort_at=now, issued_at=now)])


@pytest.fixture
def prefs(tmp_path):
    """This PC's settings, in a file of the test's own (not the user's)."""
    return QSettings(str(tmp_path / "counterdesk.ini"), QSettings.Format.IniFormat)


def shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_window_path_imports_no_store():
    """What `counterdesk gui` imports before its window is painted: Qt, the login form, the DB worker."""
    code = ("import sys, desktop.cli, desktop.ui.main_window\n"
            "desktop.cli.build_parser(window_only=desktop.cli.starts_the_window([]))\n"
            f"print([m for m in sys.modules if m.startswith({STORE!r})])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("argv", "window"), [
    ([], True), (["--db", "sqlite:///x"], True), (["--db=sqlite:///x", "gui"], True),
    (["gui", "--lang", "en"], True), (["--db", "u", "gui", "--lang=en"], True),
    (["--lang", "en"], False),  # --lang is gui's: the full parser says what is wrong
    (["gui", "--db", "u"], False), (["init"], False), (["--help"], False), (["gui", "gui"], False),
])
def test_only_the_window_start_skips_the_other_commands(argv, window):
    assert starts_the_window(argv) is window


def test_the_full_parser_still_has_every_command():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert {"gui", "init", "demo-data", "exams", "export", "backup", "restore", "import"} <= set(commands)
    assert set(build_parser(window_only=True)._subparsers._group_actions[0].choices) == {
        "gui", "display", "kiosk", "screenshot"}


def held_open(release: threading.Event):
    """An opener that waits for the test to let the store open."""
    def opener(url, lang):
        release.wait(WAIT / 1000)
        return open_for_counter(url, lang)
    return opener


def log_in_early(qtbot, window: MainWindow, user: str, password: str) -> None:
    login = window.login
    assert window.ctx is None and "正在打开数据库" in window.store_status.text()
    login.ui.userEdit.setText(user)
    login.ui.passwordEdit.setText(password)
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key_Return)
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key_Return)  # twice: still one login
    assert "打开后即登录" in login.ui.errorLabel.text() and not login.ok_button.isEnabled()


@on_sqlite
def test_a_login_asked_for_before_the_store_is_open_runs_at_the_remembered_counter(counters, prefs, qtbot):
    prefs.setValue(COUNTER_KEY, 2)
    release = threading.Event()
    window = shown(qtbot, MainWindow(counters.url, "zh", prefs=prefs, opener=held_open(release)))
    log_in_early(qtbot, window, "li", "clerkpass1")
    with qtbot.waitSignal(window.counter_shown, timeout=WAIT):
        release.set()
    counter = window.counter
    assert window.pages.currentWidget() is counter and not counter.isWindow()
    assert "2号窗口" in counter.counter_status.text() and "李娜" in counter.clerk_status.text()
    assert logins(counters, "li") == 1
    qtbot.waitUntil(lambda: window.windowTitle().startswith("阿拉善盟车管所"), timeout=WAIT)
    window.activateWindow()  # the counter's shortcuts work in the main window it is a page of
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    waiting_now(window.ctx, "B001")  # on the window's clock, whatever the hour
    panel = counter.queue_panel
    qtbot.keyClick(window, Qt.Key_F1)  # 叫号
    qtbot.waitUntil(lambda: panel.current_label.text() == "B001", timeout=WAIT)
    qtbot.keyClick(window, Qt.Key_F2)  # 重呼
    qtbot.waitUntil(lambda: "重呼 1 次" in panel.detail_label.text(), timeout=WAIT)
    qtbot.keyClick(window, Qt.Key_F5)  # 开始办理 → the driver panel (a B ticket)
    qtbot.waitUntil(lambda: counter.current_panel() == "driver", timeout=WAIT)
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    assert counter.current_panel() == "queue"
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert counter.current_panel() == "vehicle"
    counter.ui.quitAction.trigger()  # 退出 closes the whole window; the counter's timers stop with it
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)
    assert not counter._tick.isActive()
    window.shutdown()
    assert window.ctx is None


@on_sqlite
def test_an_early_login_on_a_new_pc_waits_for_the_counter_to_be_confirmed(counters, prefs, qtbot):
    release = threading.Event()
    window = shown(qtbot, MainWindow(counters.url, "zh", prefs=prefs, opener=held_open(release)))
    log_in_early(qtbot, window, "li", "clerkpass1")
    release.set()
    login = window.login
    qtbot.waitUntil(lambda: "请确认所在窗口" in login.ui.errorLabel.text(), timeout=WAIT)
    assert window.counter is None and login.ok_button.isEnabled() and logins(counters, "li") == 0
    login.select_counter(2)
    with qtbot.waitSignal(window.counter_shown, timeout=WAIT):
        qtbot.mouseClick(login.ok_button, Qt.LeftButton)
    assert "2号窗口" in window.counter.counter_status.text()
    assert prefs.value(COUNTER_KEY) in (2, "2")  # the next start logs in here without asking
    window.close()
    window.shutdown()


@on_sqlite
def test_the_store_opens_after_the_first_paint_and_fills_the_hall(counters, prefs, qtbot):
    window = shown(qtbot, MainWindow(counters.url, "zh", prefs=prefs))
    with qtbot.waitSignal(window.store_ready, timeout=WAIT):
        pass
    login = window.login
    qtbot.waitUntil(lambda: login.ui.counterCombo.count() == 3, timeout=WAIT)
    assert "阿拉善盟车管所" in login.ui.hallLabel.text()
    assert "SQLite" in window.store_status.text()
    login.ui.userEdit.setText("li")
    login.ui.passwordEdit.setText("wrong-password")
    qtbot.mouseClick(login.ok_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "密码错误" in login.ui.errorLabel.text(), timeout=WAIT)
    assert window.counter is None and login.ok_button.isEnabled()
    window.close()
    window.shutdown()


def test_a_store_that_cannot_open_is_said_on_the_login_page(tmp_path, prefs, qtbot):
    window = shown(qtbot, MainWindow(f"sqlite:///{tmp_path / 'never-initialised.sqlite3'}", "zh", prefs=prefs))
    qtbot.waitUntil(lambda: window.exit_code == 1, timeout=WAIT)
    login = window.login
    assert "counterdesk init" in login.ui.errorLabel.text() and not login.ok_button.isEnabled()
    assert window.store_status.text() == "数据库未打开"
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key_Return)  # nothing to log in to: nothing happens
    assert window.counter is None
    qtbot.mouseClick(login.ui.buttons.button(login.ui.buttons.StandardButton.Cancel), Qt.LeftButton)
    assert not window.isVisible()
    window.shutdown()


def test_an_error_of_the_opener_is_shown_not_raised(prefs, qtbot):
    def refuse(url, lang):
        raise CounterDeskError("db_unreachable", "无法连接数据库：测试", "Cannot reach the database: test")

    window = shown(qtbot, MainWindow("postgresql+psycopg://nobody@127.0.0.1:1/none", "zh", prefs=prefs,
                                     opener=refuse))
    qtbot.waitUntil(lambda: "无法连接数据库" in window.login.ui.errorLabel.text(), timeout=WAIT)
    assert window.exit_code == 1
    window.close()
    window.shutdown()
