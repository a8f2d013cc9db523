"""The exam panel with pytest-qt: the whole road in the GUI (a plan published, a 科目一 request, the
allocation run, the admission ticket and its QR, the check-in scan with the photo, the score, and at
the driver window the licence issued after the last subject); a forged ticket refused; three
failed identity checks lock until a supervisor releases; a score of 101 refused; the allocation run's
progress and a re-run that books nothing new; what a clerk does not see."""

from __future__ import annotations

import io
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from sqlalchemy import func, select

from desktop.ui.dbop import DbWorker
from desktop.ui.driver_panel import DriverPage
from desktop.ui.exam_panel import ExamPage
from desktop.ui.qtapp import register_font
from desktop.store.exam_models import ExamBooking
from tests.services.test_exams import MON_AM, applicant, at, qr_of, sit

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WAIT = 8000
EXAM_DAY = date(2026, 12, 7)  # a Monday, 11 days after the fake clock's 2026-11-26


@pytest.fixture
def x(hall, qtbot):
    """The hall with a clerk, an exam officer and a supervisor, three sites, one DB worker."""
    register_font()
    s = hall.services
    for user, role in (("clerk", "clerk"), ("officer", "exam"), ("chief", "supervisor")):
        s.auth.create_staff(hall.admin, user, role, f"{user}pass1", name={"clerk": "李娜", "officer": "赵志刚",
                                                                          "chief": "王建国"}[user])
        setattr(hall, user, s.auth.login(user, f"{user}pass1"))
    s.exam_plans.save_site(hall.officer, "KC01", "阿拉善盟考试中心（科目一）", ["1"], ["C1", "C2"], "巴彦浩特镇")
    s.exam_plans.save_site(hall.officer, "KC02", "场地驾驶技能考场", ["2"], ["C1", "C2"])
    s.exam_plans.save_site(hall.officer, "KC03", "道路驾驶技能考场", ["3", "3s"], ["C1", "C2"])
    hall.worker = DbWorker()
    hall.pages = []
    yield hall
    for page in hall.pages:
        page.stop()
    hall.worker.drain()


def page_for(x, qtbot, actor, cls=ExamPage):
    page = cls(x.ctx, actor, x.worker)
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT)
    if cls is ExamPage:
        x.pages.append(page)
    return page


def idle(x, qtbot):
    qtbot.waitUntil(lambda: not x.worker.busy, timeout=WAIT)


def photo_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (358, 441), (200, 170, 150)).save(out, "JPEG")
    return out.getvalue()


def booked_ticket(x, n=1, name="王小明"):
    """A candidate booked into the Monday 科目一 session, the ticket's QR payload, the clock on the day."""
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, EXAM_DAY, EXAM_DAY)
    cand = applicant(x, n, name)
    session_id = s.exam_plans.calendar(x.clerk, EXAM_DAY, EXAM_DAY)[0].id
    booking = s.exam_bookings.book(x.clerk, cand.id, session_id)
    payload = qr_of(s.exam_bookings.ticket(x.clerk, booking.id))
    x.clock.now = at(EXAM_DAY, 8)
    return cand, booking, payload


def scan(qtbot, tab, payload):
    tab.current = None
    tab.banner_kind = "idle"
    qtbot.keyClicks(tab.scan_edit, payload)
    qtbot.keyClick(tab.scan_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: tab.current is not None or tab.banner_kind == "refused", timeout=WAIT)


def open_checkin(x, qtbot, page):
    page.show_tab("checkin")
    qtbot.waitUntil(lambda: page.checkin.site.count() == 3, timeout=WAIT)
    page.checkin.site.setCurrentIndex(page.checkin.site.findData("KC01"))
    return page.checkin


def test_the_whole_road_in_the_gui(x, qtbot):
    s = x.services
    officer = page_for(x, qtbot, x.officer)
    # 发布考试计划: Monday to Friday mornings, 科目一, two seats, C1 C2
    cal = officer.calendar
    cal.on_publish_requested()
    qtbot.waitUntil(lambda: getattr(cal, "publish_dialog", None) is not None, timeout=WAIT)
    dialog = cal.publish_dialog
    dialog.site.setCurrentIndex(dialog.site.findData("KC01"))
    dialog.first_day.setDate(EXAM_DAY)
    dialog.last_day.setDate(date(2026, 12, 11))
    dialog.set_slot(0, "am", "1", 2, "C1 C2")
    dialog.on_copy_requested()
    assert [slot.weekday for slot in dialog.weekly()] == [0, 1, 2, 3, 4]
    dialog.on_publish_requested()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=WAIT)
    assert dialog.result_.sessions == 5 and not dialog.result_.late
    qtbot.waitUntil(lambda: cal.model.rowCount() == 5, timeout=WAIT)
    ModelTester(qtbot).check(cal.model)
    assert "已发布 5 场" in cal.status.text()

    # a first licence accepted at the driver window without exams: a candidate
    cand = applicant(x, 1, "王小明")
    clerk = page_for(x, qtbot, x.clerk)
    req = clerk.requests
    clerk.show_tab("requests")
    qtbot.keyClicks(req.search_edit, cand.application_no)
    qtbot.keyClick(req.search_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: req.candidate is not None and req.history.rowCount() >= 1, timeout=WAIT)
    card = req.card.text()
    assert cand.application_no in card and "王*明" in card and "王小明" not in card and "考试中" in card
    req.subject.setCurrentIndex(req.subject.findData("1"))
    req.on_request_requested()
    qtbot.waitUntil(lambda: req.open_model.rowCount() == 1, timeout=WAIT)
    ModelTester(qtbot).check(req.open_model)
    assert "等待排考" in req.status.text()

    # 排考 books it
    officer.show_tab("allocation")
    alloc = officer.allocation
    qtbot.mouseClick(alloc.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: alloc.report is not None, timeout=WAIT)
    assert [line.application_no for line in alloc.report.booked] == [cand.application_no]
    assert alloc.progress.value() == 100 and alloc.booked_model.rowCount() == 1
    ModelTester(qtbot).check(alloc.booked_model)

    # the clerk prints the admission ticket
    req.reload_candidate()
    qtbot.waitUntil(lambda: req.bookings.rowCount() == 1, timeout=WAIT)
    ModelTester(qtbot).check(req.bookings)
    req.last_ticket = None
    req.on_ticket_requested()
    qtbot.waitUntil(lambda: req.last_ticket is not None, timeout=WAIT)
    assert req.last_ticket.startswith(b"%PDF") and req.documents_dialog.isVisible()
    text = pdfium.PdfDocument(req.last_ticket)[0].get_textpage().get_text_range()
    assert "准考证" in text and "王小明" in text
    payload = qr_of(req.last_ticket)
    s.persons.set_photo(x.admin, cand.person_id, photo_jpeg())

    # the exam day: the scanner types the QR text and Enter
    x.clock.now = at(EXAM_DAY, 8)
    tab = open_checkin(x, qtbot, officer)
    scan(qtbot, tab, payload)
    assert tab.current is not None, tab.banner.text()
    assert tab.photo.height() >= 300 and tab.photo.pixmap() is not None and not tab.photo.pixmap().isNull()
    assert "王小明" in tab.info.text() and tab.scan_edit.text() == ""
    qtbot.mouseClick(tab.same_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.banner_kind == "ok", timeout=WAIT)
    assert "已签到" in tab.banner.text()
    qtbot.waitUntil(lambda: "今日已签到 1" in tab.tally.text(), timeout=WAIT)

    # 成绩登记: 95
    officer.show_tab("results")
    res = officer.results
    qtbot.waitUntil(lambda: res.seats.rowCount() == 1 and res.selected_seat() is not None, timeout=WAIT)
    ModelTester(qtbot).check(res.seats)
    res.score.setText("95")
    qtbot.mouseClick(res.record_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(res, "last_result", None) is not None, timeout=WAIT)
    assert res.last_result.passed and res.last_result.permit_until == date(2029, 12, 6)
    assert "合格" in res.outcome.text() and "2029-12-06" in res.outcome.text()

    # the other subjects on the services, as test_exams does
    assert sit(x, cand.id, "KC02", "2", date(2026, 12, 17), 90).passed
    assert sit(x, cand.id, "KC03", "3", date(2027, 1, 6), 92).passed
    assert sit(x, cand.id, "KC03", "3s", date(2027, 1, 7), 90).ready

    # the driver window: 考试合格待发证 (1) → 发证 → the papers, the list empty
    driver = page_for(x, qtbot, x.clerk, DriverPage)
    qtbot.waitUntil(lambda: "(1)" in driver.exams_button.text(), timeout=WAIT)
    driver.exams_button.click()
    qtbot.waitUntil(lambda: driver.exams_model.rowCount() == 1 and driver.exams_box.isVisible(), timeout=WAIT)
    ModelTester(qtbot).check(driver.exams_model)
    assert driver.exams_model.index(0, 0).data() == cand.application_no
    assert "✓" in driver.exams_model.index(0, 4).data()
    qtbot.mouseClick(driver.issue_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: driver.last_result is not None and driver.documents_dialog is not None, timeout=WAIT)
    assert driver.last_result.state == "completed" and driver.documents_dialog.isVisible()
    assert [d.kind for d in driver.last_result.documents] == ["LQ"]
    qtbot.waitUntil(lambda: driver.exams_model.rowCount() == 0 and "(0)" in driver.exams_button.text(), timeout=WAIT)
    idle(x, qtbot)


def test_a_forged_ticket_is_refused_and_the_box_cleared(x, qtbot):
    _, _, payload = booked_ticket(x)
    page = page_for(x, qtbot, x.officer)
    tab = open_checkin(x, qtbot, page)
    forged = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:]
    scan(qtbot, tab, forged)
    assert tab.banner_kind == "refused" and "核验" in tab.banner.text()
    assert tab.current is None and tab.scan_edit.text() == ""
    assert QApplication.focusWidget() is tab.scan_edit
    assert not tab.same_button.isEnabled()
    idle(x, qtbot)


def test_three_failed_checks_lock_and_the_supervisor_releases(x, qtbot):
    cand, _, payload = booked_ticket(x)
    page = page_for(x, qtbot, x.officer)
    tab = open_checkin(x, qtbot, page)
    scan(qtbot, tab, payload)
    for attempt in (1, 2, 3):
        qtbot.waitUntil(tab.other_button.isEnabled, timeout=WAIT)
        tab.banner_kind = "check"
        qtbot.mouseClick(tab.other_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: tab.banner_kind == "refused", timeout=WAIT)
    assert "锁定" in tab.banner.text() and tab.current is None
    assert not tab.release_button.isVisible()  # an exam officer cannot release
    scan(qtbot, tab, payload)
    assert tab.banner_kind == "refused" and "锁定" in tab.banner.text()

    chief = page_for(x, qtbot, x.chief)
    ctab = open_checkin(x, qtbot, chief)
    scan(qtbot, ctab, payload)
    assert "锁定" in ctab.banner.text() and ctab.release_button.isVisible()
    ctab.on_release_requested()
    dialog = ctab.release_dialog
    widgets = {key: widget for key, _, widget in dialog._rows}
    widgets["who"].setText(cand.application_no)
    widgets["reason"].setText("核对户籍照片，确系本人")
    dialog.on_submit_requested()
    qtbot.waitUntil(lambda: "已解除锁定" in ctab.banner.text(), timeout=WAIT)
    assert not ctab.release_button.isVisible()
    scan(qtbot, ctab, payload)
    assert ctab.current is not None and ctab.current.failed_checks == 0
    idle(x, qtbot)


def test_a_score_of_101_is_refused_and_nothing_recorded(x, qtbot):
    s = x.services
    _, booking, payload = booked_ticket(x)
    seen = s.exam_day.scan(x.officer, payload, "KC01")
    s.exam_day.confirm(x.officer, seen.booking_id, True)
    page = page_for(x, qtbot, x.officer)
    page.show_tab("results")
    res = page.results
    qtbot.waitUntil(lambda: res.selected_seat() is not None, timeout=WAIT)
    for bad in ("101", "9.5", "abc", ""):
        res.status.clear()
        res.score.setText(bad)
        qtbot.mouseClick(res.record_button, Qt.LeftButton)
        assert res.status.property("error") is True and "0至100" in res.status.text(), bad
    res.score.setText("80")
    res.retake.setText("101")
    qtbot.mouseClick(res.record_button, Qt.LeftButton)
    assert "0至100" in res.status.text()
    idle(x, qtbot)
    assert [r[4] for r in s.exam_day.checked_in(x.officer, booking.session_id)] == ["checked_in"]
    assert getattr(res, "last_result", None) is None


def test_allocation_progress_and_a_rerun_books_nothing_new(x, qtbot):
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, EXAM_DAY, EXAM_DAY)  # one session, two seats
    for i, name in ((1, "赵一"), (2, "钱二"), (3, "孙三")):
        cand = applicant(x, i, name)
        s.exam_bookings.request(x.clerk, cand.id, "1", EXAM_DAY, EXAM_DAY)
    page = page_for(x, qtbot, x.officer)
    page.show_tab("allocation")
    tab = page.allocation
    seen = []
    tab.on_progress = lambda done, total, f=tab.on_progress: (seen.append((done, total)), f(done, total))
    tab.on_start_requested()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=WAIT)
    assert len(tab.report.booked) == 2 and len(tab.report.not_booked) == 1
    assert tab.refused_model.rowCount() == 1 and tab.refused_model.index(0, 3).data()
    ModelTester(qtbot).check(tab.refused_model)
    assert seen and seen[-1][0] == seen[-1][1] and tab.progress.value() == 100
    with x.ctx.session_factory() as session:
        before = session.execute(select(func.count()).select_from(ExamBooking)).scalar_one()
    first = [line.request_id for line in tab.report.not_booked]
    tab.on_start_requested()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=WAIT)
    assert tab.report.booked == [] and [line.request_id for line in tab.report.not_booked] == first
    assert tab.booked_model.rowCount() == 0 and tab.refused_model.rowCount() == 1
    with x.ctx.session_factory() as session:
        assert session.execute(select(func.count()).select_from(ExamBooking)).scalar_one() == before
    idle(x, qtbot)


def test_a_clerk_sees_the_calendar_and_requests_only(x, qtbot):
    page = page_for(x, qtbot, x.clerk)
    visible = [page.tabs.tabText(i) for i in range(page.tabs.count()) if page.tabs.isTabVisible(i)]
    assert visible == ["场次日历", "考试申请"]
    assert not page.calendar.publish_button.isVisible() and page.calendar.roster_button.isVisible()
    qtbot.waitUntil(lambda: "暂无场次" in page.calendar.empty.text(), timeout=WAIT)
    idle(x, qtbot)
