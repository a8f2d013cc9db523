"""首页, 取号 and 排队查询: the screens most people use. Each flow is three steps or fewer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from desktop.ui.kiosk.keypad import KioskField, Keypad
from desktop.ui.kiosk.printing import NO_PRINTER, PRINTED
from desktop.ui.kiosk.widgets import KioskEnv, Screen, Tile, label, make_button, restyle

CENTER = Qt.AlignmentFlag.AlignCenter


class HomeScreen(QWidget):
    """Five tiles, one word each (and a line saying what it does)."""

    open_requested = Signal(str)

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(24)
        layout.addWidget(label(self.tr("请触摸选择您要办理的业务"), "screenTitle", wrap=False, align=CENTER))
        grid = QGridLayout()
        grid.setSpacing(28)
        self.tiles = {
            "ticket": Tile("ticket", self.tr("取号"), self.tr("选择业务，领取排队号；可刷身份证实名取号")),
            "queue": Tile("queue", self.tr("排队查询"), self.tr("扫描号票二维码或输入号码，查看前面还有几人")),
            "booking": Tile("booking", self.tr("科目一预约"), self.tr("凭身份证号和受理编号，自主预约科目一考试")),
            "reprint": Tile("reprint", self.tr("补打准考证"), self.tr("凭身份证号和预约码，补打考试准考证")),
            "guide": Tile("guide", self.tr("办事指南"), self.tr("办理各项业务需要携带哪些材料，可打印清单")),
        }
        self.grid = grid
        for key, tile in self.tiles.items():
            tile.clicked.connect(lambda _=False, key=key: self.open_requested.emit(key))
        self.portrait = None
        self.set_portrait(False)
        layout.addLayout(grid, 1)

    def reset(self) -> None:
        pass

    def set_portrait(self, portrait: bool) -> None:
        """Two tiles a row and 办事指南 across on a landscape screen; one a row on a portrait one."""
        if portrait == self.portrait:
            return
        self.portrait = portrait
        places = [(n, 0, 1) for n in range(5)] if portrait else [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2)]
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for tile, (row, col, span) in zip(self.tiles.values(), places, strict=True):
            self.grid.addWidget(tile, row, col, 1, span)
        for n in range(5):
            self.grid.setRowStretch(n, 1 if portrait or n < 3 else 0)

    def set_scale(self, scale: float) -> None:
        for tile in self.tiles.values():
            tile.set_scale(scale)


class TicketScreen(Screen):
    """取号: ① the business ② an ID number if you like (keypad, card reader) ③ the number, printed."""

    result_step = 2

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("取号"), [self.tr("选择业务"), self.tr("实名（可选）"), self.tr("取号完成")])
        self.category: str | None = None
        self.category_tiles: dict[str, Tile] = {}
        self.last_ticket = None  # the TakenTicket shown (read by tests)

        choose = QWidget()
        box = QVBoxLayout(choose)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label(self.tr("请选择要办理的业务类别"), "hint"))
        self.category_grid = QGridLayout()
        self.category_grid.setSpacing(24)
        box.addLayout(self.category_grid, 1)
        self.add_step(choose)

        identity = QWidget()
        cols = self.columns()
        left = QVBoxLayout()
        left.setSpacing(18)
        self.chosen = label("", "fieldLabel")
        left.addWidget(self.chosen)
        left.addWidget(label(self.tr("身份证号（可选）：请刷身份证，或用右侧键盘输入。实名取号可享受预约签到和60岁以上优先。"),
                             "hint"))
        self.id_field = KioskField("id", self.tr("在此输入身份证号"))
        self.id_field.returnPressed.connect(self.on_take_requested)
        left.addWidget(self.id_field)
        buttons = QHBoxLayout()
        self.skip_button = make_button(self.tr("不输入，直接取号"))
        self.take_button = make_button(self.tr("实名取号"), "primary")
        self.skip_button.clicked.connect(self.on_skip_requested)
        self.take_button.clicked.connect(self.on_take_requested)
        buttons.addWidget(self.skip_button, 1)
        buttons.addWidget(self.take_button, 1)
        left.addLayout(buttons)
        left.addStretch(1)
        self.keypad = Keypad("id")
        self.keypad.attach(self.id_field)
        self.id_field.focused.connect(self.keypad.attach)
        cols.addLayout(left, 3)
        cols.addWidget(self.keypad, 2)
        identity.setLayout(cols)
        self.add_step(identity)

        done = QWidget()
        box = QVBoxLayout(done)
        box.addStretch(1)
        self.category_line = label("", "hint", align=CENTER)
        box.addWidget(self.category_line)
        self.number_frame = QFrame()
        self.number_frame.setObjectName("numberFrame")
        inner = QVBoxLayout(self.number_frame)
        inner.setContentsMargins(48, 0, 48, 0)
        self.number = label("", "hugeNumber", wrap=False, align=CENTER)
        inner.addWidget(self.number)
        box.addWidget(self.number_frame, 0, Qt.AlignmentFlag.AlignHCenter)
        self.wait_line = label("", "bigValue", align=CENTER)
        box.addWidget(self.wait_line)
        self.name_line = label("", "hint", align=CENTER)
        box.addWidget(self.name_line)
        box.addStretch(1)
        self.add_step(done)
        self.show_step(0)

    # --- ① the business ---------------------------------------------------------------------------
    def enter(self) -> None:
        self.reset()
        kiosk, hall = self.env.kiosk, self.env.hall_code
        self.run(lambda: kiosk.categories(hall), self.show_categories)

    def show_categories(self, categories) -> None:
        while self.category_grid.count():
            self.category_grid.takeAt(0).widget().deleteLater()
        self.category_tiles = {}
        columns = 2 if len(categories) > 3 else 1
        for n, c in enumerate(categories):
            if c.open_now:
                note = self.tr("等候 {n} 人").format(n=c.waiting)
            else:
                note = self.tr("取号时间 {hours}，现在不能取号").format(hours=c.hours)
            tile = Tile("ticket", f"{c.code}  {c.name}", note, icon=False)
            tile.set_scale(self.env.scale)
            tile.setEnabled(c.open_now)
            tile.clicked.connect(lambda _=False, c=c: self.choose(c.code, c.name))
            self.category_grid.addWidget(tile, n // columns, n % columns)
            self.category_tiles[c.code] = tile
        if not categories:
            self.say(self.tr("暂无可取号的业务，请到咨询台"), "error")

    def choose(self, code: str, name: str) -> None:
        self.category = code
        self.chosen.setText(self.tr("您选择了：{name}").format(name=name))
        self.id_field.clear()
        self.show_step(1)
        self.id_field.setFocus()

    # --- ② take it ------------------------------------------------------------------------------------
    @Slot()
    def on_skip_requested(self) -> None:
        self.id_field.clear()
        self.take(None)

    @Slot()
    def on_take_requested(self) -> None:
        number = self.id_field.text().strip()
        if not number:
            self.say(self.tr("请先输入身份证号，或点“不输入，直接取号”"), "error")
            return
        self.take(number)

    def take(self, id_number: str | None) -> None:
        if self.category is None:
            return
        kiosk, hall, code = self.env.kiosk, self.env.hall_code, self.category
        self.skip_button.setEnabled(False)
        self.take_button.setEnabled(False)
        self.say(self.tr("正在取号，请稍候…"))
        self.run(lambda: kiosk.take(hall, code, id_number), self.show_ticket, self.on_take_failed)

    def on_take_failed(self, exc) -> None:
        self.skip_button.setEnabled(True)
        self.take_button.setEnabled(True)
        self.show_error(exc)

    # --- ③ the number ---------------------------------------------------------------------------------
    def show_ticket(self, ticket) -> None:
        self.last_ticket = ticket
        self.id_field.clear()  # the ID number is not kept a moment longer than needed
        self.skip_button.setEnabled(True)
        self.take_button.setEnabled(True)
        restyle(self.number_frame, "numberFrame")
        self.number.setText(ticket.label)
        self.category_line.setText(self.tr("{category} · 您的号码").format(category=ticket.category_name))
        if ticket.estimate_minutes is None:
            wait = self.tr("前面 {n} 人 · 窗口暂未开放").format(n=ticket.people_ahead)
        else:
            wait = self.tr("前面 {n} 人 · 预计等候约 {m} 分钟").format(n=ticket.people_ahead, m=ticket.estimate_minutes)
        self.wait_line.setText(wait)
        name = self.tr("实名：{name}").format(name=ticket.name_masked) if ticket.name_masked else ""
        if ticket.priority:
            name = (name + "　" if name else "") + self.tr("绿色通道优先")
        self.name_line.setText(name)
        self.name_line.setVisible(bool(name))
        self.show_step(2)
        self.say(self.tr("正在打印号票…"))
        self.print_document(ticket.slip_pdf, f"{ticket.label}", self.on_printed)

    def on_printed(self, outcome: str) -> None:
        if outcome == PRINTED:
            self.say(self.tr("号票已打印，请取走号票，留意叫号屏和语音提示"), "ok")
            return
        restyle(self.number_frame, "alertFrame")  # nothing printed: framed, to remember or photograph
        if outcome == NO_PRINTER:
            self.say(self.tr("未连接打印机，号票没有打印出来：请记住上面的号码，或拍照留存"), "error")
        else:
            self.say(self.tr("打印失败：请记住上面的号码，或到咨询台补打"), "error")

    def reset(self) -> None:
        self.category = None
        self.id_field.clear()
        self.number.clear()
        self.last_ticket = None
        self.skip_button.setEnabled(True)
        self.take_button.setEnabled(True)
        super().reset()

    def set_scale(self, scale: float) -> None:
        for tile in self.category_tiles.values():
            tile.set_scale(scale)


class QueueScreen(Screen):
    """排队查询: scan the slip's QR (the scanner types it and Enter) or type the number."""

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("排队查询"))
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(18)
        box.addWidget(label(self.tr("请将号票二维码对准扫描口，或输入号票上的号码（如 A023）"), "hint"))
        row = QHBoxLayout()
        self.field = KioskField("ticket", self.tr("号码"))
        self.field.returnPressed.connect(self.on_query_requested)
        self.query_button = make_button(self.tr("查询"), "primary")
        self.query_button.setMinimumWidth(220)
        self.query_button.clicked.connect(self.on_query_requested)
        row.addWidget(self.field, 1)
        row.addWidget(self.query_button)
        box.addLayout(row)
        cols = self.columns()
        self.keypad = Keypad("ticket")
        self.keypad.attach(self.field)
        cols.addWidget(self.keypad, 2)
        self.result_box = QFrame()
        self.result_box.setObjectName("resultCard")
        result = QVBoxLayout(self.result_box)
        result.setSpacing(10)
        result.addStretch(1)
        self.result_label = label("", "resultNumber", wrap=False, align=CENTER)
        self.result_category = label("", "fieldLabel", align=CENTER)
        self.result_state = label("", "bigValue", align=CENTER)
        self.result_wait = label("", "value", align=CENTER)
        for widget in (self.result_label, self.result_category, self.result_state, self.result_wait):
            result.addWidget(widget)
        result.addStretch(1)
        cols.addWidget(self.result_box, 3)
        box.addLayout(cols, 1)
        self.add_step(page)
        self.position = None  # the QueuePosition shown (read by tests)
        self.reset()

    def enter(self) -> None:
        self.reset()
        self.field.setFocus()

    @Slot()
    def on_query_requested(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.say(self.tr("请输入号码，或扫描号票二维码"), "error")
            return
        kiosk, hall = self.env.kiosk, self.env.hall_code
        self.say(self.tr("正在查询…"))
        self.run(lambda: kiosk.queue_position(hall, text), self.show_position)

    def show_position(self, pos) -> None:
        self.position = pos
        self.say("")
        self.field.clear()
        self.result_label.setText(pos.label)
        self.result_category.setText(pos.category_name)
        self.result_state.setText(self.bilingual(pos.state_zh, pos.state_en))
        if pos.people_ahead is not None:
            wait = self.tr("前面还有 {n} 人").format(n=pos.people_ahead)
            if pos.estimate_minutes is not None:
                wait += "\n" + self.tr("预计约 {m} 分钟").format(m=pos.estimate_minutes)
            self.result_wait.setText(wait)
        else:
            self.result_wait.clear()
        self.result_box.setVisible(True)
        self.field.setFocus()

    def reset(self) -> None:
        self.field.clear()
        self.position = None
        for widget in (self.result_label, self.result_category, self.result_state, self.result_wait):
            widget.clear()
        self.result_box.setVisible(False)
        super().reset()
