"""The on-screen keypad and the fields it types into. A kiosk has no keyboard: an ID number takes
0–9 and X; a 受理编号 or 预约码 takes letters too; the PIN digits only. A card reader or a scanner is
a keyboard that types the whole value and Enter into the focused field — the same field.

The keys never take the focus, so a tap on a key leaves the cursor in the field being filled."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

# (row, column, row span, column span) per key; "back" is 退格 and "clear" is 清空.
_ID = [(ch, r, c, 1, 1) for r, row in enumerate(("123", "456", "789")) for c, ch in enumerate(row)]
MODES = {
    "id": _ID + [("X", 3, 0, 1, 1), ("0", 3, 1, 1, 1), ("back", 3, 2, 1, 1), ("clear", 0, 3, 4, 1)],
    "digits": _ID + [("clear", 3, 0, 1, 1), ("0", 3, 1, 1, 1), ("back", 3, 2, 1, 1)],
    # a ticket number: the category letters over a phone pad
    "ticket": [(ch, 0, c, 1, 1) for c, ch in enumerate("ABCD")] + [(ch, 1 + i // 3, i % 3, 1, 1)
                                                                   for i, ch in enumerate("123456789")]
    + [("0", 4, 0, 1, 3), ("back", 1, 3, 2, 1), ("clear", 3, 3, 2, 1)],
    # a keyboard's rows, two grid columns a key so rows can sit half a key apart; no I or O (codes avoid them)
    "code": [(ch, 0, 2 * i, 1, 2) for i, ch in enumerate("1234567890")]
    + [(ch, 1, 2 + 2 * i, 1, 2) for i, ch in enumerate("QWERTYUP")]
    + [(ch, 2, 1 + 2 * i, 1, 2) for i, ch in enumerate("ASDFGHJKL")]
    + [(ch, 3, 2 * i, 1, 2) for i, ch in enumerate("ZXCVBNM")] + [("back", 3, 14, 1, 3), ("clear", 3, 17, 1, 3)],
}
ALLOWED = {"id": "[0-9Xx]{0,18}", "digits": "[0-9]{0,12}", "code": "[0-9A-Za-z]{0,20}",
           "ticket": "[0-9A-Za-z.]{0,100}"}  # a ticket number, or the slip's QR text as a scanner types it


class KioskField(QLineEdit):
    """A field the keypad types into; says when it gets the focus so the keypad follows it.
    Letters are upper-cased as they come (a card reader may type a small x)."""

    focused = Signal(object)

    def __init__(self, mode: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setPlaceholderText(placeholder)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no copy/paste menu on a kiosk
        self.setValidator(QRegularExpressionValidator(QRegularExpression(ALLOWED[mode]), self))
        self.textEdited.connect(self.on_text_edited)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self.focused.emit(self)

    @Slot(str)
    def on_text_edited(self, text: str) -> None:
        if text != text.upper():
            pos = self.cursorPosition()
            self.setText(text.upper())
            self.setCursorPosition(pos)


class Keypad(QWidget):
    """Keys for the attached field: characters, 退格 and 清空. `mode` picks the layout."""

    def __init__(self, mode: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: KioskField | None = None
        self.mode = ""
        self.keys: dict[str, QPushButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(10)
        self.set_mode(mode)

    def attach(self, field: KioskField) -> None:
        self.target = field
        if field.mode != self.mode:
            self.set_mode(field.mode)

    def set_mode(self, mode: str) -> None:
        if mode == self.mode:
            return
        self.mode = mode
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.keys = {}
        for name, row, col, rows, cols in MODES[mode]:
            if name == "back":
                button = self._key(self.tr("退格"), "keyWide")
                button.clicked.connect(self.on_backspace)
            elif name == "clear":
                button = self._key(self.tr("清空"), "keyWide")
                button.clicked.connect(self.on_clear)
            else:
                button = self._key(name, "key")
                button.clicked.connect(lambda _=False, ch=name: self.type_text(ch))
            self._grid.addWidget(button, row, col, rows, cols)
            self.keys[name] = button

    def _key(self, text: str, kind: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("kind", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(kind == "keyWide")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return button

    def type_text(self, text: str) -> None:
        if self.target is not None:
            self.target.insert(text)
            self.target.setFocus()

    @Slot()
    def on_backspace(self) -> None:
        if self.target is not None:
            self.target.backspace()
            self.target.setFocus()

    @Slot()
    def on_clear(self) -> None:
        if self.target is not None:
            self.target.clear()
            self.target.setFocus()
