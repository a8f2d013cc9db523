"""The exam panel's plan side and what its tabs share: the translatable words (科目, 时段, states), a
table model with a fullness colour, the base of a tab, the dialogs (发布考试计划, 选择场次, 考生名单)
and the 场次日历 tab that opens most of them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from desktop.domain import exams as exam_rules
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.licensing import SUBJECT_NAMES
from desktop.domain.roles import allowed
from desktop.services.base import Actor, hall_date
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.documents_dialog import DocumentsDialog
from desktop.ui.form_dialog import FormDialog
from desktop.ui.models import Column, RecordTableModel
from desktop.ui.notify import error_text, set_status, show_message

FULL, NEARLY_FULL, OPEN = "#f6d5d3", "#fdf0c8", "#e3f2e5"  # 约满 / 八成以上 / 有余位


@dataclass(frozen=True)
class TicketDocument:
    """A PDF in the shape DocumentsDialog shows (title, serial, pdf)."""

    title: str
    serial: str
    pdf: bytes


class ExamWords(QObject):
    """The exam panel's words for codes the services hand over (translatable)."""

    def subject(self, code: str) -> str:
        return {"1": self.tr("科目一"), "2": self.tr("科目二"), "3": self.tr("科目三道路驾驶技能"),
                "3s": self.tr("科目三安全文明驾驶常识")}.get(code, code)

    def half(self, code: str) -> str:
        return {"am": self.tr("上午"), "pm": self.tr("下午")}.get(code, code)

    def weekday(self, n: int) -> str:
        return (self.tr("周一"), self.tr("周二"), self.tr("周三"), self.tr("周四"), self.tr("周五"), self.tr("周六"),
                self.tr("周日"))[n]

    def day(self, d: date | None) -> str:
        return f"{d:%Y-%m-%d} {self.weekday(d.weekday())}" if d else ""

    def booking_state(self, state: str) -> str:
        return {"booked": self.tr("已预约"), "checked_in": self.tr("已签到"), "sat": self.tr("已考试"),
                "no_show": self.tr("缺考"), "cancelled": self.tr("已取消")}.get(state, state)

    def candidate_state(self, cand) -> str:
        if cand.ready:
            return self.tr("考试合格待发证")
        return {"active": self.tr("考试中"), "done": self.tr("已发证"), "voided": self.tr("成绩作废"),
                "expired": self.tr("已过期")}.get(cand.state, cand.state)

    def label(self, text: str) -> str:
        """A session label as the services write it (date, 上午, 科目一, site) in the UI language: the
        site's name is data and stays as it is."""
        for code in sorted(exam_rules.SUBJECTS, key=lambda c: -len(SUBJECT_NAMES[c])):
            text = text.replace(SUBJECT_NAMES[code], self.subject(code))
        for half, name in exam_rules.HALVES.items():
            text = text.replace(name, self.half(half))
        return text

    def session(self, s) -> str:
        return f"{s.day:%Y-%m-%d} {self.half(s.half)} {self.subject(s.subject)} {s.site_name}"

    def subjects(self, codes: Sequence[str]) -> str:
        return "、".join(self.subject(c) for c in codes) or self.tr("无")


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


def table_for(model, *, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.verticalHeader().setVisible(False)
    return view


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ExamTab(QWidget):
    """One tab: the services, the actor, the worker, the words, a status line."""

    def __init__(self, services, actor: Actor, worker: DbWorker, words: ExamWords, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self._actor, self._worker, self.words = services, actor, worker, words
        self.status = QLabel()
        self.status.setObjectName("statusLine")
        self.status.setWordWrap(True)
        self._build()

    def _build(self) -> None:  # each tab lays itself out
        pass

    def can(self, action: str) -> bool:
        return allowed(self._actor.role, action)

    def today(self) -> date:
        return hall_date(self.services.exam_plans.now())

    def run(self, fn, success=None) -> None:
        DbOp(self._worker, fn).success(success or (lambda _: None)).failure(self.failed).run()

    def failed(self, exc: CounterDeskError) -> None:
        set_status(self.status, error_text(exc), error=True)

    def refresh(self) -> None:  # each tab reloads what it shows
        pass


class PublishPlanDialog(QDialog):
    """发布考试计划: a site, the dates, and the weekly slots (weekday × 上午/下午: subject, seats, classes)."""

    published = Signal(object)  # PlanResult

    def __init__(self, services, actor: Actor, worker: DbWorker, sites, today: date, words: ExamWords,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("发布考试计划"))
        self._services, self._actor, self._worker, self._words = services, actor, worker, words
        self._sites = list(sites)
        self._today = today
        self.result_: object | None = None
        self.site = QComboBox()
        for s in self._sites:
            self.site.addItem(f"{s.code} {s.name}", s.code)
        first = today + timedelta(days=exam_rules.DEFAULT_EXAM_POLICY.plan_notice_days + 1)
        self.first_day = date_edit(first)
        self.last_day = date_edit(first + timedelta(days=27))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.cells: dict[tuple[int, str], tuple[QComboBox, QSpinBox, QLineEdit]] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        for col, text in enumerate((self.tr("科目"), self.tr("考位"), self.tr("准驾车型"))):
            for h, half in enumerate(exam_rules.HALVES):
                head = QLabel(f"{words.half(half)} · {text}")
                head.setStyleSheet("font-weight: bold; color: #1d4e89")
                grid.addWidget(head, 0, 1 + h * 3 + col)
        for wd in range(7):
            grid.addWidget(QLabel(words.weekday(wd)), wd + 1, 0)
            for h, half in enumerate(exam_rules.HALVES):
                subject, seats, classes = QComboBox(), QSpinBox(), QLineEdit()
                seats.setRange(1, 500)
                seats.setValue(50)
                classes.setMinimumWidth(230)
                grid.addWidget(subject, wd + 1, 1 + h * 3)
                grid.addWidget(seats, wd + 1, 2 + h * 3)
                grid.addWidget(classes, wd + 1, 3 + h * 3)
                self.cells[(wd, half)] = (subject, seats, classes)
        copy = QPushButton(self.tr("周一的安排复制到周二至周五"))
        copy.clicked.connect(self.on_copy_requested)
        self.error = QLabel()
        self.error.setObjectName("statusLine")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText(self.tr("发布"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_publish_requested)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("考场"), self.site)
        dates = QHBoxLayout()
        dates.addWidget(self.first_day)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.last_day)
        dates.addStretch(1)
        form.addRow(self.tr("日期"), dates)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel(self.tr("每周场次（不考的时段科目选“—”；节假日自动跳过）")))
        layout.addLayout(grid)
        layout.addWidget(copy, 0, Qt.AlignLeft)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.site.currentIndexChanged.connect(self.on_site_changed)
        self.first_day.dateChanged.connect(self.on_dates_changed)
        self.on_site_changed()
        self.on_dates_changed()

    @Slot()
    def on_site_changed(self, *_args) -> None:
        site = self._site()
        for (wd, _half), (subject, _seats, classes) in self.cells.items():
            subject.clear()
            subject.addItem("—", None)
            for code in site.subjects if site else ():
                subject.addItem(self._words.subject(code), code)
            classes.setText(" ".join(site.classes) if site else "")
            classes.setCursorPosition(0)

    @Slot()
    def on_dates_changed(self, *_args) -> None:
        first = self.first_day.date().toPython()
        days = (first - self._today).days
        if days < exam_rules.DEFAULT_EXAM_POLICY.plan_notice_days:
            self.notice.setStyleSheet("color: #8a5300; font-weight: bold")
            self.notice.setText(self.tr("发布过晚：距首日只有 {n} 天（应提前10天以上发布），仍可发布，将记为发布过晚").format(
                n=days))
        else:
            self.notice.setStyleSheet("color: #555")
            self.notice.setText(self.tr("距首日 {n} 天").format(n=days))

    def _site(self):
        code = self.site.currentData()
        return next((s for s in self._sites if s.code == code), None)

    def set_slot(self, weekday: int, half: str, subject: str | None, capacity: int = 50,
                 classes: str | None = None) -> None:
        combo, seats, line = self.cells[(weekday, half)]
        combo.setCurrentIndex(max(0, combo.findData(subject)))
        seats.setValue(capacity)
        if classes is not None:
            line.setText(classes)
            line.setCursorPosition(0)

    @Slot()
    def on_copy_requested(self) -> None:
        for half in exam_rules.HALVES:
            combo, seats, line = self.cells[(0, half)]
            for wd in range(1, 5):
                self.set_slot(wd, half, combo.currentData(), seats.value(), line.text())

    def weekly(self) -> list[exam_rules.WeeklySlot]:
        slots = []
        for (wd, half), (combo, seats, line) in sorted(self.cells.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if combo.currentData() is None:
                continue
            classes = frozenset(c.upper() for c in re.split(r"[\s,，、;；]+", line.text()) if c)
            if not classes:
                raise ValidationError("classes", "classes_required", f"请填写{self._words.weekday(wd)}的准驾车型",
                                      "Enter the licence classes of every slot")
            slots.append(exam_rules.WeeklySlot(wd, half, combo.currentData(), seats.value(), classes))
        if not slots:
            raise ValidationError("weekly", "weekly_empty", "请至少安排一个场次（选择科目）",
                                  "Plan at least one slot (choose a subject)")
        return slots

    @Slot()
    def on_publish_requested(self) -> None:
        try:
            weekly = self.weekly()
        except CounterDeskError as exc:
            set_status(self.error, error_text(exc), error=True)
            return
        site, first, last = self.site.currentData(), self.first_day.date().toPython(), self.last_day.date().toPython()
        if site is None:
            set_status(self.error, self.tr("请先新增考场"), error=True)
            return
        plans, actor = self._services.exam_plans, self._actor
        self.ok_button.setEnabled(False)
        set_status(self.error, self.tr("正在发布…"))
        DbOp(self._worker, lambda: plans.publish(actor, site, weekly, first, last)).success(self._done).failure(
            self._refused).run()

    def _refused(self, exc: CounterDeskError) -> None:
        self.ok_button.setEnabled(True)
        set_status(self.error, error_text(exc), error=True)

    def _done(self, result) -> None:
        self.result_ = result
        self.published.emit(result)
        self.accept()


class SessionPickerDialog(QDialog):
    """Choose one session: rows of (session id, label, free seats)."""

    chosen = Signal(int)

    def __init__(self, title: str, rows: list[tuple[int, str, int]], words: ExamWords,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 360)
        self.model = RecordTableModel([(self.tr("场次"), lambda r: words.label(r[1])), (self.tr("余位"), lambda r: r[2])],
                                      self)
        self.model.set_rows(rows)
        self.view = table_for(self.model, stretch_last=False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.doubleClicked.connect(self.on_accept_requested)
        note = QLabel(self.tr("没有可选场次：该科目暂无符合条件且有余位的场次") if not rows else self.tr("选择场次后确定"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.button(QDialogButtonBox.Ok).setEnabled(bool(rows))
        buttons.accepted.connect(self.on_accept_requested)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(title))
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        if rows:
            self.view.selectRow(0)

    @Slot()
    def on_accept_requested(self, *_args) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        if row is not None:
            self.chosen.emit(row[0])
            self.accept()


class RosterDialog(QDialog):
    """查看名单: a session's seats (exam_day.checked_in rows)."""

    def __init__(self, title: str, rows: list[tuple], words: ExamWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 420)
        self.model = RecordTableModel([
            (self.tr("序号"), lambda r: r[1]), (self.tr("姓名"), lambda r: r[2]), (self.tr("证件号码"), lambda r: r[3]),
            (self.tr("状态"), lambda r: words.booking_state(r[4])), (self.tr("成绩"), lambda r: r[5]),
            (self.tr("补考成绩"), lambda r: r[6])], self)
        self.model.set_rows(rows)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(title))
        layout.addWidget(QLabel(self.tr("共 {n} 人").format(n=len(rows)) if rows else self.tr("本场暂无预约")))
        layout.addWidget(table_for(self.model), 1)
        layout.addWidget(buttons)


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


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
            button.setVisible(shown)
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
        self.range_label.setText(f"{first:%Y-%m-%d} — {last:%Y-%m-%d}")
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
            text += self.tr("；发布过晚：首场 {d} 距今不足10天").format(d=f"{result.first_session:%Y-%m-%d}")
            show_message(self, self.tr("考试计划已发布，但发布过晚：首场 {d} 距今不足10天，已记录。").format(
                d=f"{result.first_session:%Y-%m-%d}"), title=self.tr("发布过晚"))
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
