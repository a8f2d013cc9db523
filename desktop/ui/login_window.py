"""The login form (登录): user, password and counter; the check runs on the DB worker.

It is the main window's first page (main_window.py) and is shown before the store is open: the
clerk types while the database opens behind it. `attach(ctx)` hands it the store; a login asked for
before that waits for the hall's counters and then runs, once, at the counter this PC remembers
(`counter`); with none remembered it asks the clerk to confirm the counter first. Only this module and the main window are imported
before the first paint, so it names the store's types for the type checker alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop.domain.errors import CounterDeskError
from desktop.domain.roles import Role
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.forms.ui_login import Ui_LoginDialog
from desktop.ui.notify import error_text

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.services.base import Actor


class LoginPanel(QWidget):
    logged_in = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext | None, worker: DbWorker, parent: QWidget | None = None, *,
                 counter: int | None = None) -> None:
        super().__init__(parent)
        self._remembered = counter  # the counter this PC was last logged in at
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._ctx: AppContext | None = None
        self._worker = worker
        self._waiting = False  # a login asked for before the store was open
        self._busy = False  # a login is under way (Enter and the button may both ask)
        self._closed = False  # the store could not be opened
        self.actor: Actor | None = None
        self.ui.errorLabel.setObjectName("errorLabel")
        self.ui.hallLabel.setObjectName("titleLabel")
        self.ui.counterCombo.addItem(self.tr("（不在窗口）"), None)
        self.ui.buttons.accepted.connect(self.on_login_requested)
        self.ui.buttons.rejected.connect(self.cancelled)
        # Enter in either field logs in (a plain widget has no dialog default button to press)
        self.ui.userEdit.returnPressed.connect(self.on_login_requested)
        self.ui.passwordEdit.returnPressed.connect(self.on_login_requested)
        self.ui.userEdit.setFocus()
        if ctx is not None:
            self.attach(ctx)

    @property
    def ok_button(self):
        return self.ui.buttons.button(QDialogButtonBox.Ok)

    def attach(self, ctx: AppContext) -> None:
        """The store is open: fill the hall and its counters, and run a login that was waiting."""
        self._ctx = ctx
        DbOp(self._worker, lambda: (ctx.services.halls.hall(ctx.hall_code), ctx.services.halls.counters(ctx.hall_code))) \
            .success(self._fill).failure(self._show).run()

    def unavailable(self, exc: CounterDeskError) -> None:
        """The store could not be opened: say why, and there is nothing to log in to."""
        self._waiting, self._closed = False, True
        self.ok_button.setEnabled(False)
        self.ui.errorLabel.setText(error_text(exc))

    def _fill(self, result) -> None:
        hall, counters = result
        self.ui.hallLabel.setText(self.tr("{hall} · 车驾管业务窗口服务台").format(hall=hall.name))
        for c in counters:
            if c.active:
                self.ui.counterCombo.addItem(self.tr("{n}号窗口").format(n=c.number), c.number)
        if counters:
            self.ui.counterCombo.setCurrentIndex(1)
        remembered = self.ui.counterCombo.findData(self._remembered) if self._remembered is not None else -1
        if remembered > 0:
            self.ui.counterCombo.setCurrentIndex(remembered)
        if self._waiting:
            self._waiting = False
            if remembered > 0:
                self._login()
            else:  # the clerk could not choose a counter before the list came: not a guess of ours
                self._busy = False
                self.ok_button.setEnabled(True)
                self.ui.errorLabel.setText(self.tr("请确认所在窗口，再按“确定”登录"))

    def select_counter(self, number: int | None) -> None:
        index = self.ui.counterCombo.findData(number)
        self.ui.counterCombo.setCurrentIndex(max(index, 0))

    @Slot()
    def on_login_requested(self) -> None:
        if self._busy or self._closed:
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        if self._ctx is None:
            self._waiting = True
            self.ui.errorLabel.setText(self.tr("正在打开数据库，打开后即登录…"))
            return
        self._login()

    def _login(self) -> None:
        user, password = self.ui.userEdit.text(), self.ui.passwordEdit.text()
        counter = self.ui.counterCombo.currentData()
        self.ui.errorLabel.setText(self.tr("正在登录…"))
        ctx = self._ctx
        auth = ctx.services.auth

        def login():
            actor = auth.login(user, password, counter=counter)
            if counter is not None:
                ctx.services.calling.open_counter(actor, counter)
            return actor

        DbOp(self._worker, login).success(self._done).failure(self._show).run()

    def _done(self, actor: Actor) -> None:
        self._busy = False
        if actor.role == Role.CLERK and actor.counter is None:
            # A clerk works at a window: the queue and the counter bar need its number.
            self.ok_button.setEnabled(True)
            self.ui.errorLabel.setText(self.tr("窗口人员请选择所在窗口"))
            return
        self.actor = actor
        self.ui.errorLabel.clear()
        self.logged_in.emit(actor)

    def _show(self, exc: CounterDeskError) -> None:
        self._busy = self._waiting = False
        self.ok_button.setEnabled(True)
        self.ui.passwordEdit.clear()
        self.ui.errorLabel.setText(error_text(exc))
