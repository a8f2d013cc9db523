"""The driver window with pytest-qt: a renewal inside the window with its papers, a 补证 refused for a
seized licence, a first licence for a candidate who passed all four subjects, a photo imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.domain.identifiers import make_resident_id
from desktop.ui.dbop import DbWorker
from desktop.ui.driver_panel import DriverPage
from desktop.ui.qtapp import register_font
from tests.services.test_driver_cases import CANDIDATE, HOLDER, licence, passes, person

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WAIT = 5000


@pytest.fixture
def page(hall, qtbot):
    register_font()
    hall.services.auth.create_staff(hall.admin, "li", "clerk", "clerkpass1", name="李娜")
    hall.clerk = hall.services.auth.login("li", "clerkpass1")
    worker = DbWorker()
    widget = DriverPage(hall.ctx, hall.clerk, worker)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.hall = hall
    yield widget
    worker.drain()


def find(page, qtbot, text):
    page.search_edit.setText(text)
    page.on_search_requested()
    qtbot.waitUntil(lambda: page.holder is not None and page.results.rowCount() >= 1, timeout=WAIT)
    ModelTester(qtbot).check(page.results)


def choose(page, code):
    index = page.business.findData(code)
    assert index >= 0, code
    page.business.setCurrentIndex(index)


def submit(page, qtbot):
    page.last_result = None
    page.error.clear()
    qtbot.mouseClick(page.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.last_result is not None or bool(page.error.text()), timeout=WAIT)


def test_renewal_inside_the_window_with_receipts(page, qtbot):
    pid = person(page.hall, HOLDER, "李四")
    licence(page.hall, pid)
    find(page, qtbot, HOLDER)
    assert "换证" in page.card.text() and "C1" in page.card.text()
    choose(page, "renewal")
    assert "10.00" in page.fees.text()
    submit(page, qtbot)
    assert page.error.text() == "", page.error.text()
    assert [d.kind for d in page.last_result.documents] == ["AN", "RC", "LQ"]
    qtbot.waitUntil(lambda: page.documents_dialog is not None and page.documents_dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.today_model.rowCount() == 1, timeout=WAIT)


def test_replacement_refused_for_a_seized_licence(page, qtbot):
    pid = person(page.hall, HOLDER, "李四")
    licence(page.hall, pid, status="D")
    find(page, qtbot, "李四")
    choose(page, "replacement")
    submit(page, qtbot)
    assert page.last_result is None and page.error.property("error") is True and page.error.text()


def test_first_licence_for_a_candidate_who_passed_all_four(page, qtbot):
    pid = person(page.hall, CANDIDATE, "王小明")
    passes(page.hall, pid)
    find(page, qtbot, CANDIDATE)
    assert "科目一、科目二、科目三道路驾驶技能、科目三安全文明驾驶常识" in page.card.text()
    choose(page, "first_licence")
    page.requested_class.setCurrentIndex(page.requested_class.findData("C1"))
    submit(page, qtbot)
    assert page.error.text() == "", page.error.text()
    assert page.last_result.classes == "C1" and page.last_result.state == "completed"
    qtbot.waitUntil(lambda: "C1" in page.card.text() and "实习期" in page.card.text(), timeout=WAIT)


def test_photo_import(page, qtbot, tmp_path):
    from PIL import Image

    pid = person(page.hall, HOLDER, "李四")
    licence(page.hall, pid)
    find(page, qtbot, HOLDER)
    path = tmp_path / "face.jpg"
    Image.new("RGB", (600, 800), (180, 190, 200)).save(path)
    page.import_photo(path)
    qtbot.waitUntil(lambda: page.photo.pixmap() is not None and not page.photo.pixmap().isNull(), timeout=WAIT)
    page.import_photo(tmp_path / "missing.jpg")
    assert page.status.property("error") is True


def test_camera_without_a_device_says_so(page, qtbot):
    pid = person(page.hall, HOLDER, "李四")
    licence(page.hall, pid)
    find(page, qtbot, HOLDER)
    page.on_camera_requested()  # no camera here (CI, offscreen): a message, not a crash
    assert "摄像头" in page.status.text() and page.status.property("error") is True
