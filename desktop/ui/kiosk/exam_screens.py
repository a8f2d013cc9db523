"""科目一自主预约 and 补打准考证: an ID number with a second secret (the 受理编号 from the acceptance
notice, or the 预约码 from the admission ticket). Failed look-ups count toward the kiosk's lockout
(services/kiosk.py); what comes back is masked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import formats
from desktop.ui.kiosk.keypad import KioskField, Keypad
from desktop.ui.kiosk.printing import PRINTED
from desktop.ui.kiosk.widgets import KioskEnv, Screen, label, make_button, restyle, scrolled

CENTER = Qt.AlignmentFlag.AlignCenter


class CredentialsForm(QWidget):
    """身份证号 + a code, with the keypad following the field being filled. A card reader types the
    ID number and Enter: the cursor moves on to the code; Enter there submits."""

    submitted = Signal()

    def __init__(self, screen: Screen, code_label: str, code_hint: str, action: str) -> None:
        super().__init__()
        cols = screen.columns()
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(label(self.tr("身份证号"), "fieldLabel"))
        self.id_field = KioskField("id", self.tr("刷身份证或输入身份证号"))
        left.addWidget(self.id_field)
        left.addSpacing(12)
        left.addWidget(label(code_label, "fieldLabel"))
        self.code_field = KioskField("code", code_hint)
        left.addWidget(self.code_field)
        left.addSpacing(12)
        self.submit_button = make_button(action, "primary")
        self.submit_button.clicked.connect(self.on_submit_requested)
        left.addWidget(self.submit_button)
        left.addStretch(1)
        self.keypad = Keypad("id")
        self.keypad.attach(self.id_field)
        for field in (self.id_field, self.code_field):
            field.focused.connect(self.keypad.attach)
        self.id_field.returnPressed.connect(self.code_field.setFocus)
        self.code_field.returnPressed.connect(self.on_submit_requested)
        cols.addLayout(left, 2)
        cols.addWidget(self.keypad, 3)
        self.setLayout(cols)

    @Slot()
    def on_submit_requested(self) -> None:
        self.submitted.emit()

    def values(self) -> tuple[str, str]:
        return self.id_field.text().strip(), self.code_field.text().strip()

    def clear(self) -> None:
        self.id_field.clear()
        self.code_field.clear()
        self.id_field.setFocus()
        self.keypad.attach(self.id_field)
        self.submit_button.setEnabled(True)


def code_step(hint: str) -> tuple[QWidget, QLabel, QLabel]:
    """The last step of booking and of reprinting: the booking code large, the session under it."""
    done = QWidget()
    box = QVBoxLayout(done)
    box.addStretch(1)
    box.addWidget(label(hint, "hint", align=CENTER))
    code = label("", "bigValue", wrap=False, align=CENTER)
    box.addWidget(code, 0, Qt.AlignmentFlag.AlignHCenter)
    booked_line = label("", "fieldLabel", align=CENTER)
    box.addWidget(booked_line)
    box.addStretch(1)
    return done, code, booked_line


class BookingScreen(Screen):
    """科目一自主预约: ① ID number + 受理编号 ② a session ③ confirm → booked, the ticket printed."""

    result_step = 3

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("科目一预约"), [self.tr("核验身份"), self.tr("选择场次"), self.tr("确认预约")])
        self.candidate = None
        self.chosen = None
        self.booking = None  # the PrintedBooking shown (read by tests)
        self.portrait = False
        self.form = CredentialsForm(self, self.tr("受理编号（见受理凭证，如 DC26112600001）"),
                                    self.tr("输入受理编号"), self.tr("查询可预约场次"))
        self.form.submitted.connect(self.on_lookup_requested)
        self.add_step(self.form)

        sessions = QWidget()
        box = QVBoxLayout(sessions)
        box.setContentsMargins(0, 0, 0, 0)
        self.who = label("", "card")
        box.addWidget(self.who)
        box.addWidget(label(self.tr("请点选考试场次（上午 08:30–11:30，下午 14:00–17:00）"), "hint"))
        holder = QWidget()
        self.session_grid = QGridLayout(holder)
        self.session_grid.setHorizontalSpacing(18)
        self.session_grid.setVerticalSpacing(14)
        self.session_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.session_grid.setColumnStretch(1, 1)
        self.session_grid.setColumnStretch(2, 1)
        box.addWidget(scrolled(holder), 1)
        self.session_buttons = []
        self.add_step(sessions)

        confirm = QWidget()
        box = QVBoxLayout(confirm)
        box.addWidget(label(self.tr("请核对预约信息，无误后点“确认预约”"), "hint"))
        card = QFrame()
        card.setObjectName("resultCard")
        self.summary = QGridLayout(card)
        self.summary.setContentsMargins(36, 24, 36, 24)
        self.summary.setHorizontalSpacing(28)
        self.summary.setVerticalSpacing(16)
        self.summary_values = {}
        for row, (key, text) in enumerate((("who", self.tr("考生")), ("subject", self.tr("科目")),
                                           ("when", self.tr("时间")), ("where", self.tr("考场")))):
            self.summary.addWidget(label(text, "fieldLabel"), row, 0, Qt.AlignmentFlag.AlignTop)
            value = label("", "value")
            self.summary.addWidget(value, row, 1)
            self.summary_values[key] = value
        self.summary.setColumnStretch(1, 1)
        box.addWidget(card)
        box.addStretch(1)
        self.confirm_button = make_button(self.tr("确认预约"), "primary")
        self.confirm_button.setMinimumWidth(420)
        self.confirm_button.clicked.connect(self.on_confirm_requested)
        box.addWidget(self.confirm_button, 0, CENTER)
        box.addStretch(1)
        self.add_step(confirm)

        done, self.code, self.booked_line = code_step(self.tr("预约成功，您的预约码"))
        self.add_step(done)
        self.show_step(0)

    def enter(self) -> None:
        self.reset()
        self.form.id_field.setFocus()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        if portrait != self.portrait:
            self.portrait = portrait
            if self.candidate is not None:
                self.show_sessions(self.candidate, keep_step=True)

    @Slot()
    def on_lookup_requested(self) -> None:
        id_number, code = self.form.values()
        if not id_number or not code:
            self.say(self.tr("请输入身份证号和受理编号"), "error")
            return
        kiosk, hall, name = self.env.kiosk, self.env.hall_code, self.env.name
        self.form.submit_button.setEnabled(False)
        self.say(self.tr("正在查询…"))
        self.run(lambda: kiosk.find_candidate(name, hall, id_number, code), self.show_sessions, self.on_failed)

    def on_failed(self, exc) -> None:
        self.form.submit_button.setEnabled(True)
        self.confirm_button.setEnabled(True)
        self.show_error(exc)

    def show_sessions(self, cand, keep_step: bool = False) -> None:
        self.candidate = cand
        self.form.submit_button.setEnabled(True)
        sites = {c.site_name for c in cand.sessions}
        who = self.tr("考生 {name}　身份证 {id}　准驾车型 {cls}").format(
            name=cand.name_masked, id=cand.id_masked, cls=cand.cls)
        if len(sites) == 1:
            who += "\n" + self.tr("考场：{site}").format(site=next(iter(sites)))
        self.who.setText(who)
        while self.session_grid.count():
            self.session_grid.takeAt(0).widget().deleteLater()
        self.session_buttons = []
        row, day, col = -1, None, 1
        for choice in cand.sessions:
            if choice.day != day:
                day, row, col = choice.day, row + 1, 1
                heading = label(f"{formats.month_day(choice.day)} {self.weekday(choice.day)}", "fieldLabel", wrap=False)
                if self.portrait:  # the day over its sessions: a narrow screen has no room beside them
                    self.session_grid.addWidget(heading, row, 1, 1, 2)
                    row += 1
                else:
                    self.session_grid.addWidget(heading, row, 0)
            if choice.half_code == "pm":
                col = max(col, 2)  # afternoons in the second column, under each other
            text = self.tr("{half}　余 {seats} 座").format(half=self.half_name(choice), seats=choice.seats_left)
            if len(sites) > 1:
                text += "\n" + choice.site_name
            button = make_button(text, "choice")
            button.clicked.connect(lambda _=False, c=choice: self.choose(c))
            self.session_grid.addWidget(button, row, col)
            self.session_buttons.append(button)
            col += 1
        if keep_step:
            return
        self.show_step(1)
        if not cand.sessions:
            self.say(self.bilingual(cand.reason_zh, cand.reason_en), "error")

    def choose(self, choice) -> None:
        self.chosen = choice
        cand = self.candidate
        where = choice.site_name + (f"\n{choice.site_address}" if choice.site_address else "")
        self.summary_values["who"].setText(self.tr("{name}（{cls}）").format(name=cand.name_masked, cls=cand.cls))
        self.summary_values["subject"].setText(self.tr("科目一（道路交通安全法律、法规和相关知识）"))
        self.summary_values["when"].setText(f"{formats.long_day(choice.day)} {self.weekday(choice.day)} "
                                             f"{self.half_name(choice)}")
        self.summary_values["where"].setText(where)
        self.confirm_button.setEnabled(True)
        self.show_step(2)

    @Slot()
    def on_confirm_requested(self) -> None:
        if self.chosen is None:
            return
        id_number, code = self.form.values()
        kiosk, hall, name, session_id = self.env.kiosk, self.env.hall_code, self.env.name, self.chosen.session_id
        self.confirm_button.setEnabled(False)
        self.say(self.tr("正在预约…"))
        self.run(lambda: kiosk.book(name, hall, id_number, code, session_id), self.show_booked, self.on_failed)

    def show_booked(self, booked) -> None:
        self.booking = booked
        self.form.clear()  # the ID number and 受理编号 are not kept once booked
        restyle(self.code, "bigValue")
        self.code.setText(booked.code)
        self.booked_line.setText(self.tr("{session}　{site}").format(session=self.booked_session(booked),
                                                                     site=booked.site_name))
        self.show_step(3)
        self.say(self.tr("正在打印准考证…"))
        self.print_document(booked.ticket_pdf, self.tr("准考证"), self.on_printed)

    def on_printed(self, outcome: str) -> None:
        if outcome == PRINTED:
            self.say(self.tr("准考证已打印，请取走。考试当天请携带身份证和准考证"), "ok")
            return
        restyle(self.code, "codeAlert")  # nothing printed: larger and framed, to note down or photograph
        self.say(self.tr("未能打印准考证：请记下上面的预约码，凭身份证号和预约码可在本机补打，或到窗口打印"), "error")

    def reset(self) -> None:
        self.form.clear()
        self.candidate = self.chosen = self.booking = None
        self.who.clear()
        for value in self.summary_values.values():
            value.clear()
        self.code.clear()
        self.booked_line.clear()
        super().reset()


class ReprintScreen(Screen):
    """补打准考证: ① ID number + 预约码 → the same ticket printed again."""

    result_step = 1

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("补打准考证"), [self.tr("核验身份"), self.tr("打印完成")])
        self.booking = None
        self.form = CredentialsForm(self, self.tr("预约码（8位，见准考证）"), self.tr("输入预约码"),
                                    self.tr("补打准考证"))
        self.form.submitted.connect(self.on_reprint_requested)
        self.add_step(self.form)
        done, self.code, self.booked_line = code_step(self.tr("预约码"))
        self.add_step(done)
        self.show_step(0)

    def enter(self) -> None:
        self.reset()
        self.form.id_field.setFocus()

    @Slot()
    def on_reprint_requested(self) -> None:
        id_number, code = self.form.values()
        if not id_number or not code:
            self.say(self.tr("请输入身份证号和预约码"), "error")
            return
        kiosk, hall, name = self.env.kiosk, self.env.hall_code, self.env.name
        self.form.submit_button.setEnabled(False)
        self.say(self.tr("正在查询…"))
        self.run(lambda: kiosk.reprint(name, hall, id_number, code), self.show_booking, self.on_failed)

    def on_failed(self, exc) -> None:
        self.form.submit_button.setEnabled(True)
        self.show_error(exc)

    def show_booking(self, booked) -> None:
        self.booking = booked
        self.form.clear()
        restyle(self.code, "bigValue")
        self.code.setText(booked.code)
        self.booked_line.setText(self.tr("{name}　{session}　{site}").format(
            name=booked.name_masked, session=self.booked_session(booked), site=booked.site_name))
        self.show_step(1)
        self.say(self.tr("正在打印准考证…"))
        self.print_document(booked.ticket_pdf, self.tr("准考证"), self.on_printed)

    def on_printed(self, outcome: str) -> None:
        if outcome == PRINTED:
            self.say(self.tr("准考证已打印，请取走"), "ok")
            return
        restyle(self.code, "codeAlert")  # nothing printed: larger and framed, to note down or photograph
        self.say(self.tr("未能打印准考证：请到窗口打印，或稍后再试"), "error")

    def reset(self) -> None:
        self.form.clear()
        self.booking = None
        self.code.clear()
        self.booked_line.clear()
        super().reset()
