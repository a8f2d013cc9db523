"""The vehicle window (机动车业务): search → the vehicle card → the business form → submit → papers;
today's cases and the 容缺 commitments waiting below."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.services.base import HALL_ZONE, Actor, hall_date
from desktop.services.vehicle_cases import STATE_NAMES, CaseResult
from desktop.services.vehicles import VehicleCard, VehicleView
from desktop.ui import code_names, formats
from desktop.ui.business_form import BusinessForm
from desktop.ui.catalog_text import CatalogNames
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.documents_dialog import DocumentsDialog
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status, ui_language
from desktop.ui.plate_dialog import PlateDrawDialog




class VehicleCardText(QObject):
    """The card's words, translatable (pyside6-lupdate reads self.tr calls)."""

    def state_name(self, state: str) -> str:
        names = {"accepted": self.tr("已受理"), "deferred": self.tr("容缺待补"), "completed": self.tr("已办结"),
                 "refused": self.tr("退办"), "terminated": self.tr("容缺终止")}
        return names.get(state, STATE_NAMES.get(state, state))

    def flag_name(self, flag: str) -> str:
        """A vehicle flag as the service writes it (抵押, 查封 …) in the UI language."""
        names = {"抵押": self.tr("抵押"), "质押": self.tr("质押"), "查封": self.tr("查封"), "被盗抢": self.tr("被盗抢"),
                 "违法未处理": self.tr("违法未处理"), "事故未处理": self.tr("事故未处理"), "注销": self.tr("注销"),
                 "迁出": self.tr("迁出"), "未登记": self.tr("未登记")}
        return names.get(flag, flag)

    def flags(self, flags: tuple[str, ...]) -> str:
        return self.tr("、").join(self.flag_name(f) for f in flags)

    def html(self, card: VehicleCard, names: CatalogNames | None = None) -> str:
        v = card.vehicle
        flags = self.flags(v.flags) or self.tr("正常")
        key = ""
        if v.key_operating:
            label = self.tr("两客一危一货")
            key = f"<span style='color:#b00020'><b>【{code_names.key_operating(v.key_operating)}】{label}</b></span>"
        insp = ""
        due = card.inspection
        if due is not None:
            kind = self.tr("上线检验") if due.kind == "physical" else self.tr("免检领标")
            if due.overdue:
                left = "<b style='color:#b00020'>" + self.tr("已逾期 {n} 天").format(n=-due.days_left) + "</b>"
            else:
                left = self.tr("剩 {n} 天").format(n=due.days_left)
            insp = self.tr("{date}（{kind}，{left}）").format(date=formats.day(due.due), kind=kind, left=left)
        plate = v.plate or self.tr("未登记")
        rows = [
            (self.tr("号牌号码"), f"<b style='font-size:18px'>{plate}</b> {key}"),
            (self.tr("车辆识别代号"), v.vin),
            (self.tr("车辆类型"), f"{v.cllx} {code_names.cllx(v.cllx, v.cllx_name)}"),
            (self.tr("使用性质"), f"{v.syxz} {code_names.syxz(v.syxz, v.syxz_name)}"),
            (self.tr("品牌型号"), f"{v.brand} {v.model}".strip()),
            (self.tr("核定载客"), str(v.seats or "")),
            (self.tr("所有人"), f"{v.owner_masked}　{v.owner_id_masked}"),
            (self.tr("初次登记"), formats.day(v.first_registered)),
            (self.tr("下次检验"), insp),
            (self.tr("强制报废期止"), formats.day(v.scrap_date)),
            (self.tr("状态"), f"<b>{flags}</b>" if v.flags else flags),
        ]
        body = "".join(f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap'>{k}</td>"
                       f"<td>{val}</td></tr>" for k, val in rows)
        item = self.tr("{no} {day} {name}（{state}）")
        recent = "".join("<li>" + item.format(no=no, day=formats.month_day(day), state=self.state_name(state),
                                              name=names.business(name) if names is not None else name)
                         + "</li>" for no, day, name, state in card.recent_cases[:5])
        heading = self.tr("近期业务")
        body_recent = f"<p style='color:#555'>{heading}</p><ul>{recent}</ul>" if recent else ""
        return f"<table>{body}</table>{body_recent}"


class VehiclePage(QWidget):
    case_saved = Signal(object)  # CaseResult

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.services = ctx.services
        self.last_result: CaseResult | None = None
        self.documents_dialog: DocumentsDialog | None = None
        self.plate_dialog: PlateDrawDialog | None = None
        self.card_text = VehicleCardText(self)
        self._build()
        self.form.reset_dates(hall_date(self.services.plates.now()))

    def _build(self) -> None:
        heading = QLabel(self.tr("机动车业务"))
        heading.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("号牌号码、车辆识别代号（或后6位）、所有人证件号或姓名，回车查询"))
        self.search_edit.returnPressed.connect(self.on_search_requested)
        search = QPushButton(self.tr("查询"))
        search.clicked.connect(self.on_search_requested)
        new_business = QPushButton(self.tr("新车业务"))
        new_business.setToolTip(self.tr("注册登记、转入、临时号牌：不选车辆"))
        new_business.clicked.connect(self.on_new_vehicle_requested)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(search)
        top.addWidget(new_business)

        self.results = RecordTableModel([
            (self.tr("号牌号码"), lambda v: v.plate or self.tr("未登记")),
            (self.tr("车辆类型"), lambda v: code_names.cllx(v.cllx, v.cllx_name)),
            (self.tr("使用性质"), lambda v: code_names.syxz(v.syxz, v.syxz_name)),
            (self.tr("所有人"), lambda v: v.owner_masked),
            (self.tr("重点车辆"), lambda v: code_names.key_operating(v.key_operating)),
            (self.tr("状态"), lambda v: self.card_text.flags(v.flags)),
        ], self)
        self.results_view = QTableView()
        self.results_view.setModel(self.results)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.results_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.results_view.selectionModel().currentRowChanged.connect(self.on_result_selected)
        self.card = QLabel()
        self.card.setObjectName("vehicleCard")
        self.card.setTextFormat(Qt.RichText)
        self.card.setWordWrap(True)
        self.card.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.results_view.setMaximumHeight(170)
        card_scroll = QScrollArea()
        card_scroll.setWidgetResizable(True)
        card_scroll.setFrameShape(QFrame.NoFrame)
        card_scroll.setWidget(self.card)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results_view)
        left_layout.addWidget(card_scroll, 1)

        self.form = BusinessForm(self.services.catalogs.vehicle)
        self.names = CatalogNames(self.services.catalogs.vehicle)
        self.form.submit_requested.connect(self.on_submit_requested)
        self.form.draw_requested.connect(self.on_draw_requested)
        form_scroll = QScrollArea()  # a long form scrolls; the window keeps its size
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.NoFrame)
        form_scroll.setWidget(self.form)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(form_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 640])

        self.today_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r.case_no),
            (self.tr("时间"), lambda r: r.accepted_at.astimezone(HALL_ZONE).strftime("%H:%M")),
            (self.tr("业务"), lambda r: self.names.business(r.business_name)),
            (self.tr("号牌"), lambda r: r.plate),
            (self.tr("申请人"), lambda r: r.applicant_masked),
            (self.tr("状态"), lambda r: self.card_text.state_name(r.state)),
            (self.tr("收费"), lambda r: formats.money(r.fee_total)),
        ], self)
        self.today_view = QTableView()
        self.today_view.setModel(self.today_model)
        self.today_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.today_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.today_view.horizontalHeader().setStretchLastSection(True)
        reprint = QPushButton(self.tr("重打凭证"))
        reprint.clicked.connect(self.on_reprint_requested)
        today_tab = QWidget()
        t = QVBoxLayout(today_tab)
        t.addWidget(self.today_view)
        t.addWidget(reprint, 0, Qt.AlignRight)

        self.deferral_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r.case_no),
            (self.tr("业务"), lambda r: self.names.business(r.business_name)),
            (self.tr("申请人"), lambda r: r.applicant_masked),
            (self.tr("容缺材料"), lambda r: self.names.materials(r.missing)),
            (self.tr("补交期限"), lambda r: formats.day(r.deadline) + (self.tr("（已逾期）") if r.overdue else "")),
        ], self)
        self.deferral_view = QTableView()
        self.deferral_view.setModel(self.deferral_model)
        self.deferral_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.deferral_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.deferral_view.horizontalHeader().setStretchLastSection(True)
        supply = QPushButton(self.tr("材料已补齐"))
        supply.clicked.connect(self.on_supply_requested)
        deferral_tab = QWidget()
        d = QVBoxLayout(deferral_tab)
        d.addWidget(self.deferral_view)
        d.addWidget(supply, 0, Qt.AlignRight)

        self.tabs = QTabWidget()
        self.tabs.addTab(today_tab, self.tr("今日受理"))
        self.tabs.addTab(deferral_tab, self.tr("容缺待补"))
        self.status = QLabel()
        self.status.setObjectName("statusLine")

        body = QSplitter(Qt.Vertical)
        body.addWidget(splitter)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        body.setSizes([560, 120])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)

    # -- search and card ---------------------------------------------------------------------------

    @Slot()
    def on_search_requested(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            set_status(self.status, self.tr("请输入号牌号码、车辆识别代号或所有人"))
            return
        vehicles = self.services.vehicles
        DbOp(self._worker, lambda: vehicles.search(self._actor, text)).success(self._show_results).failure(
            self._failed).run()

    def _show_results(self, rows: list[VehicleView]) -> None:
        self.results.set_rows(rows)
        set_status(self.status, self.tr("找到 {n} 辆车").format(n=len(rows)) if rows else self.tr("没有找到车辆"))
        if rows:
            self.results_view.selectRow(0)
        else:
            self.card.clear()
            self.form.set_vehicle(None)

    @Slot()
    def on_result_selected(self, *_args) -> None:
        row = self.results.row_at(self.results_view.currentIndex().row())
        if row is None:
            return
        self.form.set_vehicle(row)
        vehicles = self.services.vehicles
        DbOp(self._worker, lambda: vehicles.card(self._actor, row.id)).success(
            lambda card: self.card.setText(self.card_text.html(card, self.names))).failure(self._failed).run()

    @Slot()
    def on_new_vehicle_requested(self) -> None:
        self.results_view.clearSelection()
        self.card.setText(self.tr("新车业务：填写车辆参数和所有人"))
        self.form.set_vehicle(None)

    def show_person(self, person) -> None:
        """The person of the ticket being served: their vehicles, found by owner."""
        self.search_edit.setText(person.name_masked)
        vehicles = self.services.vehicles
        DbOp(self._worker, lambda: vehicles.by_owner(self._actor, person.id)).success(self._show_results).failure(
            self._failed).run()

    def set_ticket(self, ticket) -> None:
        self.form.ticket_id = ticket.id if ticket is not None else None

    # -- plate draw --------------------------------------------------------------------------------

    @Slot(str)
    def on_draw_requested(self, energy: str) -> None:
        plates = self.services.plates
        vehicle = self.form.vehicle
        large = vehicle is not None and vehicle.hpzl in ("01", "51")
        DbOp(self._worker, lambda: plates.draw(self._actor, energy=energy, large=large)).success(
            self._show_draw).failure(self._failed).run()

    def _show_draw(self, draw) -> None:
        self.plate_dialog = PlateDrawDialog(draw, self, clock=self.services.plates.now)
        self.plate_dialog.accepted.connect(lambda: self.form.set_drawn(draw.token, self.plate_dialog.chosen))
        self.plate_dialog.open()

    # -- submit ------------------------------------------------------------------------------------

    @Slot(object)
    def on_submit_requested(self, request) -> None:
        cases = self.services.vehicle_cases
        self.form.submit_button.setEnabled(False)
        DbOp(self._worker, lambda: cases.submit(self._actor, request)).success(self._saved).failure(
            self._submit_failed).run()

    def _submit_failed(self, exc: CounterDeskError) -> None:
        self.form.submit_button.setEnabled(True)
        self.form.show_error(error_text(exc), exc.field if isinstance(exc, ValidationError) else None)

    def _saved(self, result: CaseResult) -> None:
        self.form.submit_button.setEnabled(True)
        self.last_result = result
        text = self.tr("已受理 {no}：{name}").format(no=result.case_no, name=self.names.business(result.business_name))
        if result.plate:
            text += self.tr("，号牌 {plate}").format(plate=result.plate)
        if result.deferral_deadline:
            text += self.tr("；容缺待补，期限 {d}").format(d=formats.day(result.deferral_deadline))
        for warning in (result.warnings_en if ui_language() == "en" and result.warnings_en else result.warnings):
            text += self.tr("；{warning}").format(warning=formats.days_in(warning))
        set_status(self.status, text)
        self.form.on_business_changed()
        self.case_saved.emit(result)
        self.documents_dialog = DocumentsDialog(self, self.tr("打印凭证 — {no}").format(no=result.case_no),
                                                result.documents)
        self.documents_dialog.open()
        self.refresh()

    # -- lists -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Today's cases and the open commitments; overdue ones are terminated first (容缺终止 is
        automatic: whichever counter refreshes first does it, once)."""
        cases, deferrals = self.services.vehicle_cases, self.services.deferrals

        def open_commitments():
            terminated = deferrals.terminate_overdue(self._actor)
            return terminated, deferrals.list(self._actor)

        DbOp(self._worker, lambda: cases.today(self._actor)).success(self.today_model.set_rows).failure(
            self._failed).run()
        DbOp(self._worker, open_commitments).success(self._show_deferrals).failure(self._failed).run()

    def _show_deferrals(self, result) -> None:
        terminated, rows = result
        if terminated:
            set_status(self.status, self.tr("容缺逾期未补，已终止：{cases}").format(cases="、".join(terminated)),
                       error=True)
        self.deferral_model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue)
        label = self.tr("容缺待补 {n}").format(n=len(rows)) if rows else self.tr("容缺待补")
        if overdue:
            label += self.tr("（逾期 {n}）").format(n=overdue)
        self.tabs.setTabText(1, label)

    @Slot()
    def on_supply_requested(self) -> None:
        row = self.deferral_model.row_at(self.deferral_view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在“容缺待补”中选择一条"))
            return
        deferrals = self.services.deferrals
        DbOp(self._worker, lambda: deferrals.supply(self._actor, row.case_no)).success(
            lambda _r: (set_status(self.status, self.tr("{no} 材料已补齐，业务办结").format(no=row.case_no)),
                        self.refresh())).failure(self._failed).run()

    @Slot()
    def on_reprint_requested(self) -> None:
        row = self.today_model.row_at(self.today_view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在“今日受理”中选择一条"))
            return
        cases = self.services.vehicle_cases
        DbOp(self._worker, lambda: cases.reprint(self._actor, row.case_no)).success(
            lambda docs: self._open_documents(row.case_no, docs)).failure(self._failed).run()

    def _open_documents(self, case_no: str, docs) -> None:
        if not docs:  # a case imported or generated without papers
            set_status(self.status, self.tr("{no} 没有出具过凭证，无法重打").format(no=case_no), error=True)
            return
        self.documents_dialog = DocumentsDialog(self, self.tr("重打凭证 — {no}").format(no=case_no), docs)
        self.documents_dialog.open()

    def _failed(self, exc: CounterDeskError) -> None:
        set_status(self.status, error_text(exc), error=True)
