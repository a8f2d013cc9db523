"""The supervisor's hall monitor (大厅监控): every counter's state and ticket, waiting per
category, longest wait, service-level breaches; cancel and reassign tickets."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.services.base import HALL_ZONE, Actor
from desktop.services.queue_views import QueueStatus
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status


class MonitorDialog(QDialog):
    refreshed = Signal(object)

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None,
                 refresh_ms: int = 5000) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.setWindowTitle(self.tr("大厅监控"))
        self.resize(900, 560)
        states = {"closed": self.tr("未开"), "idle": self.tr("空闲"), "called": self.tr("已呼叫"),
                  "serving": self.tr("办理中"), "paused": self.tr("暂停")}
        self.counter_model = RecordTableModel([
            (self.tr("窗口"), lambda c: c.number), (self.tr("类别"), lambda c: ",".join(c.categories)),
            (self.tr("状态"), lambda c: states.get(c.state, c.state)), (self.tr("经办人"), lambda c: c.clerk),
            (self.tr("当前号"), lambda c: c.ticket.label if c.ticket else ""),
            (self.tr("暂停原因"), lambda c: c.pause_reason),
            (self.tr("自"), lambda c: c.since.astimezone(HALL_ZONE).strftime("%H:%M") if c.since else "")], self)
        self.category_model = RecordTableModel([
            (self.tr("类别"), lambda c: f"{c.code} {c.name}"), (self.tr("等候"), lambda c: c.waiting),
            (self.tr("最长等候(分)"), lambda c: c.longest_wait_minutes), (self.tr("目标(分)"), lambda c: c.sla_minutes),
            (self.tr("超时人数"), lambda c: c.breaches)], self)
        tables = []
        for model in (self.counter_model, self.category_model):
            view = QTableView()
            view.setModel(model)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
            tables.append(view)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(self.tr("号码，如 A023"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("原因"))
        self.category_box = QComboBox()
        for code in ("A", "B", "C", "D"):
            self.category_box.addItem(code, code)
        cancel = QPushButton(self.tr("作废号票"))
        cancel.clicked.connect(self.on_cancel_requested)
        reassign = QPushButton(self.tr("改派到类别"))
        reassign.clicked.connect(self.on_reassign_requested)
        expire = QPushButton(self.tr("日终处理"))
        expire.setToolTip(self.tr("闭厅后仍在等候或挂起的号票记为过期（不删除任何记录）"))
        expire.clicked.connect(self.on_expire_requested)
        self.summary = QLabel("")
        self.message = QLabel("")
        self.message.setObjectName("statusLine")
        actions = QHBoxLayout()
        for w in (self.label_edit, self.reason_edit, cancel, self.category_box, reassign, expire):
            actions.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(tables[0], 2)
        layout.addWidget(tables[1], 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        if refresh_ms > 0:
            self._timer.start(refresh_ms)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        tickets = self._ctx.services.tickets
        DbOp(self._worker, lambda: tickets.status(self._ctx.hall_code)).success(self._show).failure(
            lambda exc: set_status(self.message, error_text(exc), error=True)).run()

    def _show(self, status: QueueStatus) -> None:
        self.counter_model.set_rows(status.counters)
        self.category_model.set_rows(status.categories)
        longest = max((c.longest_wait_minutes for c in status.categories), default=0)
        breaches = sum(c.breaches for c in status.categories)
        self.summary.setText(self.tr("等候 {w} 人 · 最长等候 {l} 分 · 超时 {b} 人 · 今日办结 {s} · 过号 {n}").format(
            w=sum(c.waiting for c in status.categories), l=longest, b=breaches, s=status.served_today,
            n=status.no_show_today))
        self.refreshed.emit(status)

    def _act(self, fn) -> None:
        DbOp(self._worker, fn).success(lambda _: (set_status(self.message, self.tr("已完成")), self.refresh())) \
            .failure(lambda exc: set_status(self.message, error_text(exc), error=True)).run()

    @Slot()
    def on_cancel_requested(self) -> None:
        label, reason = self.label_edit.text(), self.reason_edit.text()
        self._act(lambda: self._ctx.services.calling.cancel(self._actor, label, reason))

    @Slot()
    def on_reassign_requested(self) -> None:
        label, code, note = self.label_edit.text(), self.category_box.currentData(), self.reason_edit.text()
        self._act(lambda: self._ctx.services.calling.reassign(self._actor, label, to_category=code, note=note))

    @Slot()
    def on_expire_requested(self) -> None:
        tickets, actor = self._ctx.services.tickets, self._actor
        DbOp(self._worker, lambda: tickets.expire(self._ctx.hall_code, actor)).success(
            lambda n: (set_status(self.message, self.tr("已将 {n} 张号票记为过期").format(n=n)), self.refresh())).failure(
            lambda exc: set_status(self.message, error_text(exc), error=True)).run()

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)
