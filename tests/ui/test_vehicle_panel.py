"""The vehicle window with pytest-qt: a new car registered with 50选1 end to end, a refused 注销
of a mortgaged car, a 容缺 case supplied in time and one terminated when overdue."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.domain.identifiers import make_resident_id, make_vin
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput, PartyInput
from desktop.ui.dbop import DbWorker
from desktop.ui.qtapp import register_font
from desktop.ui.vehicle_panel import VehiclePage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WAIT = 5000
OWNER = make_resident_id("152921", date(1980, 3, 4), 11)


@pytest.fixture
def page(hall, qtbot):
    register_font()
    s = hall.services
    s.auth.create_staff(hall.admin, "li", "clerk", "clerkpass1", name="李娜")
    hall.clerk = s.auth.login("li", "clerkpass1")
    worker = DbWorker()
    widget = VehiclePage(hall.ctx, hall.clerk, worker)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.hall = hall
    yield widget
    worker.drain()


def choose_business(page, code):
    index = page.form.business.findData(code)
    assert index >= 0, code
    page.form.business.setCurrentIndex(index)


def fill_new_car(page, vin_number=1):
    f = page.form
    f.vin.setText(make_vin(f"LSVAM4187C{vin_number:06d}"[:16]))
    f.brand.setText("大众")
    f.model.setText("SVW71612")
    f.engine_no.setText("E123456")
    f.owner_id.setText(OWNER)
    f.owner_name.setText("张三明")


def draw_and_pick(page, qtbot, index=7):
    qtbot.mouseClick(page.form.draw_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.plate_dialog is not None and page.plate_dialog.isVisible(), timeout=WAIT)
    dialog = page.plate_dialog
    assert len(dialog.buttons) == 50
    number = dialog.draw.numbers[index]
    dialog.choose(number)
    dialog.on_accept_requested()
    assert page.form.plate_number.text() == number
    return number


def submit(page, qtbot):
    page.last_result = None
    qtbot.mouseClick(page.form.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.last_result is not None or bool(page.form.error.text()), timeout=WAIT)


def test_new_car_registration_with_50_choose_1(page, qtbot):
    page.on_new_vehicle_requested()
    choose_business(page, "register")
    fill_new_car(page)
    assert "120.00" in page.form.fees.text()
    page.form.tick_material("residence_proof", None)  # a local resident: 不适用, not 容缺
    assert page.form.not_applicable_codes() == ["residence_proof"] and page.form.deferred_codes() == []
    number = draw_and_pick(page, qtbot)
    submit(page, qtbot)
    assert page.form.error.text() == ""
    result = page.last_result
    assert result.plate == number and result.state == "completed"
    assert [d.kind for d in result.documents] == ["AN", "RC"]
    qtbot.waitUntil(lambda: page.documents_dialog is not None and page.documents_dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.today_model.rowCount() == 1, timeout=WAIT)
    ModelTester(qtbot).check(page.today_model)
    # the new car is found by its plate and its card shows the next inspection
    page.search_edit.setText(number)
    page.on_search_requested()
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=WAIT)
    ModelTester(qtbot).check(page.results)
    qtbot.waitUntil(lambda: "下次检验" in page.card.text(), timeout=WAIT)
    assert number in page.card.text()


def test_save_pdf_from_the_documents_dialog(page, qtbot, tmp_path):
    page.on_new_vehicle_requested()
    choose_business(page, "register")
    fill_new_car(page, 2)
    draw_and_pick(page, qtbot)
    submit(page, qtbot)
    qtbot.waitUntil(lambda: page.documents_dialog is not None, timeout=WAIT)
    doc = page.last_result.documents[0]
    path = page.documents_dialog.save_to(doc, tmp_path / "notice.pdf")
    assert path.read_bytes().startswith(b"%PDF")


def _registered(page, vin_number=3) -> str:
    s = page.hall.services
    draw = s.plates.draw(page.hall.clerk)
    result = s.vehicle_cases.submit(page.hall.clerk, CaseRequest(
        "register", new_vehicle=NewVehicleInput(make_vin(f"LSVAM4187C{vin_number:06d}"[:16])),
        owner=PartyInput(OWNER, "张三明"), plate=PlateChoice("draw", draw.numbers[0], draw.token)))
    return result.plate


def test_cancel_of_a_mortgaged_car_is_refused_beside_the_form(page, qtbot):
    plate = _registered(page)
    page.search_edit.setText(plate)
    page.on_search_requested()
    qtbot.waitUntil(lambda: page.form.vehicle is not None, timeout=WAIT)
    choose_business(page, "mortgage")
    page.form.text_fields["mortgagee"].setText("内蒙古银行阿拉善分行")
    submit(page, qtbot)
    assert page.last_result is not None and page.last_result.business_name == "抵押登记"
    page.on_search_requested()
    qtbot.waitUntil(lambda: "抵押" in page.card.text(), timeout=WAIT)
    choose_business(page, "cancel_scrap")
    submit(page, qtbot)
    assert page.last_result is None
    assert "抵押" in page.form.error.text() and page.form.error.property("error") is True


def test_agent_box_is_disabled_where_agents_are_refused(page, qtbot):
    plate = _registered(page, 4)
    page.search_edit.setText(plate)
    page.on_search_requested()
    qtbot.waitUntil(lambda: page.form.vehicle is not None, timeout=WAIT)
    choose_business(page, "cancel_lost")
    assert not page.form.agent_box.isEnabled()
    choose_business(page, "replace_licence")
    assert page.form.agent_box.isEnabled()


def test_deferral_supplied_in_time_and_one_terminated_when_overdue(page, qtbot):
    hall = page.hall
    for n, (vin_number, supply) in enumerate([(5, True), (6, False)]):
        page.on_new_vehicle_requested()
        choose_business(page, "register")
        fill_new_car(page, vin_number)
        page.form.tick_material("vessel_tax", False)
        assert page.form.commitment.isEnabled()
        draw_and_pick(page, qtbot, index=n)
        submit(page, qtbot)
        assert page.last_result is None and "承诺" in page.form.error.text()  # not signed yet
        page.form.commitment.setChecked(True)
        submit(page, qtbot)
        assert page.last_result is not None and page.last_result.state == "deferred"
        assert [d.kind for d in page.last_result.documents] == ["AN", "RC", "RN"]
    qtbot.waitUntil(lambda: page.deferral_model.rowCount() == 2, timeout=WAIT)
    assert page.tabs.tabText(1).startswith("容缺待补 2")
    # the first is supplied on the third working day
    hall.clock.advance(days=3)
    page.deferral_view.selectRow(0)
    page.on_supply_requested()
    qtbot.waitUntil(lambda: page.deferral_model.rowCount() == 1, timeout=WAIT)
    # the second runs past its deadline: the next refresh terminates it and says so
    hall.clock.advance(days=10)
    page.refresh()
    qtbot.waitUntil(lambda: page.deferral_model.rowCount() == 0, timeout=WAIT)
    assert "已终止" in page.status.text()
    states = sorted(r.state for r in hall.services.deferrals.list(hall.clerk, states=("supplied", "terminated")))
    assert states == ["supplied", "terminated"]
