"""The driver window (驾驶证业务): find the holder → the card (photo, classes, validity, status, points,
what is due) → the business → materials, fees → submit → papers (受理凭证, 收费收据, 领证凭证)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout,
                               QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.domain import licensing
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.roles import allowed
from desktop.services.base import HALL_ZONE, Actor, hall_date
from desktop.services.driver_cases import DriverCaseRequest, DriverCaseResult
from desktop.services.licences import HolderView
from desktop.services.case_records import PartyInput
from desktop.ui import formats
from desktop.ui.catalog_text import CatalogNames, fee_detail, menu_items
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.documents_dialog import DocumentsDialog
from desktop.ui.materials import MaterialsChecklist
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status, show_message, ui_language

CLASS_BUSINESSES = ("first_licence", "add_class", "transfer_in")


class HolderCardText(QObject):
    """The holder card's words (translatable)."""

    def status_name(self, letter: str) -> str:
        """A 驾驶证状态 letter (A 正常 …, licence_terms.LICENCE_STATUS) in the UI language."""
        names = {"A": self.tr("正常"), "B": self.tr("超分"), "C": self.tr("转出"), "D": self.tr("暂扣"),
                 "E": self.tr("撤销"), "F": self.tr("吊销"), "G": self.tr("注销"), "H": self.tr("违法未处理"),
                 "I": self.tr("事故未处理"), "J": self.tr("停止使用"), "K": self.tr("扣押（协查）"), "L": self.tr("锁定"),
                 "M": self.tr("逾期未换证"), "N": self.tr("延期换证"), "P": self.tr("延期体检"),
                 "R": self.tr("注销可恢复（逾期未体检）"), "S": self.tr("逾期未审验"), "T": self.tr("延期审验"),
                 "U": self.tr("扣留"), "Z": self.tr("其他")}
        return names.get(letter, licensing.LICENCE_STATUS.get(letter, letter))

    def class_name(self, code: str) -> str:
        """A 准驾车型 (令162 附件1) in the UI language."""
        names = {"A1": self.tr("大型客车"), "A2": self.tr("重型牵引挂车"), "A3": self.tr("城市公交车"),
                 "B1": self.tr("中型客车"), "B2": self.tr("大型货车"), "C1": self.tr("小型汽车"),
                 "C2": self.tr("小型自动挡汽车"), "C3": self.tr("低速载货汽车"), "C4": self.tr("三轮汽车"),
                 "C5": self.tr("残疾人专用小型自动挡载客汽车"), "C6": self.tr("轻型牵引挂车"),
                 "D": self.tr("普通三轮摩托车"), "E": self.tr("普通二轮摩托车"), "F": self.tr("轻便摩托车"),
                 "M": self.tr("轮式专用机械车"), "N": self.tr("无轨电车"), "P": self.tr("有轨电车")}
        return names.get(code, licensing.CLASS_NAMES.get(code, ""))

    def subject_name(self, code: str) -> str:
        return {"1": self.tr("科目一"), "2": self.tr("科目二"), "3": self.tr("科目三道路驾驶技能"),
                "3s": self.tr("科目三安全文明驾驶常识")}.get(code, code)

    def status(self, letters: str) -> str:
        return self.tr("、").join(self.status_name(c) for c in (letters or "A"))

    def html(self, h: HolderView) -> str:
        warnings_shown = h.warnings_en if ui_language() == "en" and h.warnings_en else h.warnings
        if h.licence_id is None:
            passed = self.tr("、").join(self.subject_name(s) for s in h.exams_passed) or self.tr("无")
            rows = [(self.tr("姓名"), h.name_masked), (self.tr("证件号码"), h.id_masked),
                    (self.tr("年龄"), str(h.age)), (self.tr("驾驶证"), self.tr("未持有")),
                    (self.tr("已通过科目"), passed)]
        else:
            until = formats.day(h.valid_until) if h.valid_until else self.tr("长期")
            rows = [(self.tr("姓名"), h.name_masked), (self.tr("驾驶证号"), h.id_masked),
                    (self.tr("年龄"), str(h.age)),
                    (self.tr("准驾车型"), f"<b style='font-size:18px'>{' '.join(h.classes)}</b>"),
                    (self.tr("有效期"), f"{formats.day(h.valid_from)} — {until}"),
                    (self.tr("状态"), self.status(h.status)), (self.tr("记分"), str(h.points))]
        body = "".join(f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap'>{k}</td><td>{v}</td></tr>"
                       for k, v in rows)
        warnings = "".join(f"<li style='color:#b00020'>{formats.days_in(w)}</li>" for w in warnings_shown)
        return f"<table>{body}</table>" + (f"<ul>{warnings}</ul>" if warnings else "")


class DriverPage(QWidget):
    case_saved = Signal(object)  # DriverCaseResult
    id_revealed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.services = ctx.services
        self.catalog = ctx.services.catalogs.driver
        self.names = CatalogNames(self.catalog)
        self.holder: HolderView | None = None
        self.ticket_id: int | None = None
        self.last_result: DriverCaseResult | None = None
        self.documents_dialog: DocumentsDialog | None = None
        self.card_text = HolderCardText(self)
        self._build()
        self.on_business_changed()

    def _build(self) -> None:
        heading = QLabel(self.tr("驾驶证业务"))
        heading.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("身份证号（驾驶证号）或姓名，回车查询"))
        self.search_edit.returnPressed.connect(self.on_search_requested)
        search = QPushButton(self.tr("查询"))
        search.clicked.connect(self.on_search_requested)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(search)
        top.addWidget(self._build_exams_box())

        self.results = RecordTableModel([
            (self.tr("姓名"), lambda h: h.name_masked), (self.tr("证件号码"), lambda h: h.id_masked),
            (self.tr("准驾车型"), lambda h: " ".join(h.classes)),
            (self.tr("有效期至"), lambda h: (formats.day(h.valid_until) if h.valid_until else self.tr("长期"))
             if h.licence_id else ""),
        ], self)
        self.results_view = QTableView()
        self.results_view.setModel(self.results)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.results_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.results_view.setMaximumHeight(150)
        self.results_view.selectionModel().currentRowChanged.connect(self.on_result_selected)
        self.photo = QLabel(self.tr("无照片"))
        self.photo.setFixedSize(120, 148)
        self.photo.setAlignment(Qt.AlignCenter)
        self.photo.setFrameShape(QFrame.Box)
        self.card = QLabel()
        self.card.setTextFormat(Qt.RichText)
        self.card.setWordWrap(True)
        self.card.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        photo_button = QPushButton(self.tr("导入照片…"))
        photo_button.clicked.connect(self.on_photo_requested)
        camera_button = QPushButton(self.tr("拍照…"))
        camera_button.clicked.connect(self.on_camera_requested)
        reveal_button = QPushButton(self.tr("显示完整证件号"))
        reveal_button.setToolTip(self.tr("查看完整证件号会记入审计日志"))
        reveal_button.clicked.connect(self.on_reveal_requested)
        card_row = QHBoxLayout()
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photo)
        photo_col.addWidget(photo_button)
        photo_col.addWidget(camera_button)
        photo_col.addWidget(reveal_button)
        photo_col.addStretch(1)
        card_row.addLayout(photo_col)
        card_row.addWidget(self.card, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results_view)
        left_layout.addLayout(card_row, 1)

        form = QWidget()
        self.business = QComboBox()
        for label, code in menu_items(self.catalog):
            self.business.addItem(label, code)
        self.business.currentIndexChanged.connect(self.on_business_changed)
        self.applicant_id = QLineEdit()
        self.applicant_id.setPlaceholderText(self.tr("申请人身份证号"))
        self.applicant_name = QLineEdit()
        self.requested_class = QComboBox()
        for code in licensing.CLASSES:
            self.requested_class.addItem(f"{code} {self.card_text.class_name(code)}", code)
        self.requested_class.setCurrentIndex(max(0, self.requested_class.findData("C1")))
        self.event_date = QDateEdit()
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat(formats.edit_format())
        self.medical_date = QDateEdit()
        self.medical_date.setCalendarPopup(True)
        self.medical_date.setDisplayFormat(formats.edit_format())
        self.three_abilities = QCheckBox(self.tr("已通过三力测试（70周岁以上）"))
        self.new_address = QLineEdit()
        self.agent_box = QCheckBox(self.tr("代理人办理"))
        self.agent_id = QLineEdit()
        self.agent_id.setPlaceholderText(self.tr("代理人身份证号"))
        self.agent_name = QLineEdit()
        self.agent_name.setPlaceholderText(self.tr("代理人姓名"))
        self.fields = QFormLayout()
        self.fields.addRow(self.tr("业务类型"), self.business)
        self.fields.addRow(self.tr("申请人证件号"), self.applicant_id)
        self.fields.addRow(self.tr("申请人姓名"), self.applicant_name)
        self.fields.addRow(self.tr("准驾车型"), self.requested_class)
        self.fields.addRow(self.tr("事项发生日期"), self.event_date)
        self.fields.addRow(self.tr("体检日期"), self.medical_date)
        self.fields.addRow("", self.three_abilities)
        self.fields.addRow(self.tr("新住址"), self.new_address)
        agent_row = QHBoxLayout()
        agent_row.addWidget(self.agent_box)
        agent_row.addWidget(self.agent_id, 2)
        agent_row.addWidget(self.agent_name, 1)
        self.checklist = MaterialsChecklist()
        self.fees = QLabel()
        self.error = QLabel()
        self.error.setObjectName("statusLine")
        self.error.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("提交并打印 (Ctrl+Enter)"))
        self.submit_button.setObjectName("primaryButton")
        self.submit_button.setShortcut("Ctrl+Return")
        self.submit_button.clicked.connect(self.on_submit_clicked)
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(self.fields)
        form_layout.addLayout(agent_row)
        form_layout.addWidget(self.checklist, 1)
        form_layout.addWidget(self.fees)
        form_layout.addWidget(self.error)
        form_layout.addWidget(self.submit_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(form)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([420, 640])
        self.today_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r.case_no),
            (self.tr("时间"), lambda r: r.accepted_at.astimezone(HALL_ZONE).strftime("%H:%M")),
            (self.tr("业务"), lambda r: self.names.business(r.business_name)),
            (self.tr("准驾车型"), lambda r: r.classes),
            (self.tr("申请人"), lambda r: r.applicant_masked), (self.tr("收费"), lambda r: formats.money(r.fee_total)),
        ], self)
        self.today_view = QTableView()
        self.today_view.setModel(self.today_model)
        self.today_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.today_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.today_view.horizontalHeader().setStretchLastSection(True)
        self.today_view.setMaximumHeight(130)
        self.status = QLabel()
        self.status.setObjectName("statusLine")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.exams_box)
        layout.addWidget(QLabel(self.tr("今日受理")))
        layout.addWidget(self.today_view)
        layout.addWidget(self.status)
        today = hall_date(self.services.licences.now())
        for edit in (self.event_date, self.medical_date):
            edit.setDate(QDate(today.year, today.month, today.day))

    def _build_exams_box(self) -> QPushButton:
        """考试合格待发证: the 初次申领/增驾 cases waiting for their exams; 发证 once all are passed."""
        self.exams_button = QPushButton(self.tr("考试合格待发证 ({n})").format(n=0))
        self.exams_button.setCheckable(True)
        self.exams_button.toggled.connect(self.on_exams_toggled)
        if not allowed(self._actor.role, "vehicle.view"):  # hide() only: no parent yet (see exam_calendar)
            self.exams_button.hide()
        self.exams_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r[0]), (self.tr("姓名"), lambda r: r[1]), (self.tr("车型"), lambda r: r[2]),
            (self.tr("受理日期"), lambda r: formats.days_in(r[3])),  # the service writes ISO
            (self.tr("考试"), lambda r: self.tr("✓ 合格待发证") if r[4] else self.tr("考试中")),
        ], self)
        self.exams_view = QTableView()
        self.exams_view.setModel(self.exams_model)
        self.exams_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.exams_view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.exams_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.exams_view.horizontalHeader().setStretchLastSection(True)
        self.exams_view.setMaximumHeight(150)
        self.issue_button = QPushButton(self.tr("发证"))
        self.issue_button.clicked.connect(self.on_issue_requested)
        self.issue_button.setEnabled(allowed(self._actor.role, "vehicle.business"))
        note = QLabel(self.tr("考试中的初次申领、增驾；全部科目合格后选定并点“发证”"))
        note.setObjectName("pageNote")
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(self.issue_button)
        self.exams_box = QGroupBox(self.tr("考试合格待发证"))
        box = QVBoxLayout(self.exams_box)
        box.addWidget(self.exams_view)
        box.addLayout(row)
        self.exams_box.setVisible(False)
        return self.exams_button

    @Slot(bool)
    def on_exams_toggled(self, shown: bool) -> None:
        self.exams_box.setVisible(shown)
        if shown:
            self.refresh_exams()

    def refresh_exams(self) -> None:
        if not allowed(self._actor.role, "vehicle.view"):
            return
        cases = self.services.driver_cases
        DbOp(self._worker, lambda: cases.examining(self._actor)).success(self._show_exams).failure(self._failed).run()

    def _show_exams(self, rows) -> None:
        self.exams_model.set_rows(rows)
        ready = sum(1 for r in rows if r[4])
        self.exams_button.setText(self.tr("考试合格待发证 ({n})").format(n=ready))
        if ready:
            self.exams_view.selectRow(0)  # ready rows come first

    @Slot()
    def on_issue_requested(self) -> None:
        row = self.exams_model.row_at(self.exams_view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在考试合格待发证列表中选定一条"), error=True)
            return
        if not row[4]:
            set_status(self.status, self.tr("{no} 尚未考完全部科目，不能发证").format(no=row[0]), error=True)
            return
        cases = self.services.driver_cases
        self.issue_button.setEnabled(False)
        DbOp(self._worker, lambda: cases.issue_after_exams(self._actor, row[0])).success(self._issued).failure(
            self._issue_failed).run()

    def _issue_failed(self, exc: CounterDeskError) -> None:
        self.issue_button.setEnabled(True)
        self._failed(exc)

    def _issued(self, result: DriverCaseResult) -> None:
        self.issue_button.setEnabled(True)
        self.last_result = result
        set_status(self.status, self.tr("已发证 {no}：准驾车型 {c}").format(no=result.case_no, c=result.classes))
        self.case_saved.emit(result)
        self.documents_dialog = DocumentsDialog(self, self.tr("打印凭证 — {no}").format(no=result.case_no),
                                                result.documents)
        self.documents_dialog.open()
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override: the count is fresh when the panel opens
        super().showEvent(event)
        self.refresh_exams()

    # -- holder ------------------------------------------------------------------------------------

    @Slot()
    def on_search_requested(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            set_status(self.status, self.tr("请输入身份证号或姓名"))
            return
        licences = self.services.licences
        DbOp(self._worker, lambda: licences.find(self._actor, text)).success(self._show_results).failure(
            self._failed).run()

    def _show_results(self, rows: list[HolderView]) -> None:
        self.results.set_rows(rows)
        set_status(self.status, self.tr("找到 {n} 人").format(n=len(rows)) if rows else self.tr("没有找到"))
        if rows:
            self.results_view.selectRow(0)

    def show_person(self, person) -> None:
        """The person of the ticket being served."""
        self.show_holder(person.id)

    def show_holder(self, person_id: int) -> None:
        licences = self.services.licences
        DbOp(self._worker, lambda: [licences.holder(self._actor, person_id)]).success(self._show_results).run()

    def set_ticket(self, ticket) -> None:
        self.ticket_id = ticket.id if ticket is not None else None

    @Slot()
    def on_result_selected(self, *_args) -> None:
        row = self.results.row_at(self.results_view.currentIndex().row())
        if row is None:
            return
        self.holder = row
        self.card.setText(self.card_text.html(row))
        self.applicant_id.clear()
        self.applicant_id.setPlaceholderText(self.tr("已选：{id}（留空即为该申请人）").format(id=row.id_masked))
        self.applicant_name.clear()
        licences = self.services.licences
        DbOp(self._worker, lambda: licences.photo(self._actor, row.person_id)).success(self._show_photo).run()

    def _show_photo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.photo.setPixmap(pixmap.scaled(self.photo.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))
        else:
            self.photo.setText(self.tr("无照片"))

    @Slot()
    def on_photo_requested(self) -> None:
        if self.holder is None:
            set_status(self.status, self.tr("请先查询并选定持证人"))
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("导入照片"), str(Path.home()),
                                              self.tr("图片 (*.jpg *.jpeg *.png *.bmp)"))
        if name:
            self.import_photo(Path(name))

    @Slot()
    def on_camera_requested(self) -> None:
        if self.holder is None:
            set_status(self.status, self.tr("请先查询并选定持证人"))
            return
        from desktop.ui.camera import CameraDialog, find_camera

        device = find_camera()
        if device is None:
            set_status(self.status, self.tr("未检测到摄像头，请用“导入照片”"), error=True)
            return
        self.camera_dialog = CameraDialog(device, self)
        self.camera_dialog.captured.connect(self.store_photo)
        self.camera_dialog.open()

    def store_photo(self, data: bytes) -> None:
        persons, person_id = self.services.persons, self.holder.person_id
        DbOp(self._worker, lambda: (persons.set_photo(self._actor, person_id, data), data)[1]).success(
            lambda d: (self._show_photo(d), set_status(self.status, self.tr("照片已保存")))).failure(
            self._failed).run()

    def import_photo(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            set_status(self.status, self.tr("无法读取文件：{reason}").format(reason=exc.strerror or str(exc)),
                       error=True)
            return
        self.store_photo(data)

    @Slot()
    def on_reveal_requested(self) -> None:
        """The full ID number, for checking against the card in hand: itself an audited action."""
        if self.holder is None:
            set_status(self.status, self.tr("请先查询并选定持证人"))
            return
        persons, person_id = self.services.persons, self.holder.person_id
        DbOp(self._worker, lambda: persons.reveal_id_number(self._actor, person_id, "窗口核对")).success(
            self._revealed).failure(self._failed).run()

    def _revealed(self, number: str) -> None:
        self.id_revealed.emit(number)
        show_message(self, self.tr("完整证件号：{n}\n（本次查看已记入审计日志）").format(n=number),
                     title=self.tr("完整证件号"), warning=False)

    # -- business ----------------------------------------------------------------------------------

    @Slot()
    def on_business_changed(self, *_args) -> None:
        biz = self.catalog.business(self.business.currentData())
        shown = set(biz.fields)
        for widget, key in ((self.requested_class, "licence_class"), (self.event_date, "event_date"),
                            (self.medical_date, "medical_date"), (self.new_address, "new_address")):
            visible = key in shown or (widget is self.requested_class and biz.code in CLASS_BUSINESSES)
            widget.setVisible(visible)
            label = self.fields.labelForField(widget)
            if label is not None:
                label.setVisible(visible)
        self.three_abilities.setVisible(biz.code in ("first_licence", "add_class", "renewal", "health_cert"))
        self.agent_box.setEnabled(biz.agent_allowed)
        self.agent_box.setChecked(False)
        self.checklist.set_business(biz)
        lines = self.catalog.fees_for(biz.code, None)
        total = self.catalog.total(lines)
        detail = fee_detail(lines, self.tr("，")) or self.tr("无")
        self.fees.setText(self.tr("收费：{detail}　合计 {total}").format(detail=detail, total=formats.money(total))
                          + self.tr("　办结时限 {n} 个工作日").format(n=biz.time_limit_days))
        set_status(self.error, "")

    def build_request(self) -> DriverCaseRequest:
        biz = self.catalog.business(self.business.currentData())
        typed = self.applicant_id.text().strip()
        person_id = self.holder.person_id if (not typed and self.holder is not None) else None
        applicant = PartyInput(typed, self.applicant_name.text()) if person_id is None else None
        changes = {"new_address": self.new_address.text().strip()} if self.new_address.isVisible() else {}
        return DriverCaseRequest(
            business=biz.code, applicant=applicant, person_id=person_id,
            requested_class=self.requested_class.currentData() if self.requested_class.isVisible() else None,
            agent=PartyInput(self.agent_id.text(), self.agent_name.text()) if self.agent_box.isChecked() else None,
            deferred=tuple(self.checklist.deferred_codes()),
            not_applicable=tuple(self.checklist.not_applicable_codes()),
            commitment_signed=self.checklist.commitment.isChecked(),
            event_date=self.event_date.date().toPython() if self.event_date.isVisible() else None,
            medical_on=self.medical_date.date().toPython() if self.medical_date.isVisible() else None,
            three_abilities_passed=self.three_abilities.isChecked(), changes=changes, ticket_id=self.ticket_id)

    @Slot()
    def on_submit_clicked(self) -> None:
        set_status(self.error, "")
        request = self.build_request()
        cases = self.services.driver_cases
        self.submit_button.setEnabled(False)
        DbOp(self._worker, lambda: cases.submit(self._actor, request)).success(self._saved).failure(
            self._submit_failed).run()

    def _submit_failed(self, exc: CounterDeskError) -> None:
        self.submit_button.setEnabled(True)
        set_status(self.error, error_text(exc), error=True)
        widget = {"applicant": self.applicant_id, "agent": self.agent_id, "licence_class": self.requested_class,
                  "commitment": self.checklist.commitment}.get(exc.field if isinstance(exc, ValidationError) else "")
        if widget is not None:
            widget.setFocus()

    def _saved(self, result: DriverCaseResult) -> None:
        self.submit_button.setEnabled(True)
        self.last_result = result
        text = self.tr("已受理 {no}：{name}").format(no=result.case_no, name=self.names.business(result.business_name))
        if result.classes:
            text += self.tr("，准驾车型 {c}").format(c=result.classes)
        for warning in (result.warnings_en if ui_language() == "en" and result.warnings_en else result.warnings):
            text += self.tr("；{warning}").format(warning=formats.days_in(warning))
        set_status(self.status, text)
        self.case_saved.emit(result)
        self.documents_dialog = DocumentsDialog(self, self.tr("打印凭证 — {no}").format(no=result.case_no),
                                                result.documents)
        self.documents_dialog.open()
        self.refresh()
        if self.holder is not None:
            self.show_holder(self.holder.person_id)

    def refresh(self) -> None:
        cases = self.services.driver_cases
        DbOp(self._worker, lambda: cases.today(self._actor)).success(self.today_model.set_rows).failure(
            self._failed).run()
        self.refresh_exams()

    def _failed(self, exc: CounterDeskError) -> None:
        set_status(self.status, error_text(exc), error=True)
