"""Keeping the kiosk a kiosk: the keys that would end or leave it do nothing, the only way out is the
admin PIN behind a hidden gesture (five taps in the top-right corner within three seconds), and after
a while without a touch it goes home and forgets what was entered.

The window manager's own shortcuts (Alt+Tab, a desktop's Super key) never reach Qt, so they cannot be
blocked here: the kiosk PC's session should run this window alone, with no desktop shell behind it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.ui.kiosk.keypad import KioskField, Keypad
from desktop.ui.kiosk.widgets import KioskEnv, Screen, label, make_button

TAPS, TAP_SECONDS = 5, 3.0
HOTSPOT = 120  # px square in the top-right corner
WARN_SECONDS = 10  # the countdown shown before an idle reset
_ALT, _CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
BLOCKED = {(Qt.Key.Key_F4, _ALT), (Qt.Key.Key_F4, _CTRL), (Qt.Key.Key_Q, _CTRL), (Qt.Key.Key_W, _CTRL)}
ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel,
            QEvent.Type.TabletPress}


def blocked(key: int, modifiers) -> bool:
    """Esc with anything, Alt+F4, Ctrl+F4, Ctrl+Q, Ctrl+W."""
    if key == Qt.Key.Key_Escape:
        return True
    mods = modifiers & (_ALT | _CTRL)
    return any(key == k and mods == m for k, m in BLOCKED)


class KeyGuard(QObject):
    """An application event filter: the blocked keys reach neither a widget nor a shortcut."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.swallowed = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease) \
                and blocked(event.key(), event.modifiers()):
            if kind == QEvent.Type.KeyPress:
                self.swallowed += 1
            event.accept()  # a ShortcutOverride accepted here means no shortcut fires for it
            return True
        return False


class CornerHotspot(QWidget):
    """Invisible, over the top-right corner: five taps within three seconds ask for the admin PIN."""

    triggered = Signal()

    def __init__(self, parent: QWidget, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._taps: list[float] = []
        self.setFixedSize(HOTSPOT, HOTSPOT)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)

    def place(self) -> None:
        parent = self.parentWidget()
        self.move(parent.width() - self.width(), 0)
        self.raise_()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.accept()
        self.tap()

    def tap(self) -> None:
        now = self._monotonic()
        self._taps = [t for t in self._taps if now - t <= TAP_SECONDS] + [now]
        if len(self._taps) >= TAPS:
            self._taps.clear()
            self.triggered.emit()


class IdleWatch(QObject):
    """Any touch or key restarts the count; `warning(seconds left)` in the last ten seconds, then
    `timed_out`. `monotonic` is injectable so tests move time instead of waiting."""

    warning = Signal(int)
    timed_out = Signal()

    def __init__(self, idle_seconds: int, monotonic: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self._monotonic = monotonic
        self.last = monotonic()
        self.timer = QTimer(self, interval=1000, timeout=self.on_tick)

    def start(self) -> None:
        self.poke()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poke(self) -> None:
        self.last = self._monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY:
            self.poke()
        return False

    @Slot()
    def on_tick(self) -> None:
        left = self.idle_seconds - (self._monotonic() - self.last)
        if left <= 0:
            self.poke()
            self.timed_out.emit()
        elif left <= WARN_SECONDS:
            self.warning.emit(int(left + 0.999))
        else:
            self.warning.emit(0)


class PinScreen(Screen):
    """管理员退出: the admin PIN on a digit keypad. A wrong PIN says so and counts toward the lockout."""

    unlocked = Signal()

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.frame(self.tr("管理员退出"))
        page = QWidget()
        cols = self.columns()
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(label(self.tr("仅限管理员：输入PIN后退出自助服务模式。"), "hint"))
        self.field = KioskField("digits", self.tr("管理员PIN"))
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self.on_unlock_requested)
        left.addWidget(self.field)
        row = QHBoxLayout()
        self.unlock_button = make_button(self.tr("确认退出"), "primary")
        self.unlock_button.clicked.connect(self.on_unlock_requested)
        row.addWidget(self.unlock_button)
        left.addLayout(row)
        left.addStretch(1)
        self.keypad = Keypad("digits")
        self.keypad.attach(self.field)
        cols.addLayout(left, 1)
        cols.addWidget(self.keypad, 1)
        page.setLayout(cols)
        self.add_step(page)
        self.show_step(0)

    def enter(self) -> None:
        self.reset()
        self.field.setFocus()

    @Slot()
    def on_unlock_requested(self) -> None:
        pin = self.field.text()
        self.field.clear()
        if not pin:
            self.say(self.tr("请输入管理员PIN"), "error")
            return
        kiosk, hall, name = self.env.kiosk, self.env.hall_code, self.env.name
        self.unlock_button.setEnabled(False)
        self.run(lambda: kiosk.check_pin(name, hall, pin), lambda _: self.unlocked.emit(), self.on_failed)

    def on_failed(self, exc) -> None:
        self.unlock_button.setEnabled(True)
        self.show_error(exc)

    def reset(self) -> None:
        self.field.clear()
        self.unlock_button.setEnabled(True)
        super().reset()
