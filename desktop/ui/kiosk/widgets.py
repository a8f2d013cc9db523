"""What every kiosk screen is made of: the environment it works in (services, the DB worker, the
printer), the step bar, the 返回 / 首页 bar, the message line, the tiles, and the Screen base that
runs service calls off the GUI thread and drops answers that come back after the screen was reset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QBoxLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QScroller, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop.domain.errors import CounterDeskError
from desktop.ui import formats
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.kiosk.printing import Printer
from desktop.ui.kiosk.style import pictogram
from desktop.ui.notify import error_text, ui_language


@dataclass
class KioskEnv:
    """Everything a screen needs, passed in (no globals): the kiosk service, the hall, this kiosk's
    name (the limiter's key), the DB worker, the print worker and the printer."""

    kiosk: Any  # desktop.services.kiosk.KioskService
    hall_code: str
    name: str
    worker: DbWorker
    print_worker: DbWorker
    printer: Printer
    generation: int = 0  # bumped by every reset: older answers are dropped
    scale: float = 1.0


def make_button(text: str, kind: str = "", *, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    if kind:
        button.setProperty("kind", kind)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def label(text: str = "", name: str = "", *, wrap: bool = True, align=None) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def restyle(widget: QWidget, name: str) -> None:
    """Another look from the style sheet (by object name), applied at once."""
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def say(widget: QLabel, text: str, tone: str = "info") -> None:
    """The message line: info (blue), ok (green) or error (red); empty hides it."""
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.setText(text)
    widget.setVisible(bool(text))


class Tile(QPushButton):
    """A big coloured touch tile: a pictogram, a title and one line saying what it does."""

    def __init__(self, key: str, title: str, note: str, parent: QWidget | None = None, *,
                 icon: bool = True) -> None:
        super().__init__(parent)
        self.setProperty("kind", "tile")
        self.setProperty("tile", key)
        self.has_icon = icon
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.key = key
        self.icon_label = QLabel()
        self.title = label(title, "tileTitle", wrap=False)
        self.note = label(note, "tileNote")
        for child in (self.icon_label, self.title, self.note):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.note)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 16, 32, 16)
        row.setSpacing(28)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        if self.has_icon:
            self.icon_label.setPixmap(pictogram(self.key, round(96 * scale)))
        self.icon_label.setVisible(self.has_icon)
        self.setMinimumHeight(round(120 * scale))


class StepBar(QWidget):
    """① 选择业务 ② … with the current step highlighted."""

    def __init__(self, steps: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.labels = []
        for number, text in enumerate(steps):
            step = label(f"{'①②③④'[number]} {text}", "step", wrap=False)
            self.labels.append(step)
            row.addWidget(step)
        row.addStretch(1)

    def set_current(self, index: int) -> None:
        for n, step in enumerate(self.labels):
            step.setProperty("current", n == index)
            step.style().unpolish(step)
            step.style().polish(step)


class Screen(QWidget):
    """One function of the kiosk. A screen with steps shows them in `self.steps` (a stack), with
    返回 (the step before, or home) and 首页 at the bottom."""

    home_requested = Signal()
    result_step: int | None = None  # the index of the result page, if the flow ends on one

    def __init__(self, env: KioskEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 20, 48, 20)
        self.layout_.setSpacing(16)
        self.adaptive: list[QBoxLayout] = []  # side by side on a landscape screen, stacked on a portrait one

    def columns(self) -> QBoxLayout:
        box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        box.setSpacing(40)
        self.adaptive.append(box)
        return box

    def set_portrait(self, portrait: bool) -> None:
        """A 1080×1920 kiosk stacks what a 1920×1080 one puts side by side (the window decides)."""
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        for box in self.adaptive:
            if box.direction() != direction:
                box.setDirection(direction)

    # --- the frame ------------------------------------------------------------------------------
    def frame(self, title: str, steps: list[str] | None = None) -> None:
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # the steps go under the title on a portrait screen
        self.adaptive.append(top)
        self.title = label(title, "screenTitle", wrap=False)
        top.addWidget(self.title)
        top.addSpacing(24)
        self.step_bar = StepBar(steps) if steps else None
        if self.step_bar is not None:
            top.addWidget(self.step_bar, 1)
        else:
            top.addStretch(1)
        self.layout_.addLayout(top)
        self.message = label("", "message")
        self.message.setVisible(False)
        self.steps = QStackedWidget()
        self.layout_.addWidget(self.steps, 1)
        self.layout_.addWidget(self.message)
        nav = QHBoxLayout()
        self.back_button = make_button(self.tr("返回"), "nav")
        self.home_button = make_button(self.tr("首页"), "nav")
        self.back_button.clicked.connect(self.on_back_requested)
        self.home_button.clicked.connect(self.home_requested.emit)
        for button in (self.back_button, self.home_button):
            button.setMinimumWidth(220)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.home_button)
        self.layout_.addLayout(nav)

    def add_step(self, widget: QWidget) -> int:
        return self.steps.addWidget(widget)

    def show_step(self, index: int) -> None:
        """On a result page 返回 goes and 首页 becomes the big 完成 (both would only go home)."""
        self.steps.setCurrentIndex(index)
        done = index == self.result_step
        self.back_button.setVisible(not done)
        self.home_button.setText(self.tr("完成") if done else self.tr("首页"))
        self.home_button.setProperty("kind", "primary" if done else "nav")
        self.home_button.setMinimumWidth(420 if done else 220)
        restyle(self.home_button, self.home_button.objectName())
        if self.step_bar is not None:
            self.step_bar.set_current(min(index, len(self.step_bar.labels) - 1))
        self.say("")

    @Slot()
    def on_back_requested(self) -> None:
        """The step before; home from the first step or from a result (never back into a finished flow)."""
        index = self.steps.currentIndex()
        if index <= 0 or index == self.result_step:
            self.home_requested.emit()
        else:
            self.show_step(index - 1)

    def say(self, text: str, tone: str = "info") -> None:
        say(self.message, text, tone)

    def show_error(self, exc: CounterDeskError) -> None:
        self.say(error_text(exc), "error")

    def half_name(self, choice) -> str:
        """上午 / 下午 in the UI language (the service's `half` is the Chinese word)."""
        return {"am": self.tr("上午"), "pm": self.tr("下午")}.get(choice.half_code, choice.half)

    def booked_session(self, booked) -> str:
        """A printed booking's session (kiosk.PrintedBooking) in the UI language: 2 December 2026 Morning
        Subject 1; the service's Chinese text when it gives no values."""
        if booked.day is None:
            return booked.session_text
        half = {"am": self.tr("上午"), "pm": self.tr("下午")}.get(booked.half, booked.half)
        subject = {"1": self.tr("科目一"), "2": self.tr("科目二"), "3": self.tr("科目三道路驾驶技能"),
                   "3s": self.tr("科目三安全文明驾驶常识")}.get(booked.subject, booked.subject)
        return f"{formats.long_day(booked.day)} {half} {subject}"

    def weekday(self, day) -> str:
        names = (self.tr("星期一"), self.tr("星期二"), self.tr("星期三"), self.tr("星期四"), self.tr("星期五"),
                 self.tr("星期六"), self.tr("星期日"))
        return names[day.weekday()]

    @staticmethod
    def bilingual(zh: str, en: str) -> str:
        return en if ui_language() == "en" else zh

    # --- work off the GUI thread ----------------------------------------------------------------
    def run(self, fn: Callable[[], Any], success: Callable[[Any], None],
            failure: Callable[[CounterDeskError], None] | None = None) -> None:
        generation = self.env.generation

        def ok(result: Any) -> None:
            if generation == self.env.generation:
                success(result)

        def failed(exc: CounterDeskError) -> None:
            if generation == self.env.generation:
                (failure or self.show_error)(exc)

        DbOp(self.env.worker, fn).success(ok).failure(failed).run()

    def print_document(self, pdf: bytes, title: str, done: Callable[[str], None]) -> None:
        """Silently to the default printer, on the print worker; `done` gets the outcome."""
        generation, printer = self.env.generation, self.env.printer

        def finished(outcome: str) -> None:
            if generation == self.env.generation:
                done(outcome)

        DbOp(self.env.print_worker, lambda: printer(pdf, title)).success(finished).failure(
            lambda exc: finished("failed")).run()

    # --- for the window -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything entered and go to the first step."""
        if hasattr(self, "steps"):
            self.show_step(0)

    def set_scale(self, scale: float) -> None:
        """大字模式 changed: sizes not set by the style sheet follow here."""


def scrolled(widget: QWidget) -> QScrollArea:
    """A list longer than the screen: dragged with a finger (kinetic), or by its wide scroll bar."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return scroll
