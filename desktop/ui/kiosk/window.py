"""The kiosk window (自助服务终端): fullscreen, frameless, one screen at a time under a header with the
hall's name, the 大字模式 toggle and the clock. Nothing here leads to a clerk's function: every call
goes through the KioskService as the kiosk actor."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from desktop.services.base import HALL_ZONE
from desktop.ui.dbop import DbWorker
from desktop.ui.kiosk.exam_screens import BookingScreen, ReprintScreen
from desktop.ui.kiosk.guide_screen import GuideScreen
from desktop.ui.kiosk.lockdown import CornerHotspot, IdleWatch, KeyGuard, PinScreen
from desktop.ui.kiosk.printing import Printer, print_silently
from desktop.ui.kiosk.screens import HomeScreen, QueueScreen, TicketScreen
from desktop.ui.kiosk.style import LARGE_SCALE, stylesheet
from desktop.ui.kiosk.widgets import KioskEnv, label, make_button


class KioskWindow(QWidget):
    """`kiosk` is the KioskService, `config` its KioskConfig for this hall; `printer` prints a PDF
    silently (tests pass a fake); `monotonic` drives the idle count and the corner taps; `now` the
    clock shown. With `lockdown` the blocked keys are swallowed application-wide while it lives."""

    exit_requested = Signal()
    screen_changed = Signal(str)

    def __init__(self, kiosk, config, worker: DbWorker, *, name: str = "kiosk", printer: Printer = print_silently,
                 monotonic: Callable[[], float] = time.monotonic, now: Callable[[], datetime] | None = None,
                 lockdown: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lockdown, self.may_close = lockdown, False
        self.refused_closes = 0  # close requests turned down (read by the tests)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(self.tr("自助服务终端"))
        if lockdown:
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
        self.config = config
        self._now = now or (lambda: datetime.now(HALL_ZONE))
        self.print_worker = DbWorker(self)
        self.env = KioskEnv(kiosk, config.hall_code, name, worker, self.print_worker, printer)
        worker.default_failure = self.on_unhandled_error

        header = QFrame()
        header.setObjectName("kioskHeader")
        top = QHBoxLayout(header)
        top.setContentsMargins(36, 14, 36, 14)
        top.setSpacing(28)
        self.hall_label = label(self.tr("{hall} 自助服务").format(hall=config.hall_name), "hallName")
        top.addWidget(self.hall_label, 1)
        self.large_button = make_button(self.tr("大字模式"), "large")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self.on_large_toggled)
        top.addWidget(self.large_button)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        self.clock_label = label("", "clock", wrap=False, align=Qt.AlignmentFlag.AlignRight)
        self.date_label = label("", "clockDate", wrap=False, align=Qt.AlignmentFlag.AlignRight)
        clock.addWidget(self.clock_label)
        clock.addWidget(self.date_label)
        top.addLayout(clock)

        self.stack = QStackedWidget()
        self.home = HomeScreen(self.env)
        self.screens = {
            "home": self.home, "ticket": TicketScreen(self.env), "queue": QueueScreen(self.env),
            "booking": BookingScreen(self.env), "reprint": ReprintScreen(self.env), "guide": GuideScreen(self.env),
            "pin": PinScreen(self.env),
        }
        for key, screen in self.screens.items():
            self.stack.addWidget(screen)
            if key != "home":
                screen.home_requested.connect(self.go_home)
        self.home.open_requested.connect(self.open_screen)
        self.screens["pin"].unlocked.connect(self.on_unlocked)

        footer = QFrame()
        footer.setObjectName("kioskFooter")
        bottom = QHBoxLayout(footer)
        bottom.setContentsMargins(36, 8, 36, 8)
        bottom.addWidget(label(self.tr("请妥善保管身份证件和号票 · 需要帮助请到咨询台"), "footerNote", wrap=False))
        bottom.addStretch(1)
        self.idle_label = label("", "idleWarning", wrap=False)
        bottom.addWidget(self.idle_label)

        layout = QVBoxLayout(self)
        # The screen's size rules, not the widest page's minimum (a portrait kiosk stacks the pages
        # that a landscape one puts side by side: see resizeEvent).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(footer)

        self.hotspot = CornerHotspot(self, monotonic)
        self.hotspot.triggered.connect(self.on_exit_gesture)
        self.idle = IdleWatch(config.idle_seconds, monotonic, self)
        self.idle.warning.connect(self.on_idle_warning)
        self.idle.timed_out.connect(self.on_idle_timeout)
        self.key_guard = KeyGuard(self) if lockdown else None
        self._filters_on = False
        self._clock = QTimer(self, interval=1000, timeout=self.on_clock)
        self.set_large(False)
        self.on_clock()

    # --- life -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Watch for input (idle count, blocked keys) and tick the clock: call once shown."""
        app = QApplication.instance()
        if not self._filters_on:
            if self.key_guard is not None:
                app.installEventFilter(self.key_guard)
            app.installEventFilter(self.idle)
            self._filters_on = True
        self.idle.start()
        self._clock.start()
        self.hotspot.place()

    def stop(self) -> None:
        app = QApplication.instance()
        if self._filters_on and app is not None:
            if self.key_guard is not None:
                app.removeEventFilter(self.key_guard)
            app.removeEventFilter(self.idle)
            self._filters_on = False
        self.idle.stop()
        self._clock.stop()
        self.print_worker.drain()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        portrait = self.height() > self.width() * 1.15
        for screen in self.screens.values():
            screen.set_portrait(portrait)
        self.hotspot.place()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Alt+F4 through the window manager, a WM close request, QWindow.close(): all refused
        until the admin PIN has been given."""
        if self.may_close or not self.lockdown:
            self.stop()
            event.accept()
            return
        self.refused_closes += 1
        event.ignore()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if (getattr(self, "lockdown", False) and not self.may_close and event.type() == QEvent.Type.WindowStateChange
                and self.windowState() & Qt.WindowState.WindowMinimized):
            QTimer.singleShot(0, self.showFullScreen)  # minimised somehow: back to full screen

    # --- screens --------------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return next(k for k, s in self.screens.items() if s is self.stack.currentWidget())

    @Slot(str)
    def open_screen(self, key: str) -> None:
        screen = self.screens[key]
        self.stack.setCurrentWidget(screen)
        if hasattr(screen, "enter"):
            screen.enter()
        self.screen_changed.emit(key)

    @Slot()
    def go_home(self) -> None:
        """Home, with everything entered anywhere forgotten; answers still on their way are dropped."""
        self.env.generation += 1
        for screen in self.screens.values():
            screen.reset()
        self.stack.setCurrentWidget(self.home)
        self.idle_label.clear()
        self.screen_changed.emit("home")

    @Slot(int)
    def on_idle_warning(self, seconds: int) -> None:
        if seconds and self.current != "home":
            self.idle_label.setText(self.tr("无操作，{n} 秒后返回首页").format(n=seconds))
        else:
            self.idle_label.clear()

    @Slot()
    def on_idle_timeout(self) -> None:
        self.go_home()

    def on_unhandled_error(self, exc) -> None:
        screen = self.stack.currentWidget()
        if hasattr(screen, "show_error"):
            screen.show_error(exc)

    # --- 大字模式 ---------------------------------------------------------------------------------
    @Slot(bool)
    def on_large_toggled(self, on: bool) -> None:
        self.set_large(on)

    def set_large(self, on: bool) -> None:
        scale = LARGE_SCALE if on else 1.0
        self.env.scale = scale
        self.setStyleSheet(stylesheet(scale))
        for screen in self.screens.values():
            screen.set_scale(scale)
        if self.large_button.isChecked() != on:
            self.large_button.setChecked(on)

    @property
    def large(self) -> bool:
        return self.large_button.isChecked()

    # --- the way out ----------------------------------------------------------------------------
    @Slot()
    def on_exit_gesture(self) -> None:
        self.go_home()
        self.open_screen("pin")

    @Slot()
    def on_unlocked(self) -> None:
        self.may_close = True
        self.stop()
        self.exit_requested.emit()
        self.close()

    @Slot()
    def on_clock(self) -> None:
        now = self._now().astimezone(HALL_ZONE)
        self.clock_label.setText(f"{now:%H:%M}")
        weekdays = (self.tr("星期一"), self.tr("星期二"), self.tr("星期三"), self.tr("星期四"), self.tr("星期五"),
                    self.tr("星期六"), self.tr("星期日"))
        self.date_label.setText(self.tr("{month}月{day}日 {weekday}").format(
            month=now.month, day=now.day, weekday=weekdays[now.weekday()]))
