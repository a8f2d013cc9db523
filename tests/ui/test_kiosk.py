"""The self-service kiosk with pytest-qt (offscreen): 取号 with and without an ID number (the slip
printed, the number, people ahead and wait shown); 排队查询 by number and by the slip's QR; 科目一
self-booking to a printed admission ticket; the reprint with ID + 预约码; wrong codes locked out after
five tries; the 办事指南 checklist; the idle reset that forgets a half-typed ID number; 大字模式; no
printer → the number framed large; the blocked keys, the refused close and the PIN way out.
Printing is a fake printer; time is the hall's FakeClock (services) and a fake monotonic (idle)."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar
from sqlalchemy import select

from desktop.context import open_app, open_store
from desktop.domain.identifiers import make_resident_id
from desktop.services.setup import initialise
from desktop.store.exam_models import ExamBooking
from desktop.ui.dbop import DbWorker
from desktop.ui.kiosk import KioskWindow
from desktop.ui.kiosk.printing import NO_PRINTER, PRINTED
from desktop.ui.qtapp import register_font
from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, FakeClock, Hall
from tests.services.test_exams import MON_AM, applicant

WAIT = 8000
HALL = "152900"
PIN = "2468"


class FakePrinter:
    """Records what would have been printed; `outcome` is what the printer says."""

    def __init__(self) -> None:
        self.outcome = PRINTED
        self.jobs: list[tuple[str, bytes]] = []

    def __call__(self, pdf: bytes, title: str) -> str:
        self.jobs.append((title, pdf))
        return self.outcome

    def text(self, n: int = -1) -> str:
        return "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(self.jobs[n][1]))


class Ticks:
    """A monotonic clock the test moves (idle count, corner taps)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def kiosk_template(tmp_path_factory):
    """One initialised hall for the module (migrations once): counter 1 (A, B) open with a clerk, an
    exam officer, a 科目一 site and the admin PIN. Each test gets a copy."""
    path = tmp_path_factory.mktemp("kiosk") / "hall.sqlite3"
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=FakeClock(), hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(url, clock=FakeClock(), hasher=FAST_HASHER)
    s = ctx.services
    admin = s.auth.login("admin", ADMIN_PASSWORD)
    s.halls.save_counter(admin, 1, "A,B")
    for user, role in (("clerk", "clerk"), ("officer", "exam")):
        s.auth.create_staff(admin, user, role, f"{user}pass1")
    s.calling.open_counter(s.auth.login("clerk", "clerkpass1", counter=1))
    s.exam_plans.save_site(s.auth.login("officer", "officerpass1"), "KC01", "阿拉善盟考试中心（科目一）", ["1"],
                           ["C1", "C2"], "巴彦浩特镇")
    s.kiosk.set_pin(admin, PIN)
    ctx.dispose()
    return path


@pytest.fixture
def k(kiosk_template, tmp_path, qtbot):
    """A copy of the hall on a fake clock, and the kiosk window on it (a fake printer, fake ticks)."""
    register_font()
    copy = tmp_path / "hall.sqlite3"
    shutil.copyfile(kiosk_template, copy)
    clock = FakeClock()
    ctx = open_app(f"sqlite:///{copy}", clock=clock, hasher=FAST_HASHER)
    s = ctx.services
    hall = Hall(f"sqlite:///{copy}", ctx, clock, s.auth.login("admin", ADMIN_PASSWORD))
    hall.clerk = s.auth.login("clerk", "clerkpass1", counter=1)
    hall.officer = s.auth.login("officer", "officerpass1")
    hall.printer, hall.ticks, hall.worker = FakePrinter(), Ticks(), DbWorker()
    window = KioskWindow(s.kiosk, s.kiosk.config(HALL), hall.worker, name="K1", printer=hall.printer,
                         monotonic=hall.ticks, now=s.kiosk.now)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    hall.window = window
    yield hall
    window.stop()
    hall.worker.drain()
    ctx.dispose()


def idle(k, qtbot):
    qtbot.waitUntil(lambda: not k.worker.busy and not k.window.print_worker.busy, timeout=WAIT)


def tap(qtbot, button):
    qtbot.mouseClick(button, Qt.LeftButton)


def keypad(qtbot, pad, text):
    for ch in text:
        tap(qtbot, pad.keys[ch])


def open_screen(k, qtbot, key):
    tap(qtbot, k.window.home.tiles[key])
    idle(k, qtbot)
    return k.window.screens[key]


def test_take_a_ticket_without_and_with_an_id_number(k, qtbot):
    t = open_screen(k, qtbot, "ticket")
    assert set(t.category_tiles) >= {"A", "B"} and "等候 0 人" in t.category_tiles["A"].note.text()
    tap(qtbot, t.category_tiles["A"])
    tap(qtbot, t.skip_button)
    idle(k, qtbot)
    assert t.number.text() == "A001" and "前面 0 人" in t.wait_line.text() and "分钟" in t.wait_line.text()
    assert k.printer.jobs and "A001" in k.printer.text() and "号票已打印" in t.message.text()
    tap(qtbot, t.home_button)  # 完成
    assert k.window.current == "home"

    number = make_resident_id("152921", date(1990, 3, 4), 12)
    k.services.persons.register(k.admin, number, "张三明")
    t = open_screen(k, qtbot, "ticket")
    assert "等候 1 人" in t.category_tiles["A"].note.text()
    tap(qtbot, t.category_tiles["A"])
    keypad(qtbot, t.keypad, number[:-1] + "9")  # a wrong check digit, typed on the keypad
    tap(qtbot, t.take_button)
    idle(k, qtbot)
    assert "校验" in t.message.text() and t.steps.currentIndex() == 1
    tap(qtbot, t.keypad.keys["clear"])
    qtbot.keyClicks(t.id_field, number)  # the card reader types it and Enter
    qtbot.keyClick(t.id_field, Qt.Key_Return)
    idle(k, qtbot)
    assert t.number.text() == "A002" and "前面 1 人" in t.wait_line.text() and "张*明" in t.name_line.text()
    slip = k.printer.text()
    assert "A002" in slip and "张*明" in slip and number not in slip
    assert t.id_field.text() == ""


def test_queue_look_up_by_number_and_by_the_slips_qr(k, qtbot):
    s = k.services
    s.tickets.take(HALL, "A")
    second = s.tickets.take(HALL, "A")
    q = open_screen(k, qtbot, "queue")
    keypad(qtbot, q.keypad, "A002")
    tap(qtbot, q.query_button)
    idle(k, qtbot)
    assert q.result_label.text() == "A002" and q.result_state.text() == "等候中"
    assert "前面还有 1 人" in q.result_wait.text() and "分钟" in q.result_wait.text()
    s.calling.call_next(k.clerk)
    qtbot.keyClicks(q.field, second.slip_payload.lower())  # what a scanner types (case as it comes)
    qtbot.keyClick(q.field, Qt.Key_Return)
    idle(k, qtbot)
    assert q.position.label == "A002" and "前面还有 0 人" in q.result_wait.text()
    keypad(qtbot, q.keypad, "A001")
    qtbot.keyClick(q.field, Qt.Key_Return)
    idle(k, qtbot)
    assert "1 号窗口" in q.result_state.text() and q.result_wait.text() == ""
    keypad(qtbot, q.keypad, "B077")
    tap(qtbot, q.query_button)
    idle(k, qtbot)
    assert "没有 B077" in q.message.text()


def fill_credentials(qtbot, form, id_number, code):
    qtbot.keyClicks(form.id_field, id_number)
    qtbot.keyClick(form.id_field, Qt.Key_Return)  # on to the code, as after a card read
    assert form.code_field.hasFocus() and form.keypad.mode == "code"
    keypad(qtbot, form.keypad, code)


def test_subject_one_booking_to_a_printed_admission_ticket_and_the_reprint(k, qtbot):
    s = k.services
    s.exam_plans.publish(k.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    cand = applicant(k, 1, "王小明")
    number = make_resident_id("152921", date(2000, 4, 5), 31)
    b = open_screen(k, qtbot, "booking")
    fill_credentials(qtbot, b.form, number, cand.application_no)
    tap(qtbot, b.form.submit_button)
    idle(k, qtbot)
    assert b.steps.currentIndex() == 1 and len(b.session_buttons) == 5
    assert "王*明" in b.who.text() and number not in b.who.text() and "考试中心" in b.who.text()
    assert "余 2 座" in b.session_buttons[0].text()
    tap(qtbot, b.session_buttons[0])
    assert b.steps.currentIndex() == 2 and "2026年12月07日 星期一 上午" in b.summary_values["when"].text()
    tap(qtbot, b.back_button)  # 返回: choose again
    tap(qtbot, b.session_buttons[1])
    tap(qtbot, b.confirm_button)
    idle(k, qtbot)
    code = b.booking.code
    assert b.steps.currentIndex() == 3 and b.code.text() == code and "12月08日" in b.booked_line.text()
    ticket = k.printer.text()
    assert "准考证" in ticket and code in ticket and "准考证已打印" in b.message.text()
    assert b.form.id_field.text() == "" and b.form.code_field.text() == ""
    with k.ctx.session_factory() as session:
        assert session.execute(select(ExamBooking.channel)).scalar_one() == "kiosk"
    tap(qtbot, b.home_button)

    r = open_screen(k, qtbot, "reprint")
    fill_credentials(qtbot, r.form, number, code)
    qtbot.keyClick(r.form.code_field, Qt.Key_Return)
    idle(k, qtbot)
    assert r.code.text() == code and "王*明" in r.booked_line.text() and len(k.printer.jobs) == 2
    assert code in k.printer.text() and "已打印" in r.message.text()


def test_wrong_codes_are_locked_out_after_five_tries(k, qtbot):
    cand = applicant(k, 2, "李大海")
    number = make_resident_id("152921", date(2000, 4, 5), 32)
    r = open_screen(k, qtbot, "reprint")
    messages = []
    for n in range(5):
        r.form.clear()
        fill_credentials(qtbot, r.form, number, f"WRNGCD{n}2")
        tap(qtbot, r.form.submit_button)
        idle(k, qtbot)
        messages.append(r.message.text())
    assert "不匹配" in messages[0] and "还可尝试4次" in messages[0] and "还可尝试1次" in messages[3]
    assert "5分钟后再试" in messages[4]
    tap(qtbot, r.home_button)
    b = open_screen(k, qtbot, "booking")  # the lockout is the kiosk's, whatever the screen
    fill_credentials(qtbot, b.form, number, cand.application_no)
    tap(qtbot, b.form.submit_button)
    idle(k, qtbot)
    assert "核验失败次数过多" in b.message.text() and b.steps.currentIndex() == 0
    k.clock.advance(minutes=5)
    tap(qtbot, b.form.submit_button)
    idle(k, qtbot)
    assert b.steps.currentIndex() == 1 and "李*海" in b.who.text()


def test_guide_checklist_prints_the_businesss_materials(k, qtbot):
    g = open_screen(k, qtbot, "guide")
    tap(qtbot, g.kind_tiles["vehicle"])
    idle(k, qtbot)
    tap(qtbot, g.business_buttons["transfer"])
    idle(k, qtbot)
    view = g.view
    assert view.business == "转让登记" and g.business_title.text() == "转让登记"
    tap(qtbot, g.print_button)
    idle(k, qtbot)
    text = k.printer.text().replace("\r", "").replace("\n", "")
    assert "办事指南" in text and "转让登记" in text
    assert all(m.name[:8] in text for m in view.materials)
    assert "材料清单已打印" in g.message.text()
    tap(qtbot, g.back_button)
    tap(qtbot, g.back_button)
    tap(qtbot, g.kind_tiles["driver"])
    idle(k, qtbot)
    assert "renewal" in g.business_buttons and "transfer" not in g.business_buttons


def test_idle_returns_home_and_forgets_a_half_typed_id_number(k, qtbot):
    t = open_screen(k, qtbot, "ticket")
    tap(qtbot, t.category_tiles["A"])
    keypad(qtbot, t.keypad, "15292119")
    assert t.id_field.text() == "15292119"
    k.ticks.now += 45
    k.window.idle.on_tick()
    assert k.window.current == "ticket" and k.window.idle_label.text() == ""
    k.ticks.now += 10
    k.window.idle.on_tick()
    assert "5 秒后返回首页" in k.window.idle_label.text()
    k.ticks.now += 5
    k.window.idle.on_tick()
    assert k.window.current == "home" and t.id_field.text() == "" and t.category is None
    assert t.steps.currentIndex() == 0
    # a touch restarts the count
    t = open_screen(k, qtbot, "ticket")
    k.ticks.now += 59
    tap(qtbot, t.category_tiles["A"])
    k.ticks.now += 30
    k.window.idle.on_tick()
    assert k.window.current == "ticket"


def test_large_text_toggle_scales_the_fonts(k, qtbot):
    def sizes():
        tile = k.window.home.tiles["ticket"]
        for w in (tile.title, tile.note, k.window.large_button, k.window.hall_label):
            w.ensurePolished()
        return [tile.title.font().pixelSize(), tile.note.font().pixelSize(), k.window.large_button.font().pixelSize(),
                k.window.hall_label.font().pixelSize()]

    normal = sizes()
    assert min(normal) >= 28 and k.window.home.tiles["ticket"].height() >= 64
    tap(qtbot, k.window.large_button)
    large = sizes()
    assert k.window.large and all(round(n * 1.4) == big for n, big in zip(normal, large, strict=True))
    t = open_screen(k, qtbot, "ticket")
    t.back_button.ensurePolished()
    assert t.back_button.font().pixelSize() >= round(30 * 1.4) and t.back_button.height() >= 64
    tap(qtbot, k.window.large_button)
    assert sizes() == normal


def test_with_no_printer_the_number_and_the_code_show_large(k, qtbot):
    k.printer.outcome = NO_PRINTER
    t = open_screen(k, qtbot, "ticket")
    tap(qtbot, t.category_tiles["B"])
    tap(qtbot, t.skip_button)
    idle(k, qtbot)
    assert t.number.text() == "B001" and t.number_frame.objectName() == "alertFrame"
    assert "未连接打印机" in t.message.text()
    tap(qtbot, t.home_button)
    k.services.exam_plans.publish(k.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    cand = applicant(k, 3, "张三")
    b = open_screen(k, qtbot, "booking")
    fill_credentials(qtbot, b.form, make_resident_id("152921", date(2000, 4, 5), 33), cand.application_no)
    tap(qtbot, b.form.submit_button)
    idle(k, qtbot)
    tap(qtbot, b.session_buttons[0])
    tap(qtbot, b.confirm_button)
    idle(k, qtbot)
    assert b.code.objectName() == "codeAlert" and b.code.text() == b.booking.code
    assert "未能打印准考证" in b.message.text() and "预约码" in b.message.text()


def send_key(window, key, modifiers=Qt.NoModifier) -> None:
    for kind in (QEvent.ShortcutOverride, QEvent.KeyPress, QEvent.KeyRelease):
        QApplication.sendEvent(window.focusWidget() or window, QKeyEvent(kind, key, modifiers))


def test_locked_down_only_the_admin_pin_ends_it(k, qtbot):
    w = k.window
    assert w.windowFlags() & Qt.FramelessWindowHint and not w.findChildren(QMenuBar) and not w.findChildren(QMenu)
    t = open_screen(k, qtbot, "ticket")
    tap(qtbot, t.category_tiles["A"])
    for key, mods in ((Qt.Key_Escape, Qt.NoModifier), (Qt.Key_F4, Qt.AltModifier), (Qt.Key_Q, Qt.ControlModifier),
                      (Qt.Key_W, Qt.ControlModifier)):
        send_key(w, key, mods)
    assert w.key_guard.swallowed == 4 and w.isVisible() and w.current == "ticket"
    assert w.close() is False and w.isVisible()
    w.windowHandle().close()
    assert w.isVisible()

    for _ in range(4):  # taps too slow never open it
        tap(qtbot, w.hotspot)
        k.ticks.now += 1.0
    assert w.current == "ticket"
    for _ in range(5):
        tap(qtbot, w.hotspot)
        k.ticks.now += 0.4
    pin = w.screens["pin"]
    assert w.current == "pin" and t.id_field.text() == ""
    keypad(qtbot, pin.keypad, "1111")
    tap(qtbot, pin.unlock_button)
    idle(k, qtbot)
    assert "管理员PIN错误" in pin.message.text() and "还可尝试4次" in pin.message.text() and w.isVisible()
    with qtbot.waitSignal(w.exit_requested, timeout=WAIT):
        keypad(qtbot, pin.keypad, PIN)
        qtbot.keyClick(pin.field, Qt.Key_Return)
    assert not w.isVisible() and w.may_close


def test_an_answer_after_a_reset_is_dropped(k, qtbot):
    t = open_screen(k, qtbot, "ticket")
    tap(qtbot, t.category_tiles["A"])
    tap(qtbot, t.skip_button)
    k.window.go_home()  # before the ticket comes back
    idle(k, qtbot)
    assert k.window.current == "home" and t.last_ticket is None and t.steps.currentIndex() == 0
    assert k.printer.jobs == []
