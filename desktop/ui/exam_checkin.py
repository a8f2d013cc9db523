"""The exam day: 考场签到 (scan the admission ticket, compare the photo, 确认本人 / 不是本人; three
failures lock until a supervisor releases) and 成绩登记 (the score and its one retake, 缺考)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout)

from desktop.domain.errors import CounterDeskError, NotFoundError
from desktop.ui import formats
from desktop.ui.dbop import DbOp
from desktop.ui.exam_dialogs import ExamTab, date_edit, table_for
from desktop.ui.form_dialog import FormDialog
from desktop.ui.models import RecordTableModel
from desktop.ui.notify import error_text, set_status

BANNER = {  # the banner's look: read from across the desk
    "idle": "background:#e8edf4; color:#1d4e89;",
    "check": "background:#fff4ce; color:#5c4300;",
    "ok": "background:#1e7b34; color:#ffffff;",
    "refused": "background:#b3261e; color:#ffffff;",
}
PHOTO_SIZE = (300, 370)  # the 二代证 photo's proportions, large enough to compare a face
SCORE_MAX = 100


class CheckInTab(ExamTab):
    """考场签到 at one site: each scan is verified (signature, registry, day, site, state) and the
    candidate's photo shown beside the name for the officer's verdict."""

    def _build(self) -> None:
        self.current = None  # the CheckIn being compared
        self.locked_candidate: int | None = None
        self._seen: dict[str, int] = {}  # payload → candidate, for a release after a locked scan
        self.site = QComboBox()
        self.site.setMinimumWidth(420)
        self.site.currentIndexChanged.connect(self.on_site_changed)
        self.tally = QLabel()
        self.tally.setStyleSheet("font-size: 18px; font-weight: bold; color: #1d4e89")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("考场")))
        top.addWidget(self.site, 1)
        top.addStretch(1)
        top.addWidget(self.tally)
        self.scan_edit = QLineEdit()
        self.scan_edit.setPlaceholderText(self.tr("扫描准考证二维码（扫码枪自动回车；也可粘贴后按回车）"))
        self.scan_edit.setStyleSheet("font-size: 20px; padding: 8px;")
        self.scan_edit.returnPressed.connect(self.on_scan_requested)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignCenter)
        self.banner.setMinimumHeight(56)
        self.photo = QLabel()
        self.photo.setFixedSize(*PHOTO_SIZE)
        self.photo.setAlignment(Qt.AlignCenter)
        self.photo.setFrameShape(QFrame.Box)
        self.photo.setStyleSheet("background:#ffffff; color:#888; font-size:20px")
        self.info = QLabel()
        self.info.setTextFormat(Qt.RichText)
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.same_button = QPushButton(self.tr("确认本人"))
        self.other_button = QPushButton(self.tr("不是本人"))
        for button, colour in ((self.same_button, "#1e7b34"), (self.other_button, "#b3261e")):
            button.setMinimumHeight(64)
            button.setStyleSheet(f"QPushButton {{ background:{colour}; color:#ffffff; font-size:22px; "
                                 "font-weight:bold; border-radius:6px; padding: 0 24px; } "
                                 "QPushButton:disabled { background:#c9ced6; color:#f4f6f9; }")
        self.same_button.clicked.connect(lambda: self.confirm(True))
        self.other_button.clicked.connect(lambda: self.confirm(False))
        self.release_button = QPushButton(self.tr("解除锁定…"))
        self.release_button.clicked.connect(self.on_release_requested)
        self.release_button.setVisible(False)
        verdict = QHBoxLayout()
        verdict.addWidget(self.same_button, 1)
        verdict.addWidget(self.other_button, 1)
        right = QVBoxLayout()
        right.addWidget(self.info, 1)
        right.addLayout(verdict)
        right.addWidget(self.release_button, 0, Qt.AlignLeft)
        card = QHBoxLayout()
        card.addWidget(self.photo, 0, Qt.AlignTop)
        card.addSpacing(16)
        card.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scan_edit)
        layout.addWidget(self.banner)
        layout.addLayout(card, 1)
        layout.addWidget(self.status)
        self.clear_card()
        self.say("idle", self.tr("请扫描准考证"))

    def say(self, kind: str, text: str) -> None:
        self.banner_kind = kind
        self.banner.setText(text)
        size = 24 if kind in ("ok", "refused") else 18
        self.banner.setStyleSheet(BANNER[kind] + f"font-size:{size}px; font-weight:bold; padding:8px; "
                                                 "border-radius:6px;")

    def clear_card(self) -> None:
        self.current = None
        self.photo.clear()  # an empty frame until the next scan
        self.info.setText("<p style='color:#888; font-size:16px'>" + self.tr("扫码后在此显示考生照片与信息") + "</p>")
        self.same_button.setEnabled(False)
        self.other_button.setEnabled(False)

    def ready_for_next(self) -> None:
        self.scan_edit.clear()
        self.scan_edit.setFocus()

    def refresh(self) -> None:
        plans = self.services.exam_plans
        self.run(lambda: plans.sites(self._actor), self._show_sites)
        self.scan_edit.setFocus()

    def _show_sites(self, sites) -> None:
        chosen = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        for s in sites:
            self.site.addItem(f"{s.code} {s.name}", s.code)
        self.site.setCurrentIndex(max(0, self.site.findData(chosen)))
        self.site.blockSignals(False)
        if not sites:
            self.say("idle", self.tr("还没有考场：请先在“场次日历”中新增考场并发布考试计划"))
        self.on_site_changed()

    @Slot()
    def on_site_changed(self, *_args) -> None:
        site, plans, day = self.site.currentData(), self.services.exam_plans, self.services.exam_day
        if site is None:
            self.tally.setText(self.tr("今日已签到 {n}").format(n=0))
            return
        today = self.today()

        def count():
            sessions = plans.calendar(self._actor, today, today, site_code=site)
            counts = day.checked_in_counts(self._actor, [s.id for s in sessions]).values()
            return sum(done for done, _ in counts), sum(seats for _, seats in counts)

        self.run(count, self._show_tally)

    def _show_tally(self, counts) -> None:
        done, booked = counts
        self.checked_in_today = done
        self.tally.setText(self.tr("今日已签到 {n}").format(n=done) + self.tr("（本考场今日预约 {m}）").format(m=booked))

    # -- scan and verdict --------------------------------------------------------------------------

    @Slot()
    def on_scan_requested(self) -> None:
        payload = self.scan_edit.text().strip()
        self.scan_edit.clear()
        if not payload:
            return
        site = self.site.currentData()
        if site is None:
            self.say("refused", self.tr("请先选择考场"))
            return
        day = self.services.exam_day
        self.release_button.setVisible(False)
        DbOp(self._worker, lambda: day.scan(self._actor, payload, site)).success(
            lambda c: self._scanned(payload, c)).failure(lambda exc: self._scan_refused(payload, exc)).run()

    def _scanned(self, payload: str, checkin) -> None:
        self.current = checkin
        self._seen[payload] = checkin.candidate_id
        pixmap = QPixmap()
        if checkin.photo and pixmap.loadFromData(checkin.photo):
            self.photo.setPixmap(pixmap.scaled(self.photo.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))
        else:
            self.photo.clear()
            self.photo.setText(self.tr("无照片"))
        rows = [(self.tr("证件号码"), checkin.id_masked), (self.tr("科目"), self.words.subject(checkin.subject)),
                (self.tr("准驾车型"), checkin.cls), (self.tr("场次"), self.words.label(checkin.session_label)),
                (self.tr("序号"), f"<b style='font-size:26px'>{checkin.order_no:03d}</b>")]
        body = "".join(f"<tr><td style='color:#555;padding:3px 14px 3px 0' nowrap>{k}</td><td>{v}</td></tr>"
                       for k, v in rows)
        warn = ""
        if checkin.failed_checks:
            warn = "<p style='color:#b3261e'>" + self.tr("此前核验未通过 {n} 次，满3次将锁定").format(
                n=checkin.failed_checks) + "</p>"
        self.info.setText(f"<p style='font-size:34px; font-weight:bold; margin:0'>{checkin.name}</p>"
                          f"<table style='font-size:18px'>{body}</table>{warn}")
        self.same_button.setEnabled(True)
        self.other_button.setEnabled(True)
        self.say("check", self.tr("请核对照片与本人，然后点“确认本人”或“不是本人”"))
        self.ready_for_next()

    def _scan_refused(self, payload: str, exc: CounterDeskError) -> None:
        self.clear_card()
        self.say("refused", self.tr("不能签到：{reason}").format(reason=error_text(exc)))
        if exc.code == "candidate_locked":
            self.locked_candidate = self._seen.get(payload)
            self.release_button.setVisible(self.can("exam.release"))
        self.ready_for_next()

    def confirm(self, same_person: bool) -> None:
        checkin = self.current
        if checkin is None:
            return
        day = self.services.exam_day
        self.same_button.setEnabled(False)
        self.other_button.setEnabled(False)
        DbOp(self._worker, lambda: day.confirm(self._actor, checkin.booking_id, same_person)).success(
            lambda _: self._checked_in(checkin)).failure(lambda exc: self._not_confirmed(checkin, exc)).run()

    def _checked_in(self, checkin) -> None:
        self.clear_card()
        self.say("ok", self.tr("已签到：{name}　第 {n} 号").format(name=checkin.name, n=f"{checkin.order_no:03d}"))
        self.on_site_changed()
        self.ready_for_next()

    def _not_confirmed(self, checkin, exc: CounterDeskError) -> None:
        self.say("refused", error_text(exc))
        if exc.code == "candidate_locked":
            self.locked_candidate = checkin.candidate_id
            self.clear_card()
            self.release_button.setVisible(self.can("exam.release"))
        elif exc.code == "identity_not_confirmed":  # the officer may look again (a colleague, the ID card)
            self.same_button.setEnabled(True)
            self.other_button.setEnabled(True)
        else:
            self.clear_card()
        self.ready_for_next()

    @Slot()
    def on_release_requested(self) -> None:
        reason, who = QLineEdit(), QLineEdit()
        reason.setPlaceholderText(self.tr("例如：核对户籍照片，确系本人"))
        rows = [("reason", self.tr("解除原因"), reason)]
        if self.locked_candidate is None:
            who.setPlaceholderText(self.tr("受理编号或身份证号"))
            rows.insert(0, ("who", self.tr("考生"), who))
        self.release_dialog = FormDialog(self, self.tr("解除锁定"), rows)
        self.release_dialog.submitted.connect(self.release)
        self.release_dialog.open()

    def release(self, values: dict) -> None:
        day, cands, known = self.services.exam_day, self.services.exam_candidates, self.locked_candidate

        def job():
            cid = known
            if cid is None:
                found = [c for c in cands.find(self._actor, values.get("who", "")) if c.locked]
                if not found:
                    raise NotFoundError("candidate_not_locked", "没有找到被锁定的该考生", "No locked candidate found")
                cid = found[0].id
            day.release(self._actor, cid, values.get("reason", ""))

        self.run(job, self._released)

    def _released(self, _result) -> None:
        self.locked_candidate = None
        self.release_button.setVisible(False)
        self.say("idle", self.tr("已解除锁定：请重新扫码签到"))
        self.ready_for_next()

    def failed(self, exc: CounterDeskError) -> None:
        super().failed(exc)
        if exc.code != "permission_denied":
            self.say("refused", error_text(exc))


class ResultsTab(ExamTab):
    """成绩登记: a session's seats; the score (and the retake) of a checked-in seat; 登记缺考."""

    def _build(self) -> None:
        self._follow_today = True
        self.day = date_edit(self.today())
        self.day.dateChanged.connect(self.on_day_changed)
        self.session = QComboBox()
        self.session.setMinimumWidth(420)
        self.session.currentIndexChanged.connect(self.load_seats)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("考试日期")))
        top.addWidget(self.day)
        top.addWidget(QLabel(self.tr("场次")))
        top.addWidget(self.session, 1)
        w = self.words
        self.seats = RecordTableModel([
            (self.tr("序号"), lambda r: f"{r[1]:03d}"), (self.tr("姓名"), lambda r: r[2]),
            (self.tr("证件号码"), lambda r: r[3]), (self.tr("状态"), lambda r: w.booking_state(r[4])),
            (self.tr("成绩"), lambda r: r[5]), (self.tr("补考成绩"), lambda r: r[6])], self)
        self.seats_view = table_for(self.seats)
        self.empty = QLabel()
        self.empty.setObjectName("pageNote")
        self.score = QLineEdit()
        self.retake = QLineEdit()
        for edit, hint in ((self.score, self.tr("0–100")), (self.retake, self.tr("首次不合格才填"))):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(200)
            edit.setStyleSheet("font-size: 18px; padding: 4px;")
        self.score.returnPressed.connect(self.on_record_requested)
        self.retake.returnPressed.connect(self.on_record_requested)
        self.record_button = QPushButton(self.tr("登记成绩"))
        self.record_button.setObjectName("primaryButton")
        self.record_button.clicked.connect(self.on_record_requested)
        self.no_show_button = QPushButton(self.tr("登记缺考…"))
        self.no_show_button.clicked.connect(self.on_no_shows_requested)
        entry = QHBoxLayout()
        entry.addWidget(QLabel(self.tr("成绩")))
        entry.addWidget(self.score)
        entry.addWidget(QLabel(self.tr("补考成绩")))
        entry.addWidget(self.retake)
        entry.addWidget(self.record_button)
        entry.addStretch(1)
        entry.addWidget(self.no_show_button)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.seats_view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(entry)
        layout.addWidget(self.outcome)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        if self._follow_today:  # the clock may have moved to the next day since the panel was built
            today = self.today()
            self.day.blockSignals(True)
            self.day.setDate(QDate(today.year, today.month, today.day))
            self.day.blockSignals(False)
        self.load_sessions()

    @Slot()
    def on_day_changed(self, *_args) -> None:
        self._follow_today = self.day.date().toPython() == self.today()
        self.load_sessions()

    def load_sessions(self) -> None:
        plans, day = self.services.exam_plans, self.day.date().toPython()
        self.run(lambda: plans.calendar(self._actor, day, day), self._show_sessions)

    def _show_sessions(self, sessions) -> None:
        chosen = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for s in sessions:
            booked = self.tr("已约 {n}").format(n=s.booked)
            self.session.addItem(f"{self.words.half(s.half)} {self.words.subject(s.subject)} {s.site_name}（{booked}）",
                                 s.id)
        self.session.setCurrentIndex(max(0, self.session.findData(chosen)))
        self.session.blockSignals(False)
        self.load_seats()

    @Slot()
    def load_seats(self, *_args) -> None:
        session_id = self.session.currentData()
        if session_id is None:
            self.seats.set_rows([])
            self.empty.setText(self.tr("这一天没有考试场次：换一个日期"))
            return
        day = self.services.exam_day
        self.run(lambda: day.checked_in(self._actor, session_id), self._show_seats)

    def _show_seats(self, rows) -> None:
        current = self.selected_seat()
        self.seats.set_rows(rows)
        waiting = [i for i, r in enumerate(rows) if r[4] == "checked_in"]
        if not rows:
            self.empty.setText(self.tr("本场没有预约的考生"))
        else:
            counts = {s: sum(1 for r in rows if r[4] == s) for s in ("booked", "checked_in", "sat", "no_show")}
            self.empty.setText(self.tr("已签到待登记 {a}　已登记 {b}　未签到 {c}　缺考 {d}").format(
                a=counts["checked_in"], b=counts["sat"], c=counts["booked"], d=counts["no_show"]))
        keep = next((i for i, r in enumerate(rows) if current and r[0] == current[0] and r[4] == "checked_in"), None)
        pick = keep if keep is not None else (waiting[0] if waiting else None)
        if pick is not None:
            self.seats_view.selectRow(pick)

    def selected_seat(self):
        return self.seats.row_at(self.seats_view.currentIndex().row())

    def parse_score(self, edit: QLineEdit, *, optional: bool) -> tuple[bool, int | None]:
        text = edit.text().strip()
        if not text and optional:
            return True, None
        if not text.isdigit() or not 0 <= int(text) <= SCORE_MAX:
            set_status(self.status, self.tr("成绩应为0至100之间的整数"), error=True)
            edit.setFocus()
            edit.selectAll()
            return False, None
        return True, int(text)

    @Slot()
    def on_record_requested(self) -> None:
        seat = self.selected_seat()
        if seat is None or seat[4] != "checked_in":
            set_status(self.status, self.tr("请在表中选定一位已签到、尚未登记成绩的考生"), error=True)
            return
        ok, score = self.parse_score(self.score, optional=False)
        if not ok:
            return
        ok, retake = self.parse_score(self.retake, optional=True)
        if not ok:
            return
        day = self.services.exam_day
        self.run(lambda: day.record_result(self._actor, seat[0], score, retake), lambda r: self._recorded(seat, r))

    def _recorded(self, seat, result) -> None:
        self.last_result = result
        parts = [self.tr("合格") if result.passed else self.tr("不合格")]
        if result.permit_until:
            parts.append(self.tr("学习驾驶证明有效期至 {d}").format(d=formats.day(result.permit_until)))
        if result.voided:
            parts.append(self.tr("已作废：第五次预约考试仍不合格，已合格科目成绩作废"))
        if result.ready:
            parts.append(self.tr("考试合格，可发证"))
        colour = "#1e7b34" if result.passed else "#b3261e"
        self.outcome.setStyleSheet(f"font-size: 20px; font-weight: bold; color: {colour};")
        self.outcome.setText(self.tr("{seat} {name}：{outcome}").format(seat=f"{seat[1]:03d}", name=seat[2],
                                                                       outcome=self.tr("；").join(parts)))
        set_status(self.status, self.tr("成绩已登记"))
        self.score.clear()
        self.retake.clear()
        self.score.setFocus()
        self.load_seats()

    @Slot()
    def on_no_shows_requested(self) -> None:
        session_id = self.session.currentData()
        if session_id is None:
            set_status(self.status, self.tr("请先选择场次"), error=True)
            return
        box = QMessageBox(QMessageBox.Question, self.tr("登记缺考"),
                          self.tr("本场所有未签到的考生都将记为缺考（按不合格处理），确定吗？"),
                          QMessageBox.Yes | QMessageBox.No, self)
        box.button(QMessageBox.Yes).setText(self.tr("登记缺考"))
        box.button(QMessageBox.No).setText(self.tr("取消"))
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.button(QMessageBox.Yes).clicked.connect(lambda: self.mark_no_shows(session_id))
        self.no_show_box = box
        box.open()

    def mark_no_shows(self, session_id: int) -> None:
        day = self.services.exam_day
        self.run(lambda: day.mark_no_shows(self._actor, session_id), self._no_shows_marked)

    def _no_shows_marked(self, n: int) -> None:
        set_status(self.status, self.tr("已登记缺考 {n} 人").format(n=n) if n else self.tr("没有未签到的考生"))
        self.load_seats()
