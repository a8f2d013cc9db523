"""场次日历: a week or a month of exam sessions with their seats, coloured by how full they are; from
here the plan is published, sites added, capacity changed, a session's tickets printed and its roster
shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from desktop.domain import exams as exam_rules
from desktop.ui import formats
from desktop.ui.documents_dialog import DocumentsDialog
from desktop.ui.exam_dialogs import ExamTab, PublishPlanDialog, RosterDialog, TicketDocument, date_edit, table_for
from desktop.ui.form_dialog import FormDialog
from desktop.ui.models import Column, RecordTableModel
from desktop.ui.notify import set_status, show_message

FULL, NEARLY_FULL, OPEN = "#f6d5d3", "#fdf0c8", "#e3f2e5"  # 约满 / 八成以上 / 有余位


def fullness(session) -> str:
    if session.free <= 0:
        return FULL
    return NEARLY_FULL if session.booked * 5 >= session.capacity * 4 else OPEN


class ColouredTableModel(RecordTableModel):
    """RecordTableModel with a background colour per row (the calendar's fullness)."""

    def __init__(self, columns: Sequence[Column], colour: Callable[[object], str | None], parent=None) -> None:
        super().__init__(columns, parent)
        self._colour = colour

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> object:
        if role == Qt.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            colour = self._colour(row) if row is not None and index.column() < self.columnCount() else None
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)


class CalendarTab(ExamTab):
    """场次日历: a week or a month of sessions with their seats; publish, capacity, tickets, roster."""

    changed = Signal()

    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.addItem(self.tr("按月"), "month")
        self.mode.addItem(self.tr("按周"), "week")
        self.anchor = date_edit(self.today())
        prev_button, next_button = QPushButton("◀"), QPushButton("▶")
        prev_button.setToolTip(self.tr("上一周期"))
        next_button.setToolTip(self.tr("下一周期"))
        prev_button.clicked.connect(lambda: self.step(-1))
        next_button.clicked.connect(lambda: self.step(1))
        self.range_label = QLabel()
        self.subject = QComboBox()
        self.subject.addItem(self.tr("全部科目"), None)
        for code in exam_rules.SUBJECTS:
            self.subject.addItem(self.words.subject(code), code)
        for widget in (self.mode, self.subject):
            widget.currentIndexChanged.connect(self.refresh)
        self.anchor.dateChanged.connect(self.refresh)
        top = QHBoxLayout()
        for widget in (self.mode, prev_button, self.anchor, next_button, self.range_label):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("科目")))
        top.addWidget(self.subject)
        w = self.words
        self.model = ColouredTableModel([
            (self.tr("日期"), lambda s: w.day(s.day)), (self.tr("时段"), lambda s: w.half(s.half)),
            (self.tr("科目"), lambda s: w.subject(s.subject)), (self.tr("考场"), lambda s: s.site_name),
            (self.tr("准驾车型"), lambda s: " ".join(s.classes)), (self.tr("考位"), lambda s: s.capacity),
            (self.tr("已约"), lambda s: s.booked), (self.tr("余位"), lambda s: s.free)], fullness, self)
        self.view = table_for(self.model, stretch_last=False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)  # the site's name
        self.empty = QLabel()
        self.empty.setObjectName("pageNote")
        buttons = QHBoxLayout()
        self.publish_button = QPushButton(self.tr("发布考试计划…"))
        self.site_button = QPushButton(self.tr("新增考场…"))
        self.capacity_button = QPushButton(self.tr("调整考位…"))
        self.tickets_button = QPushButton(self.tr("打印本场准考证"))
        self.roster_button = QPushButton(self.tr("查看名单"))
        for button, slot, shown in ((self.publish_button, self.on_publish_requested, self.can("exam.plan")),
                                    (self.site_button, self.on_site_requested, self.can("exam.plan")),
                                    (self.capacity_button, self.on_capacity_requested, self.can("exam.plan")),
                                    (self.tickets_button, self.on_tickets_requested, True),
                                    (self.roster_button, self.on_roster_requested, True)):
            button.clicked.connect(slot)
            if not shown:  # hide() only: setVisible(True) on a widget without a parent yet shows it as a window
                button.hide()
            buttons.addWidget(button)
        buttons.addStretch(1)
        legend = QLabel(self.tr("颜色：绿 有余位　黄 八成以上　红 约满"))
        legend.setObjectName("pageNote")
        buttons.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def span(self) -> tuple[date, date]:
        day = self.anchor.date().toPython()
        if self.mode.currentData() == "week":
            first = day - timedelta(days=day.weekday())
            return first, first + timedelta(days=6)
        first = day.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    def step(self, n: int) -> None:
        first, last = self.span()
        self.show_day(first + timedelta(days=7 * n) if self.mode.currentData() == "week"
                      else (last + timedelta(days=1) if n > 0 else first - timedelta(days=1)))

    def show_day(self, day: date) -> None:
        self.anchor.setDate(QDate(day.year, day.month, day.day))

    @Slot()
    def refresh(self, *_args) -> None:
        first, last = self.span()
        self.range_label.setText(f"{formats.day(first)} — {formats.day(last)}")
        plans, subject = self.services.exam_plans, self.subject.currentData()
        self.run(lambda: plans.calendar(self._actor, first, last, subject), self._show)

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        if rows:
            self.empty.setText(self.tr("共 {n} 场，考位 {cap}，已约 {booked}").format(
                n=len(rows), cap=sum(r.capacity for r in rows), booked=sum(r.booked for r in rows)))
        elif self.can("exam.plan"):
            self.empty.setText(self.tr("暂无场次：请先发布考试计划（或用 ◀ ▶ 查看其他月份）"))
        else:
            self.empty.setText(self.tr("暂无场次：考试计划尚未发布（或用 ◀ ▶ 查看其他月份）"))

    def selected(self):
        row = self.model.row_at(self.view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在表中选定一个场次"), error=True)
        return row

    @Slot()
    def on_publish_requested(self) -> None:
        plans = self.services.exam_plans
        self.run(lambda: plans.sites(self._actor), self._open_publish)

    def _open_publish(self, sites) -> None:
        if not sites:
            set_status(self.status, self.tr("还没有考场：请先点“新增考场…”"), error=True)
            return
        self.publish_dialog = PublishPlanDialog(self.services, self._actor, self._worker, sites, self.today(),
                                                self.words, self)
        self.publish_dialog.published.connect(self._published)
        self.publish_dialog.open()

    def _published(self, result) -> None:
        text = self.tr("已发布 {n} 场").format(n=result.sessions)
        if result.skipped:
            text += self.tr("（{n} 场已存在，保留原样）").format(n=result.skipped)
        if result.late:
            text += self.tr("；发布过晚：首场 {d} 距今不足10天").format(d=formats.day(result.first_session))
            show_message(self, self.tr("考试计划已发布，但发布过晚：首场 {d} 距今不足10天，已记录。").format(
                d=formats.day(result.first_session)), title=self.tr("发布过晚"))
        set_status(self.status, text, error=result.late)
        if result.first_session:
            self.show_day(result.first_session)
        self.refresh()
        self.changed.emit()

    @Slot()
    def on_site_requested(self) -> None:
        code, name, subjects, classes, address = (QLineEdit() for _ in range(5))
        subjects.setPlaceholderText(self.tr("1 2 3 3s（空格分隔）"))
        classes.setPlaceholderText("C1 C2")
        dialog = FormDialog(self, self.tr("新增考场"), [
            ("code", self.tr("考场代码"), code), ("name", self.tr("考场名称"), name),
            ("subjects", self.tr("考试科目"), subjects), ("classes", self.tr("准驾车型"), classes),
            ("address", self.tr("地址"), address)])
        plans = self.services.exam_plans
        dialog.submitted.connect(lambda v: self.run(
            lambda: plans.save_site(self._actor, v["code"], v["name"], v["subjects"].replace(",", " ").split(),
                                    v["classes"].replace(",", " ").split(), v["address"]),
            lambda site: set_status(self.status, self.tr("考场已保存：{code} {name}").format(code=site.code,
                                                                                     name=site.name))))
        self.site_dialog = dialog
        dialog.open()

    @Slot()
    def on_capacity_requested(self) -> None:
        row = self.selected()
        if row is None:
            return
        seats = QSpinBox()
        seats.setRange(1, 500)
        seats.setValue(row.capacity)
        dialog = FormDialog(self, self.tr("调整考位"), [("capacity", self.words.session(row), seats)])
        plans = self.services.exam_plans
        dialog.submitted.connect(lambda v: self.run(lambda: plans.set_capacity(self._actor, row.id, v["capacity"]),
                                                    self._capacity_set))
        self.capacity_dialog = dialog
        dialog.open()

    def _capacity_set(self, view) -> None:
        set_status(self.status, self.tr("考位已改为 {n}").format(n=view.capacity))
        self.refresh()

    @Slot()
    def on_tickets_requested(self) -> None:
        row = self.selected()
        if row is None:
            return
        bookings = self.services.exam_bookings
        self.run(lambda: bookings.session_tickets(self._actor, row.id), lambda pdf: self._show_tickets(row, pdf))

    def _show_tickets(self, row, pdf: bytes) -> None:
        self.last_pdf = pdf
        self.refresh()
        self.documents_dialog = DocumentsDialog(self, self.tr("本场准考证 — {s}").format(s=self.words.session(row)), [
            TicketDocument(self.tr("准考证（全场）"), f"{row.day:%Y%m%d}-{row.half}-{row.site_code}", pdf)])
        self.documents_dialog.open()

    @Slot()
    def on_roster_requested(self) -> None:
        row = self.selected()
        if row is None:
            return
        day = self.services.exam_day
        self.run(lambda: day.checked_in(self._actor, row.id), lambda rows: self._show_roster(row, rows))

    def _show_roster(self, row, rows) -> None:
        title = self.tr("考生名单 — {s}").format(s=self.words.session(row))
        self.roster_dialog = RosterDialog(title, rows, self.words, self)
        self.roster_dialog.open()
