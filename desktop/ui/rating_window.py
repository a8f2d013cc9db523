"""The rating window (服务评价): shown to the person after service, on a second screen at the
counter or turned towards them; the clerk may also record what the person says."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.domain.queue_rules import RATINGS
from desktop.services.queue_views import TicketView
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.notify import error_text


class RatingWindow(QWidget):
    rated = Signal(int)

    def __init__(self, ctx: AppContext, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self._ctx, self._worker = ctx, worker
        self.ticket: TicketView | None = None
        self.setWindowTitle(self.tr("服务评价"))
        self.setObjectName("ratingWindow")
        self.title = QLabel(self.tr("请您对本次服务进行评价"))
        self.title.setObjectName("ratingTitle")
        self.title.setAlignment(Qt.AlignCenter)
        names = {4: self.tr("非常满意"), 3: self.tr("满意"), 2: self.tr("基本满意"), 1: self.tr("不满意")}
        grid = QGridLayout()
        self.buttons: dict[int, QPushButton] = {}
        for i, value in enumerate(sorted(RATINGS, reverse=True)):
            button = QPushButton(names[value])
            button.setObjectName("ratingButton")
            button.setMinimumHeight(72)
            button.clicked.connect(lambda _=False, v=value: self.on_rating_chosen(v))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[value] = button
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("选择“不满意”时请写下原因"))
        self.message = QLabel("")
        self.message.setObjectName("errorLabel")
        self.message.setAlignment(Qt.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        self.resize(640, 360)

    def ask(self, ticket: TicketView) -> None:
        self.ticket = ticket
        self.reason.clear()
        self.message.setText(self.tr("号码 {label}").format(label=ticket.label))
        for button in self.buttons.values():
            button.setEnabled(True)
        self.show()
        self.raise_()

    @Slot(int)
    def on_rating_chosen(self, value: int) -> None:
        if self.ticket is None:
            return
        ticket, reason = self.ticket, self.reason.text()
        tickets = self._ctx.services.tickets
        DbOp(self._worker, lambda: tickets.rate(self._ctx.hall_code, ticket.id, value, reason)) \
            .success(lambda _: self._thanks(value)).failure(lambda exc: self.message.setText(error_text(exc))).run()

    def _thanks(self, value: int) -> None:
        self.ticket = None
        for button in self.buttons.values():
            button.setEnabled(False)
        self.message.setText(self.tr("谢谢您的评价！"))
        self.rated.emit(value)
