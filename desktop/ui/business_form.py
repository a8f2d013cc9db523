"""The business form of the vehicle window: business type → its fields → the materials checklist
(✓ received; a non-key material left unticked is 容缺) → fees → plate choice → submit.

Everything is checked again by the services; the form only gathers and shows. An error names its
field, and that field is marked and focused."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from desktop.domain import vehicle_codes
from desktop.domain.catalog import BusinessType, Catalog
from desktop.domain.errors import ValidationError
from desktop.domain.plates import ENERGY_NAMES
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput, PartyInput
from desktop.services.vehicles import VehicleView
from desktop.ui import code_names, formats
from desktop.ui.catalog_text import fee_detail, menu_items
from desktop.ui.materials import MaterialsChecklist
from desktop.ui.notify import set_status

NEW_VEHICLE_BUSINESSES = ("register", "move_in", "temp_plate")
def _t(text: str) -> str:
    return QCoreApplication.translate("BusinessForm", text)


TEMP_PURPOSES = [("unregistered", QT_TRANSLATE_NOOP("BusinessForm", "未注册登记车辆")),
                 ("export", QT_TRANSLATE_NOOP("BusinessForm", "出口车辆")),
                 ("research", QT_TRANSLATE_NOOP("BusinessForm", "科研、定型试验")),
                 ("oversize", QT_TRANSLATE_NOOP("BusinessForm", "超限特型车辆")),
                 ("plate_delay", QT_TRANSLATE_NOOP("BusinessForm", "号牌制作期间")),
                 ("used_export", QT_TRANSLATE_NOOP("BusinessForm", "二手车出口"))]
PLATE_MODES = [("draw", QT_TRANSLATE_NOOP("BusinessForm", "50选1")),
               ("self", QT_TRANSLATE_NOOP("BusinessForm", "自编号牌")),
               ("keep", QT_TRANSLATE_NOOP("BusinessForm", "保留原号牌"))]
# the domain's ENERGY_NAMES in the UI language (the same keys; a test keeps them in step)
ENERGY_WORDS = {"fuel": QT_TRANSLATE_NOOP("BusinessForm", "燃油"),
                "hybrid": QT_TRANSLATE_NOOP("BusinessForm", "油电混合（非插电）"),
                "pure_electric": QT_TRANSLATE_NOOP("BusinessForm", "纯电动"),
                "plug_in": QT_TRANSLATE_NOOP("BusinessForm", "插电式混合动力"),
                "range_extender": QT_TRANSLATE_NOOP("BusinessForm", "增程式"),
                "fuel_cell": QT_TRANSLATE_NOOP("BusinessForm", "燃料电池")}


def _combo(items: list[tuple[str, str]], *, translate: bool = False) -> QComboBox:
    """Codes and names; `translate` for the form's own words (the national code tables come translated,
    desktop.ui.code_names)."""
    box = QComboBox()
    for code, name in items:
        name = _t(name) if translate else name
        box.addItem(f"{code} {name}" if len(code) <= 3 else name, code)
    return box


class BusinessForm(QWidget):
    submit_requested = Signal(object)  # CaseRequest
    draw_requested = Signal(str)  # energy

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.vehicle: VehicleView | None = None
        self.draw_token = ""
        self.ticket_id: int | None = None
        self._build()
        self.set_vehicle(None)

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.business = QComboBox()
        self.business.currentIndexChanged.connect(self.on_business_changed)
        self.target = QLabel()
        self.target.setObjectName("pageNote")
        self.error = QLabel()
        self.error.setObjectName("statusLine")
        self.error.setWordWrap(True)

        # Fields, one widget per form-field code of the catalogue; shown as the business needs them.
        self.vin = QLineEdit()
        self.vin.setPlaceholderText(self.tr("17位车辆识别代号"))
        self.cllx = _combo([(c, code_names.cllx(c)) for c in sorted(vehicle_codes.CLLX)])
        self.cllx.setCurrentIndex(max(0, self.cllx.findData("K33")))
        self.syxz = _combo([(c, code_names.syxz(c)) for c in sorted(vehicle_codes.SYXZ)])
        self.seats = QSpinBox()
        self.seats.setRange(0, 99)
        self.seats.setValue(5)
        self.colour = _combo([(c, code_names.csys(c)) for c in sorted(vehicle_codes.CSYS)])
        self.brand = QLineEdit()
        self.model = QLineEdit()
        self.engine_no = QLineEdit()
        self.new_engine_no = QLineEdit()
        self.energy = _combo([(c, ENERGY_WORDS.get(c, n)) for c, n in ENERGY_NAMES.items()], translate=True)
        self.insurance_until = QDateEdit()
        self.insurance_until.setCalendarPopup(True)
        self.insurance_until.setDisplayFormat(formats.edit_format())
        self.owner_id = QLineEdit()
        self.owner_id.setPlaceholderText(self.tr("身份证号或统一社会信用代码"))
        self.owner_name = QLineEdit()
        self.owner_phone = QLineEdit()
        self.event_date = QDateEdit()
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat(formats.edit_format())
        self.text_fields = {code: QLineEdit() for code in ("mortgagee", "pledgee", "swap_plate", "destination_office",
                                                           "origin_office", "filing_item", "co_owners", "reason")}
        self.temp_purpose = _combo(TEMP_PURPOSES, translate=True)
        self.temp_days = QSpinBox()
        self.temp_days.setRange(1, 183)
        self.temp_days.setValue(15)
        self.agent_box = QCheckBox(self.tr("代理人办理"))
        self.agent_id = QLineEdit()
        self.agent_id.setPlaceholderText(self.tr("代理人身份证号"))
        self.agent_name = QLineEdit()
        self.agent_name.setPlaceholderText(self.tr("代理人姓名"))

        self.fields_form = QFormLayout()
        self.rows: dict[str, list[QWidget]] = {}

        def row(key: str, label: str, widget: QWidget) -> None:
            self.fields_form.addRow(label, widget)
            self.rows.setdefault(key, []).append(widget)

        for key, label, widget in [
            ("vehicle_particulars", self.tr("车辆识别代号"), self.vin),
            ("vehicle_particulars", self.tr("车辆类型"), self.cllx),
            ("vehicle_particulars", self.tr("核定载客"), self.seats),
            ("vehicle_particulars", self.tr("品牌"), self.brand),
            ("vehicle_particulars", self.tr("车辆型号"), self.model),
            ("vehicle_particulars", self.tr("发动机号"), self.engine_no),
            ("vehicle_particulars", self.tr("能源种类"), self.energy),
            ("vehicle_particulars", self.tr("交强险止"), self.insurance_until),
            ("use_nature", self.tr("使用性质"), self.syxz),
            ("colour", self.tr("车身颜色"), self.colour),
            ("engine_no", self.tr("新发动机号"), self.new_engine_no),
            ("owner", self.tr("所有人证件号"), self.owner_id),
            ("owner", self.tr("所有人姓名/名称"), self.owner_name),
            ("owner", self.tr("联系电话"), self.owner_phone),
            ("event_date", self.tr("事项发生日期"), self.event_date),
            ("temp_plate_purpose", self.tr("临时号牌事由"), self.temp_purpose),
            ("temp_plate_days", self.tr("有效天数"), self.temp_days),
            ("mortgagee", self.tr("抵押权人"), self.text_fields["mortgagee"]),
            ("pledgee", self.tr("质权人"), self.text_fields["pledgee"]),
            ("swap_plate", self.tr("互换车辆号牌"), self.text_fields["swap_plate"]),
            ("destination_office", self.tr("迁入地车管所"), self.text_fields["destination_office"]),
            ("origin_office", self.tr("迁出地车管所"), self.text_fields["origin_office"]),
            ("filing_item", self.tr("备案事项"), self.text_fields["filing_item"]),
            ("co_owners", self.tr("共同所有人"), self.text_fields["co_owners"]),
            ("reason", self.tr("原因"), self.text_fields["reason"]),
        ]:
            row(key, label, widget)

        agent_row = QHBoxLayout()
        agent_row.addWidget(self.agent_box)
        agent_row.addWidget(self.agent_id, 2)
        agent_row.addWidget(self.agent_name, 1)
        self.agent_box.toggled.connect(self.on_agent_toggled)

        self.checklist = MaterialsChecklist()
        self.checklist.changed.connect(self._update_fees)
        self.materials = self.checklist.table
        self.commitment = self.checklist.commitment
        self.fees = QLabel()
        self.fees.setObjectName("feeLine")

        self.plate_box = QGroupBox(self.tr("选号"))
        self.plate_mode = _combo(PLATE_MODES, translate=True)
        self.plate_number = QLineEdit()
        self.plate_number.setPlaceholderText(self.tr("号牌号码"))
        self.draw_button = QPushButton(self.tr("抽取号码…"))
        self.draw_button.clicked.connect(self.on_draw_clicked)
        self.plate_mode.currentIndexChanged.connect(self.on_plate_mode_changed)
        plate_row = QHBoxLayout(self.plate_box)
        plate_row.addWidget(self.plate_mode)
        plate_row.addWidget(self.plate_number, 1)
        plate_row.addWidget(self.draw_button)

        self.submit_button = QPushButton(self.tr("提交并打印 (Ctrl+Enter)"))
        self.submit_button.setObjectName("primaryButton")
        self.submit_button.setShortcut("Ctrl+Return")
        self.submit_button.clicked.connect(self.on_submit_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("业务类型")))
        top.addWidget(self.business, 1)
        layout.addLayout(top)
        layout.addWidget(self.target)
        layout.addLayout(self.fields_form)
        layout.addLayout(agent_row)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.plate_box)
        layout.addWidget(self.fees)
        layout.addWidget(self.error)
        layout.addWidget(self.submit_button)

    # -- state -------------------------------------------------------------------------------------

    def set_vehicle(self, vehicle: VehicleView | None) -> None:
        """A chosen vehicle offers the businesses on a registered vehicle; none offers new ones."""
        self.vehicle = vehicle
        current = self.business.currentData()
        self.business.blockSignals(True)
        self.business.clear()
        for label, code in menu_items(self.catalog, lambda biz: (vehicle is None) == (
                biz.code in NEW_VEHICLE_BUSINESSES) or biz.code == "temp_plate"):
            self.business.addItem(label, code)
        index = self.business.findData(current)
        self.business.setCurrentIndex(index if index >= 0 else 0)
        self.business.blockSignals(False)
        if vehicle is None:
            self.target.setText(self.tr("新车业务：注册登记、转入或临时号牌（未选车辆）"))
        else:
            self.target.setText(self.tr("车辆：{plate}  {type}  所有人 {owner}").format(
                plate=vehicle.plate or vehicle.vin, type=code_names.cllx(vehicle.cllx, vehicle.cllx_name),
                owner=vehicle.owner_masked))
        self.on_business_changed()

    def current_business(self) -> BusinessType:
        return self.catalog.business(self.business.currentData())

    @Slot()
    def on_business_changed(self) -> None:
        biz = self.current_business()
        wanted = set(biz.fields)
        if "vehicle_particulars" in wanted or "new_owner" in wanted:
            wanted.add("owner")
        if biz.code in NEW_VEHICLE_BUSINESSES and self.vehicle is not None:
            wanted -= {"vehicle_particulars", "use_nature", "owner"}
        if "vehicle_particulars" in wanted:
            wanted.update({"use_nature", "colour"})
        for key, widgets in self.rows.items():
            for widget in widgets:
                visible = key in wanted
                widget.setVisible(visible)
                label = self.fields_form.labelForField(widget)
                if label is not None:
                    label.setVisible(visible)
        self.agent_box.setEnabled(biz.agent_allowed)
        self.agent_box.setChecked(False)
        self.agent_box.setToolTip("" if biz.agent_allowed else self.tr("该业务不得由代理人办理"))
        self.on_agent_toggled(False)
        self.checklist.set_business(biz)
        self.plate_box.setVisible(biz.needs_plate_choice)
        self.plate_number.clear()
        self.draw_token = ""
        self.on_plate_mode_changed()
        self._update_fees()
        self._clear_error()

    @Slot(bool)
    def on_agent_toggled(self, on: bool) -> None:
        self.agent_id.setEnabled(on)
        self.agent_name.setEnabled(on)

    @Slot()
    def on_plate_mode_changed(self) -> None:
        drawing = self.plate_mode.currentData() == "draw"
        self.draw_button.setEnabled(drawing)
        self.plate_number.setReadOnly(drawing)
        if not drawing:
            self.draw_token = ""

    @Slot()
    def on_draw_clicked(self) -> None:
        self.draw_requested.emit(self.energy.currentData() if self.vehicle is None else self.vehicle.energy)

    def set_drawn(self, token: str, number: str) -> None:
        self.draw_token = token
        self.plate_number.setText(number)

    def deferred_codes(self) -> list[str]:
        return self.checklist.deferred_codes()

    def not_applicable_codes(self) -> list[str]:
        return self.checklist.not_applicable_codes()

    def tick_material(self, code: str, received: bool | None) -> None:
        self.checklist.tick(code, received)

    def _update_fees(self) -> None:
        biz = self.current_business()
        hpzl = self.vehicle.hpzl if self.vehicle is not None else ("52" if self.energy.currentData() in (
            "pure_electric", "plug_in", "range_extender", "fuel_cell") else "02")
        try:
            lines = self.catalog.fees_for(biz.code, hpzl)
        except ValidationError:
            lines = []
        total = self.catalog.total(lines)
        detail = fee_detail(lines, self.tr("，"))
        self.fees.setText(self.tr("收费：{detail}　合计 {total}").format(detail=detail or self.tr("无"), total=formats.money(total))
                          + self.tr("　办结时限 {n} 个工作日").format(n=biz.time_limit_days))

    # -- submit ------------------------------------------------------------------------------------

    def _clear_error(self) -> None:
        set_status(self.error, "")
        for widgets in self.rows.values():
            for w in widgets:
                w.setProperty("error", False)
                w.style().unpolish(w)
                w.style().polish(w)

    def show_error(self, text: str, field: str | None = None) -> None:
        """The message, and the field it is about marked and focused."""
        self._clear_error()
        set_status(self.error, text, error=True)
        widget = {"vin": self.vin, "owner": self.owner_id, "agent": self.agent_id, "plate": self.plate_number,
                  "commitment": self.commitment, "materials": self.materials, "engine_no": self.engine_no,
                  "swap_plate": self.text_fields["swap_plate"], "cllx": self.cllx, "syxz": self.syxz,
                  "new_engine_no": self.new_engine_no,
                  "colour": self.colour}.get(field or "")
        if widget is not None:
            widget.setProperty("error", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.setFocus()

    def build_request(self) -> CaseRequest:
        biz = self.current_business()
        shown = {key for key, widgets in self.rows.items() if any(not w.isHidden() for w in widgets)}
        new_vehicle = owner = agent = None
        if "vehicle_particulars" in shown:
            new_vehicle = NewVehicleInput(
                vin=self.vin.text(), cllx=self.cllx.currentData(), syxz=self.syxz.currentData(),
                seats=self.seats.value() or None, colour=self.colour.currentData(), brand=self.brand.text().strip(),
                model=self.model.text().strip(), engine_no=self.engine_no.text().strip(),
                energy=self.energy.currentData(), insurance_until=self.insurance_until.date().toPython())
        if "owner" in shown and self.owner_id.text().strip():
            owner = PartyInput(self.owner_id.text(), self.owner_name.text(), self.owner_phone.text().strip())
        if self.agent_box.isChecked():
            agent = PartyInput(self.agent_id.text(), self.agent_name.text())
        changes = {k: w.text().strip() for k, w in self.text_fields.items() if k in shown and w.text().strip()}
        if "colour" in shown and biz.code == "change_colour":
            changes["colour"] = self.colour.currentData()
        if "engine_no" in shown:
            changes["engine_no"] = self.new_engine_no.text().strip()
        if "use_nature" in shown and biz.code == "change_use":
            changes["syxz"] = self.syxz.currentData()
        plate = None
        if biz.needs_plate_choice and self.plate_number.text().strip():
            plate = PlateChoice(self.plate_mode.currentData(), self.plate_number.text().strip(), self.draw_token)
        return CaseRequest(
            business=biz.code, vehicle_id=self.vehicle.id if self.vehicle is not None else None,
            new_vehicle=new_vehicle, owner=owner, agent=agent, deferred=tuple(self.deferred_codes()),
            not_applicable=tuple(self.not_applicable_codes()),
            commitment_signed=self.commitment.isChecked(), plate=plate,
            event_date=self.event_date.date().toPython() if "event_date" in shown else None,
            temp_plate_purpose=self.temp_purpose.currentData() if "temp_plate_purpose" in shown else None,
            temp_plate_days=self.temp_days.value() if "temp_plate_days" in shown else None,
            changes=changes, ticket_id=self.ticket_id)

    @Slot()
    def on_submit_clicked(self) -> None:
        self._clear_error()
        self.submit_requested.emit(self.build_request())

    def reset_dates(self, today: date) -> None:
        self.event_date.setDate(QDate(today.year, today.month, today.day))
        self.insurance_until.setDate(QDate(today.year + 1, today.month, today.day).addDays(-1))
