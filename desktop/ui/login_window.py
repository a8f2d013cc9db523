"""The login dialog (登录): user, password and counter; the check runs on the DB worker."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from desktop.context import AppContext
from desktop.domain.errors import CounterDeskError
from desktop.domain.roles import Role
from desktop.services.base import Actor
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.forms.ui_login import Ui_LoginDialog
from desktop.ui.notify import error_text


class LoginDialog(QDialog):
    logged_in = Signal(object)

    def __init__(self, ctx: AppContext, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._ctx, self._worker = ctx, worker
        self.actor: Actor | None = None
        self.ui.errorLabel.setObjectName("errorLabel")
        self.ui.hallLabel.setObjectName("titleLabel")
        self.ui.counterCombo.addItem(self.tr("（不在窗口）"), None)
        self.ui.buttons.accepted.connect(self.on_login_requested)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.userEdit.setFocus()
        DbOp(worker, lambda: (ctx.services.halls.hall(ctx.hall_code), ctx.services.halls.counters(ctx.hall_code))) \
            .success(self._fill).failure(self._show).run()

    def _fill(self, result) -> None:
        hall, counters = result
        self.ui.hallLabel.setText(self.tr("{hall} · 车驾管业务窗口服务台").format(hall=hall.name))
        for c in counters:
            if c.active:
                self.ui.counterCombo.addItem(self.tr("{n}号窗口").format(n=c.number), c.number)
        if counters:
            self.ui.counterCombo.setCurrentIndex(1)

    def select_counter(self, number: int | None) -> None:
        index = self.ui.counterCombo.findData(number)
        self.ui.counterCombo.setCurrentIndex(max(index, 0))

    @Slot()
    def on_login_requested(self) -> None:
        user, password = self.ui.userEdit.text(), self.ui.passwordEdit.text()
        counter = self.ui.counterCombo.currentData()
        self.ui.errorLabel.setText(self.tr("正在登录…"))
        self.ui.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        auth = self._ctx.services.auth

        def login():
            actor = auth.login(user, password, counter=counter)
            if counter is not None:
                self._ctx.services.calling.open_counter(actor, counter)
            return actor

        DbOp(self._worker, login).success(self._done).failure(self._show).run()

    def _done(self, actor: Actor) -> None:
        if actor.role == Role.CLERK and actor.counter is None:
            # A clerk works at a window: the queue and the counter bar need its number.
            self.ui.buttons.button(QDialogButtonBox.Ok).setEnabled(True)
            self.ui.errorLabel.setText(self.tr("窗口人员请选择所在窗口"))
            return
        self.actor = actor
        self.logged_in.emit(actor)
        self.accept()

    def _show(self, exc: CounterDeskError) -> None:
        self.ui.buttons.button(QDialogButtonBox.Ok).setEnabled(True)
        self.ui.passwordEdit.clear()
        self.ui.errorLabel.setText(error_text(exc))
