"""What the exam panel's tabs share: the translatable words (科目, 时段, states), the base of a tab,
and the dialogs (发布考试计划, 选择场次, 考生名单). The 场次日历 tab that opens most of them is in
exam_calendar.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from desktop.domain import exams as exam_rules
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.licensing import SUBJECT_NAMES
from desktop.domain.roles import allowed
from desktop.services.base import Actor, hall_date
from desktop.ui import formats
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # the date a service writes in a session label

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
        return f"{formats.day(d)} {self.weekday(d.weekday())}" if d else ""

    def booking_state(self, state: str) -> str:
        return {"booked": self.tr("已预约"), "checked_in": self.tr("已签到"), "sat": self.tr("已考试"),
                "no_show": self.tr("缺考"), "cancelled": self.tr("已取消")}.get(state, state)

    def candidate_state(self, cand) -> str:
        if cand.ready:
            return self.tr("考试合格待发证")
        return {"active": self.tr("考试中"), "done": self.tr("已发证"), "voided": self.tr("成绩作废"),
                "expired": self.tr("已过期")}.get(cand.state, cand.state)

    def label(self, text: str) -> str:
        """A session label as the services write it ("2026-11-27 上午 科目一 site", exam_bookings.py) in the
        UI language. The site's name is data and stays exactly as it is, 科目一 in it included."""
        parts = text.split(" ", 3)
        halves = {name: code for code, name in exam_rules.HALVES.items()}
        subjects = {name: code for code, name in SUBJECT_NAMES.items()}
        if len(parts) < 3 or not ISO_DAY.fullmatch(parts[0]) or parts[1] not in halves or parts[2] not in subjects:
            return text  # not a session label: shown as written
        words = [formats.day(date.fromisoformat(parts[0])), self.half(halves[parts[1]]), self.subject(subjects[parts[2]])]
        return " ".join(words + parts[3:])

    def request_state(self, state: str) -> str:
        return {"open": self.tr("待排考"), "booked": self.tr("已排考"), "refused": self.tr("未排上"),
                "withdrawn": self.tr("已撤回")}.get(state, state)

    def refusal(self, code: str, zh: str) -> str:
        """Why a request was not booked (exam_allocation's codes); an unknown code shows the service's words."""
        return {"dates_past": self.tr("申请的考试日期已过"),
                "no_session": self.tr("所选考场和日期内没有适合该准驾车型的考试场次"),
                "sessions_full": self.tr("所选日期内的考试场次已约满，请另选日期或考场"),
                "candidate_seated": self.tr("该考生本科目已在本轮分配中安排了考试场次")}.get(code, zh)

    def history_what(self, h) -> str:
        """A candidate history line's event (exam_candidates.HistoryRow)."""
        if h.event == "accepted":
            return self.tr("受理")
        if h.event == "request":
            return self.tr("申请{subject}").format(subject=self.subject(h.subject))
        if h.event == "booking":
            return self.subject(h.subject)
        if h.event == "permit":
            return self.tr("学习驾驶证明")
        return self.label(h.what)

    def history_detail(self, h) -> str:
        if h.event == "accepted":  # the application number, class and school: data
            return h.reference
        if h.event == "request":
            parts = [self.tr("{a}至{b}").format(a=formats.month_day(h.first_day), b=formats.month_day(h.last_day)),
                     h.sites or self.tr("任意考场"), self.request_state(h.state)]
            if h.reason:
                parts.append(self.refusal(h.reason_code, h.reason))
            return " ".join(parts)
        if h.event == "booking":
            parts = [h.site, self.half(h.half), self.tr("第{n}号").format(n=h.order_no), self.booking_state(h.state)]
            if h.score is not None:
                score = self.tr("成绩{score}").format(score=h.score)
                if h.retake_score is not None:
                    score += self.tr("，补考{score}").format(score=h.retake_score)
                parts.append(score + (self.tr("，合格") if h.passed else self.tr("，不合格")))
            return " ".join(parts)
        if h.event == "permit":
            return self.tr("有效期至{d}").format(d=formats.day(h.until))
        return h.detail

    def session(self, s) -> str:
        return f"{formats.day(s.day)} {self.half(s.half)} {self.subject(s.subject)} {s.site_name}"

    def subjects(self, codes: Sequence[str]) -> str:
        return self.tr("、").join(self.subject(c) for c in codes) or self.tr("无")


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
    edit.setDisplayFormat(formats.edit_format())
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
