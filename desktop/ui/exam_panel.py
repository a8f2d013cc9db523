"""考试预约: the exam panel — 场次日历, 考试申请, 排考, 考场签到, 成绩登记 — one tab each; the tabs an
actor's role cannot use are hidden (the services refuse them anyway). 考试申请 and 排考 are here; the
exam-day tabs are in exam_checkin.py, 场次日历 in exam_calendar.py, the dialogs and the shared words in
exam_dialogs.py."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.domain import exams as exam_rules
from desktop.domain.errors import CounterDeskError
from desktop.services.base import Actor
from desktop.ui import formats
from desktop.ui.dbop import DbWorker, InternalError
from desktop.ui.documents_dialog import DocumentsDialog
from desktop.ui.exam_checkin import CheckInTab, ResultsTab
from desktop.ui.exam_calendar import CalendarTab
from desktop.ui.exam_dialogs import (ExamTab, ExamWords, SessionPickerDialog, TicketDocument, date_edit, table_for,
                                     title_label)
from desktop.ui.form_dialog import FormDialog
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status


class RequestsTab(ExamTab):
    """考试申请: find the candidate, the card and history, a new request, the bookings, the open requests."""

    changed = Signal()

    def _build(self) -> None:
        self.candidate = None
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("身份证号、受理编号或姓名，回车查询"))
        self.search_edit.returnPressed.connect(self.on_search_requested)
        search = QPushButton(self.tr("查询"))
        search.clicked.connect(self.on_search_requested)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(search)
        w = self.words
        self.found = RecordTableModel([
            (self.tr("受理编号"), lambda c: c.application_no), (self.tr("姓名"), lambda c: c.name_masked),
            (self.tr("准驾车型"), lambda c: c.cls), (self.tr("状态"), w.candidate_state)], self)
        self.found_view = table_for(self.found)
        self.found_view.setMaximumHeight(110)
        self.found_view.selectionModel().currentRowChanged.connect(self.on_candidate_selected)
        self.card = QLabel(self.tr("查询考生：考生须先在驾驶证业务窗口受理初次申领或增驾"))
        self.card.setTextFormat(Qt.RichText)
        self.card.setWordWrap(True)
        self.card.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.history = RecordTableModel([
            (self.tr("日期"), lambda h: formats.day(h.when)), (self.tr("事项"), w.history_what),
            (self.tr("详情"), w.history_detail)], self)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.found_view)
        col.addWidget(self.card, 1)

        self.subject = QComboBox()
        for code in exam_rules.SUBJECTS:
            self.subject.addItem(w.subject(code), code)
        today = self.today()
        self.first_day, self.last_day = date_edit(today + timedelta(days=7)), date_edit(today + timedelta(days=37))
        self.site_boxes: dict[str, QCheckBox] = {}
        self.sites = QGridLayout()  # a tick per site: halls have a handful
        self.sites.setContentsMargins(0, 0, 0, 0)
        self.request_button = QPushButton(self.tr("提交申请"))
        self.request_button.setObjectName("primaryButton")
        self.request_button.clicked.connect(self.on_request_requested)
        self.book_button = QPushButton(self.tr("直接预约…"))
        self.book_button.clicked.connect(self.on_book_requested)
        form = QGroupBox(self.tr("新的考试申请（考场可多选，不选为任意）"))
        grid = QVBoxLayout(form)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("科目")))
        row1.addWidget(self.subject, 1)
        row1.addWidget(QLabel(self.tr("日期")))
        row1.addWidget(self.first_day)
        row1.addWidget(QLabel(self.tr("至")))
        row1.addWidget(self.last_day)
        grid.addLayout(row1)
        row2 = QHBoxLayout()
        sites_label = QLabel(self.tr("考场"))
        sites_label.setToolTip(self.tr("希望的考场，可多选；不选为任意考场"))
        row2.addWidget(sites_label, 0, Qt.AlignTop)
        row2.addLayout(self.sites, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        row2.addLayout(buttons)
        grid.addLayout(row2)
        self.bookings = RecordTableModel([
            (self.tr("科目"), lambda b: w.subject(b.subject)), (self.tr("状态"), lambda b: w.booking_state(b.state)),
            (self.tr("场次"), lambda b: w.label(b.session_label)), (self.tr("序号"), lambda b: b.order_no),
            (self.tr("预约码"), lambda b: b.code)], self)
        self.bookings_view = table_for(self.bookings)
        booking_box = QGroupBox(self.tr("预约"))
        b = QVBoxLayout(booking_box)
        b.addWidget(self.bookings_view, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for text, slot in ((self.tr("打印准考证"), self.on_ticket_requested), (self.tr("改约…"), self.on_change_requested),
                           (self.tr("取消预约"), self.on_cancel_requested)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
        b.addLayout(actions)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(form)
        col.addWidget(booking_box, 1)
        upper = QSplitter()
        upper.addWidget(left)
        upper.addWidget(right)
        upper.setSizes([460, 560])

        self.open_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r[1]), (self.tr("姓名"), lambda r: r[2]), (self.tr("车型"), lambda r: r[3]),
            (self.tr("科目"), lambda r: w.subject(r[4])), (self.tr("日期"), lambda r: f"{formats.month_day(r[5])} — {formats.month_day(r[6])}"),
            (self.tr("考场"), lambda r: r[7] or self.tr("任意")), (self.tr("上次未排上原因"), lambda r: w.refusal(r[9], r[8]) if r[8] else "")], self)
        self.open_view = table_for(self.open_model)
        withdraw = QPushButton(self.tr("撤回"))
        withdraw.clicked.connect(self.on_withdraw_requested)
        open_tab = QWidget()
        col = QHBoxLayout(open_tab)
        col.addWidget(self.open_view, 1)
        col.addWidget(withdraw, 0, Qt.AlignTop)
        self.lists = QTabWidget()  # the candidate's history; every open request of the hall
        self.lists.addTab(table_for(self.history), self.tr("考试记录"))
        self.lists.addTab(open_tab, self.tr("待排考的申请"))
        body = QSplitter(Qt.Vertical)
        body.addWidget(upper)
        body.addWidget(self.lists)
        body.setStretchFactor(0, 1)
        body.setSizes([360, 140])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)

    # -- the candidate -----------------------------------------------------------------------------

    @Slot()
    def on_search_requested(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            set_status(self.status, self.tr("请输入身份证号、受理编号或姓名"))
            return
        cands = self.services.exam_candidates
        self.run(lambda: cands.find(self._actor, text), self._show_found)

    def _show_found(self, rows) -> None:
        self.found.set_rows(rows)
        if rows:
            set_status(self.status, self.tr("找到 {n} 个考试申请").format(n=len(rows)))
            self.found_view.selectRow(0)
        else:
            self.candidate = None
            set_status(self.status, self.tr("没有找到考生：考生须先在驾驶证业务窗口受理初次申领或增驾"))

    @Slot()
    def on_candidate_selected(self, *_args) -> None:
        row = self.found.row_at(self.found_view.currentIndex().row())
        if row is not None:
            self.candidate = row
            self.reload_candidate()

    def reload_candidate(self) -> None:
        if self.candidate is None:
            return
        s, cid, actor = self.services, self.candidate.id, self._actor
        self.run(lambda: (s.exam_candidates.get(actor, cid), s.exam_candidates.history(actor, cid),
                          s.exam_bookings.bookings(actor, cid)), self._show_candidate)

    def _show_candidate(self, result) -> None:
        cand, history, bookings = result
        self.candidate = cand
        w = self.words
        permit = (f"{formats.day(cand.permit_from)} — {formats.day(cand.permit_until)}" if cand.permit_from
                  else self.tr("未取得（科目一合格后核发）"))
        state = w.candidate_state(cand)
        if cand.locked:
            state += "　<b style='color:#b3261e'>" + self.tr("已锁定（身份核验未通过）") + "</b>"
        rows = [(self.tr("姓名"), cand.name_masked), (self.tr("证件号码"), cand.id_masked),
                (self.tr("准驾车型"), f"<b style='font-size:18px'>{cand.cls}</b>"),
                (self.tr("受理编号"), cand.application_no), (self.tr("驾校"), cand.school or "—"),
                (self.tr("状态"), state), (self.tr("已通过"), w.subjects(cand.passed)),
                (self.tr("需考"), w.subjects(cand.needed)), (self.tr("学习驾驶证明"), permit)]
        rows = rows[:4] + rows[5:7] + [rows[4]] + rows[7:]  # 驾校 and the long ones take a whole line
        key = "<td style='color:#555;padding-right:8px;white-space:nowrap' nowrap>{}</td>"
        pairs = [key.format(k) + f"<td style='padding-right:18px'>{v}</td>" for k, v in rows[:6]]
        wide = [key.format(k) + f"<td colspan=3>{v}</td>" for k, v in rows[6:]]
        self.card.setText("<table>" + "".join(f"<tr>{pairs[i]}{pairs[i + 1]}</tr>" for i in range(0, 6, 2))
                          + "".join(f"<tr>{c}</tr>" for c in wide) + "</table>")
        self.history.set_rows(history)
        self.bookings.set_rows(bookings)
        live = [i for i, b in enumerate(bookings) if b.state in ("booked", "checked_in")]
        if live:
            self.bookings_view.selectRow(live[-1])
            self.bookings_view.scrollTo(self.bookings.index(live[-1], 0))

    def refresh(self) -> None:
        plans, bookings, actor = self.services.exam_plans, self.services.exam_bookings, self._actor
        self.run(lambda: (plans.sites(actor), bookings.open_requests(actor)), self._show_lists)
        self.reload_candidate()

    def _show_lists(self, result) -> None:
        sites, rows = result
        checked = self.chosen_sites()
        for box in self.site_boxes.values():
            box.deleteLater()
        self.site_boxes = {}
        for i, site in enumerate(sites):
            box = QCheckBox(f"{site.code} {site.name}")
            box.setToolTip(self.words.subjects(site.subjects))
            box.setChecked(site.code in checked)
            self.sites.addWidget(box, i, 0)
            self.site_boxes[site.code] = box
        self.open_model.set_rows(rows)
        self.lists.setTabText(1, self.tr("待排考的申请 {n}").format(n=len(rows)) if rows
                              else self.tr("待排考的申请：暂无"))

    def chosen_sites(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.site_boxes.items() if box.isChecked())

    def _need_candidate(self) -> bool:
        if self.candidate is None:
            set_status(self.status, self.tr("请先查询并选定考生"), error=True)
            return False
        return True

    def selected_booking(self):
        row = self.bookings.row_at(self.bookings_view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在预约表中选定一条预约"), error=True)
        return row

    # -- requests and bookings ---------------------------------------------------------------------

    @Slot()
    def on_request_requested(self) -> None:
        if not self._need_candidate():
            return
        subject, first, last = self.subject.currentData(), self.first_day.date().toPython(), \
            self.last_day.date().toPython()
        sites = self.chosen_sites()
        bookings, cid = self.services.exam_bookings, self.candidate.id
        self.run(lambda: bookings.request(self._actor, cid, subject, first, last, sites), self._requested)

    def _requested(self, result) -> None:
        set_status(self.status, self.tr("已提交{s}申请（{a} 至 {b}），等待排考").format(
            s=self.words.subject(result.subject), a=formats.day(result.first_day), b=formats.day(result.last_day)))
        self.refresh()
        self.changed.emit()

    @Slot()
    def on_withdraw_requested(self) -> None:
        row = self.open_model.row_at(self.open_view.currentIndex().row())
        if row is None:
            set_status(self.status, self.tr("请先在待排考的申请中选定一条"), error=True)
            return
        bookings = self.services.exam_bookings
        self.run(lambda: bookings.withdraw(self._actor, row[0]), lambda _: self._done(self.tr("申请已撤回")))

    def _done(self, text: str) -> None:
        set_status(self.status, text)
        self.refresh()
        self.changed.emit()

    @Slot()
    def on_book_requested(self) -> None:
        if not self._need_candidate():
            return
        bookings, cid, subject = self.services.exam_bookings, self.candidate.id, self.subject.currentData()
        self.run(lambda: bookings.eligible_sessions(self._actor, cid, subject), lambda rows: self._pick(
            self.tr("直接预约 — {s}").format(s=self.words.subject(subject)), rows,
            lambda sid: self.run(lambda: bookings.book(self._actor, cid, sid), self._booked)))

    def _pick(self, title: str, rows, then) -> None:
        self.picker = SessionPickerDialog(title, list(rows), self.words, self)
        self.picker.chosen.connect(then)
        self.picker.open()

    def _booked(self, view) -> None:
        label = self.words.label(view.session_label)
        self._done(self.tr("已预约：{s}，第 {n} 号；可打印准考证").format(s=label, n=view.order_no))

    @Slot()
    def on_change_requested(self) -> None:
        booking = self.selected_booking()
        if booking is None or self.candidate is None:
            return
        plans, cls, today = self.services.exam_plans, self.candidate.cls, self.today()

        def choices():
            rows = plans.calendar(self._actor, today + timedelta(days=1), today + timedelta(days=60), booking.subject)
            return [(s.id, self.words.session(s), s.free) for s in rows
                    if cls in s.classes and s.free > 0 and s.id != booking.session_id]

        bookings, title = self.services.exam_bookings, self.tr("改约 — {s}").format(
            s=self.words.label(booking.session_label))
        self.run(choices, lambda rows: self._pick(title, rows, lambda sid: self.run(
            lambda: bookings.change_site(self._actor, booking.id, sid), self._booked)))

    @Slot()
    def on_cancel_requested(self) -> None:
        booking = self.selected_booking()
        if booking is None:
            return
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("例如：本人申请"))
        session = QLabel(self.words.label(booking.session_label))
        self.cancel_dialog = FormDialog(self, self.tr("取消预约"), [("session", self.tr("场次"), session),
                                                                ("reason", self.tr("取消原因"), reason)])
        bookings = self.services.exam_bookings
        self.cancel_dialog.submitted.connect(lambda v: self.run(
            lambda: bookings.cancel(self._actor, booking.id, v["reason"]),
            lambda _: self._done(self.tr("预约已取消，准考证已作废"))))
        self.cancel_dialog.open()

    @Slot()
    def on_ticket_requested(self) -> None:
        booking = self.selected_booking()
        if booking is None:
            return
        s, actor = self.services.exam_bookings, self._actor

        def job():
            pdf = s.ticket(actor, booking.id)
            serial = next((b.ticket_serial for b in s.bookings(actor, booking.candidate_id) if b.id == booking.id), "")
            return pdf, serial

        self.run(job, lambda result: self._show_ticket(booking, *result))

    def _show_ticket(self, booking, pdf: bytes, serial: str) -> None:
        self.last_ticket = pdf
        title = self.tr("准考证 — {s}").format(s=self.words.label(booking.session_label))
        self.documents_dialog = DocumentsDialog(self, title, [TicketDocument(self.tr("准考证"), serial or booking.code,
                                                                             pdf)])
        self.documents_dialog.open()
        self.reload_candidate()


class AllocationThread(QThread):
    """The allocation run off the GUI thread (a year's requests take a while), with progress."""

    progressed = Signal(int, int)
    finished_with = Signal(object)  # AllocationReport | CounterDeskError

    def __init__(self, job, parent=None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            result = self._job(lambda done, total: self.progressed.emit(done, total))
        except CounterDeskError as exc:
            result = exc
        except Exception:  # noqa: BLE001 - logged; a message a person can act on instead of a traceback
            import logging

            logging.getLogger(__name__).exception("allocation failed")
            result = InternalError()
        self.finished_with.emit(result)


class AllocationTab(ExamTab):
    """排考: fill the sessions up to a day with the open requests, by priority; what was and was not booked."""

    changed = Signal()

    def _build(self) -> None:
        self.until = date_edit(self.today() + timedelta(days=30))
        self.start_button = QPushButton(self.tr("开始排考"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.on_start_requested)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.thread: AllocationThread | None = None
        self.report = None
        app = QCoreApplication.instance()
        if app is not None:  # quitting waits for a running allocation: no thread outlives its window
            app.aboutToQuit.connect(self.stop)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("排考至")))
        top.addWidget(self.until)
        top.addWidget(self.start_button)
        top.addWidget(self.progress, 1)
        note = QLabel(self.tr("按受理时间（补考按上次考试时间）先后，把待排考的申请排入所选日期前有余位的场次；"
                              "重复排考不会重复预约。"))
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        w = self.words
        self.booked_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r.application_no), (self.tr("姓名"), lambda r: r.name_masked),
            (self.tr("科目"), lambda r: w.subject(r.subject)), (self.tr("场次"), lambda r: w.label(r.session_label))], self)
        self.refused_model = RecordTableModel([
            (self.tr("受理编号"), lambda r: r.application_no), (self.tr("姓名"), lambda r: r.name_masked),
            (self.tr("科目"), lambda r: w.subject(r.subject)),
            (self.tr("原因"), lambda r: r.reason_en if formats.english() and r.reason_en else r.reason)], self)
        self.booked_title, self.refused_title = QLabel(self.tr("排上")), QLabel(self.tr("未排上"))
        tables = QSplitter()
        for title, model in ((self.booked_title, self.booked_model), (self.refused_title, self.refused_model)):
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(title)
            col.addWidget(table_for(model), 1)
            tables.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(tables, 1)
        layout.addWidget(self.status)
        set_status(self.status, self.tr("选择“排考至”日期后点“开始排考”"))

    @Slot()
    def on_start_requested(self) -> None:
        if self.thread is not None and self.thread.isRunning():
            return
        until, bookings, actor = self.until.date().toPython(), self.services.exam_bookings, self._actor
        self.progress.setValue(0)
        self.report = None
        self.thread = AllocationThread(lambda progress: bookings.allocate(actor, until, progress), self)
        self.thread.progressed.connect(self.on_progress)
        self.thread.finished_with.connect(self.on_finished)
        self.start_button.setEnabled(False)
        set_status(self.status, self.tr("正在排考…"))
        self.thread.start()

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 if total <= 0 else min(100, done * 100 // total))

    @Slot(object)
    def on_finished(self, result) -> None:
        self.start_button.setEnabled(True)
        if isinstance(result, CounterDeskError):
            set_status(self.status, error_text(result), error=True)
            return
        self.progress.setValue(100)
        self.report = result
        self.booked_model.set_rows(result.booked)
        self.refused_model.set_rows(result.not_booked)
        self.booked_title.setText(self.tr("排上 {n}").format(n=len(result.booked)))
        self.refused_title.setText(self.tr("未排上 {n}").format(n=len(result.not_booked)))
        text = self.tr("排考完成：排上 {a}，未排上 {b}").format(a=len(result.booked), b=len(result.not_booked))
        if result.expired:
            text += self.tr("；{n} 个申请的日期已过，已关闭").format(n=result.expired)
        if not result.booked and not result.not_booked:
            text = self.tr("没有待排考的申请：先在“考试申请”中为考生提交申请")
        set_status(self.status, text)
        self.changed.emit()

    @Slot()
    def stop(self) -> None:
        if self.thread is not None and self.thread.isRunning():
            self.thread.wait()


class ExamPage(QWidget):
    """The exam panel in the counter window."""

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._worker = ctx, actor, worker
        self.services = ctx.services
        self.words = ExamWords(self)
        args = (self.services, actor, worker, self.words)
        self.calendar, self.requests, self.allocation = CalendarTab(*args), RequestsTab(*args), AllocationTab(*args)
        self.checkin, self.results = CheckInTab(*args), ResultsTab(*args)
        self.tabs = QTabWidget()
        for tab, name, action in ((self.calendar, self.tr("场次日历"), "exam.view"),
                                  (self.requests, self.tr("考试申请"), "exam.request"),
                                  (self.allocation, self.tr("排考"), "exam.plan"),
                                  (self.checkin, self.tr("考场签到"), "exam.checkin"),
                                  (self.results, self.tr("成绩登记"), "exam.result")):
            index = self.tabs.addTab(tab, name)
            self.tabs.setTabVisible(index, tab.can(action))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        for tab in (self.calendar, self.allocation, self.requests):
            tab.changed.connect(self.on_data_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("考试预约")))
        layout.addWidget(self.tabs, 1)
        self._shown = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override: load on first show
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentWidget(getattr(self, name))

    @Slot(int)
    def on_tab_changed(self, _index: int) -> None:
        self.tabs.currentWidget().refresh()

    @Slot()
    def on_data_changed(self) -> None:
        """After publishing, an allocation run or a booking: what the other tabs show is stale."""
        for tab in (self.calendar, self.requests):
            if tab is not self.sender():
                tab.refresh()

    def refresh(self) -> None:
        self.tabs.currentWidget().refresh()

    def stop(self) -> None:
        self.allocation.stop()
