"""办事指南: ① vehicle or driver business ② the business ③ the materials to bring (key ones starred),
the time limit and fees — printable as a checklist on the kiosk's roll."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from desktop.domain.catalog import PLATE_RULE
from desktop.ui import formats
from desktop.ui.kiosk.printing import PRINTED
from desktop.ui.kiosk.widgets import KioskEnv, Screen, Tile, label, make_button, scrolled
from desktop.ui.notify import ui_language

TOP = Qt.AlignmentFlag.AlignTop


class GuideScreen(Screen):
    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("办事指南"), [self.tr("业务类别"), self.tr("选择业务"), self.tr("所需材料")])
        self.view = None  # the GuideContent shown (read by tests)
        self.chosen: tuple[str, str] | None = None  # (kind, business code)
        self.business_buttons: dict[str, object] = {}

        kinds = QWidget()
        box = QVBoxLayout(kinds)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(28)
        self.kind_tiles = {
            "vehicle": Tile("guide", self.tr("机动车业务"), self.tr("注册、转让、变更、抵押、注销、补换领、检验标志、临牌")),
            "driver": Tile("guide", self.tr("驾驶证业务"), self.tr("初次申领、增驾、换证、补证、审验、体检、注销与恢复")),
        }
        for kind, tile in self.kind_tiles.items():
            tile.clicked.connect(lambda _=False, kind=kind: self.open_kind(kind))
            box.addWidget(tile, 1)
        self.add_step(kinds)

        self.business_holder = QWidget()
        self.business_grid = QGridLayout(self.business_holder)
        self.business_grid.setSpacing(14)
        self.business_grid.setAlignment(TOP)
        self.add_step(scrolled(self.business_holder))

        detail = QWidget()
        cols = self.columns()
        self.materials_holder = QWidget()
        self.materials_box = QVBoxLayout(self.materials_holder)
        self.materials_box.setAlignment(TOP)
        self.materials_box.setSpacing(10)
        cols.addWidget(scrolled(self.materials_holder), 3)
        right = QVBoxLayout()
        right.setSpacing(12)
        self.business_title = label("", "bigValue")
        self.description = label("", "hint")
        self.facts = label("", "card")
        # scrolled: in 大字模式 the English (longer than the Chinese) would be cut off at the bottom
        about = QWidget()
        about_box = QVBoxLayout(about)
        about_box.setContentsMargins(0, 0, 0, 0)
        about_box.setSpacing(12)
        about_box.addWidget(self.business_title)
        about_box.addWidget(self.description)
        about_box.addWidget(self.facts)
        about_box.addStretch(1)
        right.addWidget(scrolled(about), 1)
        self.print_button = make_button(self.tr("打印材料清单"), "primary")
        self.print_button.clicked.connect(self.on_print_requested)
        right.addWidget(self.print_button)
        cols.addLayout(right, 2)
        detail.setLayout(cols)
        self.add_step(detail)
        self.show_step(0)

    def enter(self) -> None:
        self.reset()

    def open_kind(self, kind: str) -> None:
        kiosk = self.env.kiosk
        self.run(lambda: kiosk.guide_entries(kind), self.show_entries)

    def show_entries(self, entries) -> None:
        """Three buttons a row; a group of several gets its heading (a one-business group, such as
        注册登记, is its own heading and flows with the others)."""
        while self.business_grid.count():
            self.business_grid.takeAt(0).widget().deleteLater()
        self.business_buttons = {}
        english = ui_language() == "en"
        groups: dict[str, list] = {}
        for entry in entries:
            groups.setdefault(entry.group, []).append(entry)
        columns, row, col = 3, 0, 0
        for group, members in groups.items():
            if len(members) > 1 or members[0].name != group:
                if col:
                    row, col = row + 1, 0
                heading = members[0].group_en if english and members[0].group_en else group
                self.business_grid.addWidget(label(heading, "fieldLabel"), row, 0, 1, columns)
                row += 1
            for entry in members:
                button = make_button(entry.name_en if english and entry.name_en else entry.name)
                button.clicked.connect(lambda _=False, e=entry: self.open_business(e.kind, e.code))
                self.business_grid.addWidget(button, row, col)
                self.business_buttons[entry.code] = button
                col += 1
                if col == columns:
                    row, col = row + 1, 0
            if len(members) > 1 and col:
                row, col = row + 1, 0
        self.show_step(1)

    def open_business(self, kind: str, code: str) -> None:
        kiosk = self.env.kiosk
        self.chosen = (kind, code)
        self.run(lambda: (kiosk.guide(kind, code), kiosk.guide_catalog(kind)), self.show_guide)

    def show_guide(self, found) -> None:
        """The guide on screen, read from the catalogue in the UI language (`view`, the printed
        guide's content, is Chinese)."""
        view, catalog = found
        self.view = view
        lang = ui_language()
        biz = catalog.business(self.chosen[1])
        while self.materials_box.count():
            self.materials_box.takeAt(0).widget().deleteLater()
        self.materials_box.addWidget(label(self.tr("请携带以下材料（★ 为必须提交的关键材料）"), "hint"))
        for m in biz.materials:
            name, note = escape(m.name_in(lang)), escape(m.note_in(lang))
            name = f"<b>★ {name}</b>" if m.key else f"☆ {name}"
            note = f"<br><span style='color:#52606d'>{note}</span>" if note else ""
            item = label(name + note, "materialKey" if m.key else "material")
            item.setTextFormat(Qt.TextFormat.RichText)
            self.materials_box.addWidget(item)
        self.business_title.setText(biz.name_in(lang))
        limit = self.tr("当日办结") if biz.time_limit_days == 0 else \
            self.tr("{n}个工作日内办结").format(n=biz.time_limit_days)
        agent = self.tr("可委托代理人办理（代理人带本人身份证明和委托书）") if biz.agent_allowed else \
            self.tr("须本人到场办理")
        lines = [self.tr("办结时限：{limit}").format(limit=limit), agent,
                 self.tr("收费：{fees}").format(fees=self.tr("；").join(self.fee_texts(catalog, biz, lang)))]
        self.facts.setText("\n".join(lines))
        description = biz.description_in(lang)
        self.description.setText(description)
        self.description.setVisible(bool(description))
        self.print_button.setEnabled(True)
        self.show_step(2)

    def fee_texts(self, catalog, biz, lang: str) -> list[str]:
        out = []
        for fee in biz.fees:
            if fee.item == PLATE_RULE:  # priced by the 号牌种类, which a guide does not know
                out.append(self.tr("号牌工本费（按号牌种类收取）"))
                continue
            item = catalog.fee_items[fee.item]
            text = self.tr("{name} {amount}/{unit}").format(name=item.name_in(lang), amount=formats.money(item.amount),
                                                            unit=item.unit_in(lang))
            out.append(text + (f" ×{fee.quantity}" if fee.quantity > 1 else ""))
        return out or [self.tr("不收费")]

    @Slot()
    def on_print_requested(self) -> None:
        if self.view is None:
            return
        kiosk, hall, (kind, code) = self.env.kiosk, self.env.hall_code, self.chosen
        self.print_button.setEnabled(False)
        self.say(self.tr("正在打印材料清单…"))
        self.run(lambda: kiosk.guide_pdf(hall, kind, code),
                 lambda pdf: self.print_document(pdf, self.tr("办事指南"), self.on_printed))

    def on_printed(self, outcome: str) -> None:
        self.print_button.setEnabled(True)
        if outcome == PRINTED:
            self.say(self.tr("材料清单已打印，请取走"), "ok")
        else:
            self.say(self.tr("未能打印：请拍照留存本页，或到咨询台领取纸质指南"), "error")

    def reset(self) -> None:
        self.view = self.chosen = None
        super().reset()

    def set_scale(self, scale: float) -> None:
        for tile in self.kind_tiles.values():
            tile.set_scale(scale)
