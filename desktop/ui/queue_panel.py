"""The clerk's queue panel (排队叫号): the current ticket, the counter's actions with F-keys, who
waits for this counter, and today's counts. Every action is one service call on the DB worker."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.domain.errors import CounterDeskError
from desktop.domain.queue_rules import PAUSE_REASONS
from desktop.services.base import HALL_ZONE, Actor
from desktop.services.queue_views import CounterPanel, TicketView
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.form_dialog import FormDialog
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status

REFRESH_MS = 3000


def minutes_since(moment: datetime | None, now: datetime) -> int:
    return 0 if moment is None else max(0, int((now - moment).total_seconds() // 60))


class QueuePanel(QWidget):
    ticket_changed = Signal(object)  # TicketView | None
    ticket_finished = Signal(object)  # TicketView
    business_requested = Signal(object)  # TicketView (开始办理: open the right business panel)
    panel_refreshed = Signal(object)  # CounterPanel

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None,
                 *, clock=None, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.state: CounterPanel | None = None
        self._refreshing = False
        self._again = False  # a refresh asked for while one was on its way: run it after that one
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        if actor.counter is not None and refresh_ms > 0:
            self._timer.start(refresh_ms)
        self.refresh()

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.current_label = QLabel(self.tr("当前无号"))
        self.current_label.setObjectName("currentTicket")
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("ticketDetail")
        self.message = QLabel("")
        self.message.setObjectName("statusLine")
        self.message.setWordWrap(True)
        buttons = [
            ("call", self.tr("叫号"), "F1", self.on_call_requested),
            ("recall", self.tr("重呼"), "F2", self.on_recall_requested),
            ("no_show", self.tr("过号"), "F3", self.on_no_show_requested),
            ("finish", self.tr("完成"), "F4", self.on_finish_requested),
            ("start", self.tr("开始办理"), "F5", self.on_start_requested),
            ("transfer", self.tr("转移"), "F6", self.on_transfer_requested),
            ("hold", self.tr("挂起"), "F7", self.on_hold_requested),
            ("specific", self.tr("指定叫号"), "F8", self.on_specific_requested),
            ("pause", self.tr("暂停/恢复"), "F9", self.on_pause_requested),
        ]
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, shortcut, slot) in enumerate(buttons):
            button = QPushButton(f"{text}  {shortcut}")
            button.setObjectName("counterButton")
            button.clicked.connect(slot)
            hotkey = QShortcut(QKeySequence(shortcut), self, activated=slot, context=Qt.WindowShortcut)
            hotkey.setWhatsThis(text)  # 帮助 → 快捷键 lists it
            grid.addWidget(button, i // 5, i % 5)
            self.buttons[key] = button
        self.buttons["call"].setObjectName("callButton")
        self.requeue_box = QComboBox()
        self.requeue_box.addItem(self.tr("过号：不再排队"), False)
        self.requeue_box.addItem(self.tr("过号：后移三位重新排队"), True)
        grid.addWidget(self.requeue_box, 1, 4)
        now = self._clock
        self.waiting_model = RecordTableModel([
            (self.tr("号码"), lambda t: t.label),
            (self.tr("类别"), lambda t: t.category),
            (self.tr("已等(分)"), lambda t: minutes_since(t.issued_at, now())),
            (self.tr("绿色通道"), lambda t: self.tr("是") if t.priority else ""),
            (self.tr("预约"), lambda t: t.appointment_at.astimezone(HALL_ZONE).strftime("%H:%M")
             if t.appointment_at else ""),
            (self.tr("姓名"), lambda t: t.name_masked),
        ], self)
        self.waiting_table = QTableView()
        self.waiting_table.setModel(self.waiting_model)
        self.waiting_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.waiting_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.held_model = RecordTableModel([
            (self.tr("挂起号码"), lambda t: t.label), (self.tr("类别"), lambda t: t.category)], self)
        self.held_table = QTableView()
        self.held_table.setModel(self.held_model)
        self.held_table.setMaximumWidth(260)
        self.held_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        call_back = QPushButton(self.tr("回呼所选挂起号"))
        call_back.clicked.connect(self.on_call_back_requested)
        book = QPushButton(self.tr("预约登记…"))
        book.setToolTip(self.tr("电话预约等由窗口代为登记；到场取号时在预约时间前后按预约优先"))
        book.clicked.connect(self.on_booking_requested)
        self.counts_label = QLabel("")
        self.counts_label.setObjectName("countsLabel")
        top = QHBoxLayout()
        top.addWidget(self.current_label)
        top.addWidget(self.detail_label, 1)
        lists = QHBoxLayout()
        lists.addWidget(self.waiting_table, 1)
        held = QVBoxLayout()
        held.addWidget(self.held_table, 1)
        held.addWidget(call_back)
        held.addWidget(book)
        lists.addLayout(held)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(lists, 1)
        layout.addWidget(self.counts_label)
        if self._actor.counter is None:
            for button in self.buttons.values():
                button.setEnabled(False)
            set_status(self.message, self.tr("未在窗口登录：叫号功能不可用"))

    # --- refresh ------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Read the panel again. Asked for while a read is on its way (a change noticed while the
        read it interrupts may have begun before that change), it reads again once that one is back:
        never two reads at once, and never a change left unshown until the next one."""
        if self._actor.counter is None:
            return
        if self._refreshing:
            self._again = True
            return
        self._refreshing, self._again = True, False
        calling = self._ctx.services.calling
        DbOp(self._worker, lambda: calling.panel(self._actor)).success(self._show_panel).failure(self._refresh_failed).run()

    def _refreshed(self) -> None:
        self._refreshing = False
        if self._again:
            self.refresh()

    def _refresh_failed(self, exc: CounterDeskError) -> None:
        set_status(self.message, error_text(exc), error=True)
        self._refreshed()

    def _show_panel(self, panel: CounterPanel) -> None:
        self.state = panel
        self._show_current(panel.current)
        self.waiting_model.set_rows(panel.waiting)
        self.held_model.set_rows(panel.held)
        waiting = "  ".join(f"{code}:{n}" for code, n in panel.waiting_by_category.items())
        paused = self.tr("（暂停：{r}）").format(r=panel.pause_reason) if panel.state == "paused" else ""
        self.counts_label.setText(self.tr("今日 办结 {s} · 过号 {n} · 等候 {w} {p}").format(
            s=panel.served_today, n=panel.no_show_today, w=waiting, p=paused))
        self.panel_refreshed.emit(panel)
        self._refreshed()

    def _show_current(self, ticket: TicketView | None) -> None:
        if ticket is None:
            self.current_label.setText(self.tr("当前无号"))
            self.detail_label.setText("")
        else:
            now = self._clock()
            state = {"called": self.tr("已呼叫"), "serving": self.tr("办理中")}.get(ticket.state, ticket.state)
            appointment = (self.tr(" · 预约 {t}").format(t=ticket.appointment_at.astimezone(HALL_ZONE).strftime("%H:%M"))
                           if ticket.appointment_at else "")
            green = self.tr(" · 绿色通道") if ticket.priority else ""
            self.current_label.setText(ticket.label)
            self.detail_label.setText(self.tr("{state} · {name} · 已等 {m} 分 · 重呼 {r} 次{a}{g}").format(
                state=state, name=ticket.name_masked or self.tr("未实名"), m=minutes_since(ticket.issued_at, now),
                r=ticket.recalls, a=appointment, g=green))
        self.ticket_changed.emit(ticket)

    # --- actions ------------------------------------------------------------------------------
    def _act(self, fn, after=None) -> None:
        set_status(self.message, "")

        def done(result):
            if after is not None:
                after(result)
            self.refresh()  # after a read still on its way, if there is one

        DbOp(self._worker, fn).success(done).failure(lambda exc: set_status(self.message, error_text(exc), error=True)).run()

    @Slot()
    def on_call_requested(self) -> None:
        calling = self._ctx.services.calling
        self._act(lambda: calling.call_next(self._actor),
                  lambda t: set_status(self.message, self.tr("没有等候的号票")) if t is None else None)

    @Slot()
    def on_recall_requested(self) -> None:
        self._act(lambda: self._ctx.services.calling.recall(self._actor))

    @Slot()
    def on_start_requested(self) -> None:
        self._act(lambda: self._ctx.services.calling.start(self._actor), self.business_requested.emit)

    @Slot()
    def on_finish_requested(self) -> None:
        self._act(lambda: self._ctx.services.calling.finish(self._actor), self.ticket_finished.emit)

    @Slot()
    def on_no_show_requested(self) -> None:
        requeue = bool(self.requeue_box.currentData())
        self._act(lambda: self._ctx.services.calling.no_show(self._actor, requeue=requeue))

    @Slot()
    def on_hold_requested(self) -> None:
        self._act(lambda: self._ctx.services.calling.hold(self._actor, self.tr("挂起")))

    @Slot()
    def on_call_back_requested(self) -> None:
        rows = self.held_table.selectionModel().selectedRows()
        ticket = self.held_model.row_at(rows[0].row()) if rows else self.held_model.row_at(0)
        if ticket is None:
            set_status(self.message, self.tr("没有挂起的号票"))
            return
        self._act(lambda: self._ctx.services.calling.call_back(self._actor, ticket.label))

    @Slot()
    def on_specific_requested(self) -> None:
        rows = self.waiting_table.selectionModel().selectedRows()
        selected = self.waiting_model.row_at(rows[0].row()) if rows else None
        dialog = FormDialog(self, self.tr("指定叫号"), [
            ("label", self.tr("号码"), QLineEdit(selected.label if selected else "")),
            ("reason", self.tr("原因（必填，记入审计）"), QLineEdit())])
        dialog.submitted.connect(lambda values: self.call_specific(values["label"], values["reason"]))
        dialog.open()
        self._dialog = dialog

    def call_specific(self, label: str, reason: str) -> None:
        self._act(lambda: self._ctx.services.calling.call_specific(self._actor, label, reason))

    @Slot()
    def on_transfer_requested(self) -> None:
        categories = QComboBox()
        categories.addItem(self.tr("（不改类别）"), None)
        for code in ("A", "B", "C", "D"):
            categories.addItem(code, code)
        counter = QSpinBox()
        counter.setRange(0, 999)
        counter.setSpecialValueText(self.tr("（任意窗口）"))
        dialog = FormDialog(self, self.tr("转移"), [
            ("category", self.tr("转往类别"), categories), ("counter", self.tr("转往窗口"), counter),
            ("note", self.tr("备注"), QLineEdit())])
        dialog.submitted.connect(lambda v: self.transfer(v["category"], v["counter"] or None, v["note"]))
        dialog.open()
        self._dialog = dialog

    def transfer(self, to_category: str | None, to_counter: int | None, note: str = "") -> None:
        self._act(lambda: self._ctx.services.calling.transfer(self._actor, to_category=to_category,
                                                                 to_counter=to_counter, note=note))

    @Slot()
    def on_pause_requested(self) -> None:
        if self.state is not None and self.state.state == "paused":
            self._act(lambda: self._ctx.services.calling.resume(self._actor))
            return
        reasons = QComboBox()
        reasons.setEditable(True)
        for reason in PAUSE_REASONS:
            reasons.addItem(reason, reason)
        dialog = FormDialog(self, self.tr("暂停"), [("reason", self.tr("暂停原因"), reasons)])
        dialog.submitted.connect(lambda v: self.pause(v["reason"]))
        dialog.open()
        self._dialog = dialog

    def pause(self, reason: str) -> None:
        self._act(lambda: self._ctx.services.calling.pause(self._actor, reason))

    @Slot()
    def on_booking_requested(self) -> None:
        category = QComboBox()
        for code in ("A", "B", "C", "D"):
            category.addItem(code, code)
        dialog = FormDialog(self, self.tr("预约登记"), [
            ("id_number", self.tr("身份证号"), QLineEdit()), ("name", self.tr("姓名"), QLineEdit()),
            ("category", self.tr("业务类别"), category),
            ("when", self.tr("预约时间（YYYY-MM-DD HH:MM）"), QLineEdit())])
        dialog.submitted.connect(lambda v: self.book(v["id_number"], v["name"], v["category"], v["when"]))
        dialog.open()
        self._dialog = dialog

    def book(self, id_number: str, name: str, category: str, when: str) -> None:
        """预约登记: an appointment taken by phone or at the counter; the service validates it all."""
        appointments, actor = self._ctx.services.appointments, self._actor
        self._act(lambda: appointments.book_text(actor, id_number, name, category, when),
                  lambda _: set_status(self.message, self.tr("预约已登记")))

    def stop(self) -> None:
        self._timer.stop()
