"""Applicant lookup (申请人查询): by ID number or name; masked rows; the full ID only on request,
which is itself audited."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.services.base import Actor
from desktop.services.persons import PersonView
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status, show_message

class PersonSearch(QWidget):
    results_shown = Signal(int)
    id_revealed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("身份证号或姓名，回车查询"))
        self.search_edit.returnPressed.connect(self.on_search_requested)
        search_button = QPushButton(self.tr("查询"))
        search_button.clicked.connect(self.on_search_requested)
        self.reveal_button = QPushButton(self.tr("显示完整证件号"))
        self.reveal_button.setToolTip(self.tr("查看完整证件号会记入审计日志"))
        self.reveal_button.clicked.connect(self.on_reveal_requested)
        sex = {"M": self.tr("男"), "F": self.tr("女")}
        self.model = RecordTableModel([
            (self.tr("姓名"), lambda p: p.name_masked),
            (self.tr("证件号码"), lambda p: p.id_masked),
            (self.tr("性别"), lambda p: sex.get(p.sex, p.sex)),
            (self.tr("出生日期"), lambda p: p.birth_date.isoformat()),
            (self.tr("手机"), lambda p: p.phone_masked),
            (self.tr("住址"), lambda p: p.address_masked),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.status.setObjectName("statusLine")
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(search_button)
        row.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    @Slot()
    def on_search_requested(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            set_status(self.status, self.tr("请输入身份证号或姓名"))
            return
        persons = self._ctx.services.persons
        DbOp(self._worker, lambda: persons.find(self._actor, text)).success(self._show).failure(
            lambda exc: set_status(self.status, error_text(exc), error=True)).run()

    def _show(self, rows: list[PersonView]) -> None:
        self.model.set_rows(rows)
        set_status(self.status, self.tr("找到 {n} 人").format(n=len(rows)) if rows else self.tr("没有找到"))
        if rows:
            self.table.selectRow(0)
        self.results_shown.emit(len(rows))

    def show_person(self, person: PersonView) -> None:
        """Pre-fill with the person of the ticket being served."""
        self.search_edit.setText(person.name_masked)
        self._show([person])

    def selected(self) -> PersonView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def on_reveal_requested(self) -> None:
        person = self.selected()
        if person is None:
            set_status(self.status, self.tr("请先选择一位申请人"))
            return
        persons = self._ctx.services.persons
        DbOp(self._worker, lambda: persons.reveal_id_number(self._actor, person.id, "窗口核对")) \
            .success(self._revealed).failure(lambda exc: set_status(self.status, error_text(exc), error=True)).run()

    def _revealed(self, number: str) -> None:
        self.id_revealed.emit(number)
        show_message(self, self.tr("完整证件号：{n}\n（本次查看已记入审计日志）").format(n=number),
                     title=self.tr("完整证件号"), warning=False)
