"""The admin dialog (人员与窗口): staff accounts, counters and the hall. Admin only — and the
services refuse anyone else whatever the UI shows."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QSpinBox, QWidget)

from desktop.context import AppContext
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.halls import DEFAULT_CATEGORIES
from desktop.domain.roles import ROLE_NAMES, Role
from desktop.services.base import Actor
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms.ui_staff_admin import Ui_StaffAdminDialog
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import bilingual, error_text, set_status


class StaffAdminDialog(QDialog):
    changed = Signal()

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffAdminDialog()
        self.ui.setupUi(self)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.ui.errorLabel.setObjectName("statusLine")
        roles = {r: bilingual(ROLE_NAMES[r]) for r in Role}
        self.staff_model = RecordTableModel([
            (self.tr("用户名"), lambda s: s.username), (self.tr("姓名"), lambda s: s.name),
            (self.tr("角色"), lambda s: roles.get(Role(s.role), s.role)),
            (self.tr("状态"), lambda s: self.tr("启用") if s.active else self.tr("停用")),
            (self.tr("锁定"), lambda s: self.tr("锁定中") if s.locked_until and s.locked_until > datetime.now(timezone.utc)
             else "")], self)
        self.counter_model = RecordTableModel([
            (self.tr("窗口"), lambda c: c.number), (self.tr("名称"), lambda c: c.name),
            (self.tr("类别"), lambda c: ",".join(c.categories)),
            (self.tr("状态"), lambda c: self.tr("启用") if c.active else self.tr("停用"))], self)
        for view, model in ((self.ui.staffTable, self.staff_model), (self.ui.counterTable, self.counter_model)):
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectRows)
            view.setSelectionMode(QAbstractItemView.SingleSelection)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.ui.newStaffButton.clicked.connect(self.on_new_staff_requested)
        self.ui.toggleStaffButton.clicked.connect(self.on_toggle_staff_requested)
        self.ui.resetPasswordButton.clicked.connect(self.on_reset_password_requested)
        self.ui.editCounterButton.clicked.connect(self.on_edit_counter_requested)
        self.ui.saveHallButton.clicked.connect(self.on_save_hall_requested)
        self.ui.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        s, actor, hall = self._ctx.services, self._actor, self._ctx.hall_code
        DbOp(self._worker, lambda: (s.auth.list_staff(actor), s.halls.counters(hall), s.halls.hall(hall))) \
            .success(self._show).failure(self._error).run()

    def _show(self, result) -> None:
        staff, counters, hall = result
        self.staff_model.set_rows(staff)
        self.counter_model.set_rows(counters)
        self.ui.hallCodeEdit.setText(hall.code)
        self.ui.hallNameEdit.setText(hall.name)
        self.ui.hallAddressEdit.setText(hall.address)

    def _error(self, exc: CounterDeskError) -> None:
        set_status(self.ui.errorLabel, error_text(exc), error=True)

    def _run(self, fn, done_text: str) -> None:
        set_status(self.ui.errorLabel, "")

        def ok(_):
            set_status(self.ui.errorLabel, done_text)
            self.changed.emit()
            self.refresh()

        DbOp(self._worker, fn).success(ok).failure(self._error).run()

    def _selected(self, view, model):
        rows = view.selectionModel().selectedRows()
        return model.row_at(rows[0].row()) if rows else None

    # --- staff --------------------------------------------------------------------------------
    @Slot()
    def on_new_staff_requested(self) -> None:
        dialog = NewStaffDialog(self)
        dialog.submitted.connect(lambda v: self.create_staff(dialog, **v))
        dialog.open()
        self.new_staff_dialog = dialog

    def create_staff(self, dialog: NewStaffDialog | None, username: str, name: str, role: str, password: str,
                     again: str) -> None:
        if password != again:
            err = ValidationError("password", "passwords_differ", "两次输入的密码不一致", "The two passwords differ")
            (dialog.show_error(err) if dialog else self._error(err))
            return
        auth, actor = self._ctx.services.auth, self._actor

        def ok(row):
            if dialog is not None:
                dialog.accept()
            set_status(self.ui.errorLabel, self.tr("已创建账号 {u}").format(u=row.username))
            self.changed.emit()
            self.refresh()

        DbOp(self._worker, lambda: auth.create_staff(actor, username, role, password, name=name)).success(ok) \
            .failure(dialog.show_error if dialog else self._error).run()

    @Slot()
    def on_toggle_staff_requested(self) -> None:
        row = self._selected(self.ui.staffTable, self.staff_model)
        if row is None:
            set_status(self.ui.errorLabel, self.tr("请先选择一个账号"))
            return
        auth, actor = self._ctx.services.auth, self._actor
        self._run(lambda: auth.set_active(actor, row.username, not row.active),
                  self.tr("已更新账号 {u}").format(u=row.username))

    @Slot()
    def on_reset_password_requested(self) -> None:
        row = self._selected(self.ui.staffTable, self.staff_model)
        if row is None:
            set_status(self.ui.errorLabel, self.tr("请先选择一个账号"))
            return
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.Password)
        dialog = FormDialog(self, self.tr("重置密码：{u}").format(u=row.username), [("password", self.tr("新密码"), edit)])
        dialog.submitted.connect(lambda v: self.reset_password(row.username, v["password"]))
        dialog.open()
        self.reset_dialog = dialog

    def reset_password(self, username: str, password: str) -> None:
        auth, actor = self._ctx.services.auth, self._actor
        self._run(lambda: auth.reset_password(actor, username, password),
                  self.tr("已重置 {u} 的密码").format(u=username))

    # --- counters and hall --------------------------------------------------------------------
    @Slot()
    def on_edit_counter_requested(self) -> None:
        row = self._selected(self.ui.counterTable, self.counter_model)
        number = QSpinBox()
        number.setRange(1, 999)
        name = QLineEdit(row.name if row else "")
        boxes = QWidget()
        box_layout = QHBoxLayout(boxes)
        box_layout.setContentsMargins(0, 0, 0, 0)
        checks = {}
        for code, names in DEFAULT_CATEGORIES.items():
            check = QCheckBox(f"{code} {bilingual(names)}")
            check.setChecked(bool(row and code in row.categories))
            box_layout.addWidget(check)
            checks[code] = check
        if row:
            number.setValue(row.number)
        dialog = FormDialog(self, self.tr("窗口"), [("number", self.tr("窗口号"), number), ("name", self.tr("名称"), name),
                                               ("categories", self.tr("服务类别"), boxes)])
        dialog.submitted.connect(lambda v: self.save_counter(
            number.value(), [c for c, check in checks.items() if check.isChecked()], name.text()))
        dialog.open()
        self.counter_dialog = dialog

    def save_counter(self, number: int, categories: list[str], name: str) -> None:
        halls, actor = self._ctx.services.halls, self._actor
        self._run(lambda: halls.save_counter(actor, number, categories, name),
                  self.tr("已保存 {n} 号窗口").format(n=number))

    @Slot()
    def on_save_hall_requested(self) -> None:
        halls, actor = self._ctx.services.halls, self._actor
        name, address = self.ui.hallNameEdit.text(), self.ui.hallAddressEdit.text()
        self._run(lambda: halls.update_hall(actor, name, address), self.tr("已保存大厅信息"))


class NewStaffDialog(QDialog):
    """新建账号: user name, name, role, password twice; errors beside the field."""

    submitted = Signal(dict)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建账号"))
        self.username, self.name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(bilingual(ROLE_NAMES[role]), role.value)
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.Password)
        self.errors = {key: QLabel("") for key in ("username", "role", "password", "name")}
        for label in self.errors.values():
            label.setObjectName("errorLabel")
        form = QFormLayout(self)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow("", self.errors["username"])
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再次输入"), self.again)
        form.addRow("", self.errors["password"])
        self.other = QLabel("")
        self.other.setObjectName("errorLabel")
        form.addRow(self.other)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.on_submit_requested)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def on_submit_requested(self) -> None:
        for label in self.errors.values():
            label.setText("")
        self.other.setText("")
        self.submitted.emit({"username": self.username.text(), "name": self.name.text(),
                             "role": self.role.currentData(), "password": self.password.text(),
                             "again": self.again.text()})

    def show_error(self, exc: CounterDeskError) -> None:
        label = self.errors.get(getattr(exc, "field", ""), self.other)
        label.setText(error_text(exc))
