"""The hall display board (叫号显示屏): read from across the hall on a TV, 1920×1080 (1366×768 too).

One painted widget, laid out in proportion to its size: a header (hall, date, weekday, clock), the
newest call very large (blinking for a while after it comes), the recent calls, the waiting count
per category, and a scrolling notice. Masked names only — the board never sees a full one.

The data comes from a `fetch()` run by BoardPoller on a worker thread. Calls newer than the last
one seen are announced (oldest first) through the VoiceCaller; calls already there when the board
starts are only shown. A failing fetch shows a small "reconnecting" line and polling goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QWidget

from desktop.services.base import HALL_ZONE
from desktop.services.queue_views import BoardState, CallView
from desktop.ui import formats
from desktop.ui.display.paint import (CALL_LINE, RECENT_SLOTS, WORDS, BoardView, Layout, marquee_period, paint_board,
                                      tr)
from desktop.ui.display.poller import BoardPoller


log = logging.getLogger(__name__)

# the words are marked here and translated where shown (tr), so the board follows the UI language
DEFAULT_NOTICE = QT_TRANSLATE_NOOP("DisplayBoard", "请携带身份证原件 · 办理转让登记需车辆到场查验 · 容缺受理请咨询窗口 · "
                                                   "请留意屏幕和语音叫号，过号请到咨询台")
RECONNECTING = QT_TRANSLATE_NOOP("DisplayBoard", "连接中断，正在重试…")
WEEKDAYS = (QT_TRANSLATE_NOOP("DisplayBoard", "星期一"), QT_TRANSLATE_NOOP("DisplayBoard", "星期二"),
            QT_TRANSLATE_NOOP("DisplayBoard", "星期三"), QT_TRANSLATE_NOOP("DisplayBoard", "星期四"),
            QT_TRANSLATE_NOOP("DisplayBoard", "星期五"), QT_TRANSLATE_NOOP("DisplayBoard", "星期六"),
            QT_TRANSLATE_NOOP("DisplayBoard", "星期日"))
MARQUEE_STEP = 3.6  # px (at 1080 lines) per 33 ms frame: ≈110 px/s, under three characters a second

class DisplayBoard(QWidget):
    """The board. `fetch` runs on a worker thread; `voice` (optional) is told about each new call."""

    quit_requested = Signal()
    call_announced = Signal(object)  # CallView, once per new call

    def __init__(self, fetch: Callable[[], BoardState], voice=None, *, poll_ms: int = 500,
                 notice: str = DEFAULT_NOTICE, blink_seconds: float = 10.0,
                 now: Callable[[], datetime] | None = None, autostart: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(WORDS["title"]))
        self.setMinimumSize(640, 360)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._voice = voice
        self._now = now or (lambda: datetime.now(HALL_ZONE))
        self._notice = tr(notice)  # the default notice in the UI language; the hall's own as given
        self._state: BoardState | None = None
        self._last_seen: int | None = None  # None until the first poll: old calls are not announced
        self._connection_lost = False
        self._voice_notice = ""
        self._hint = ""
        self._last_escape = 0.0
        self._marquee_x = 0.0

        self._blink_ticks = 0
        self._blink_on = False
        self._blink_total = max(0, int(blink_seconds * 2))
        self._blink = QTimer(self, interval=500, timeout=self.on_blink)
        self._clock = QTimer(self, interval=1000, timeout=self.on_clock)
        self._marquee = QTimer(self, interval=33, timeout=self.on_marquee)
        self._notice_timer = QTimer(self, singleShot=True, timeout=self.on_notice_expired)
        self._hint_timer = QTimer(self, singleShot=True, timeout=self.on_hint_expired)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.quit_requested.emit)

        self.poller = BoardPoller(fetch, interval_ms=poll_ms, parent=self)
        self.poller.fetched.connect(self.on_fetched)
        self.poller.failed.connect(self.on_failed)
        self.poller.stalled.connect(self.on_stalled)
        if voice is not None:
            voice.status_changed.connect(self.on_voice_status)
            voice.notice_required.connect(self.on_voice_notice)
            voice.start()
        if autostart:
            self.start()

    # --- control ------------------------------------------------------------------------------
    def start(self) -> None:
        self._clock.start()
        self.poller.start()

    def stop(self) -> None:
        """Stop every timer and wait for a fetch in flight (call before closing the store)."""
        for timer in (self._clock, self._blink, self._marquee, self._notice_timer, self._hint_timer):
            timer.stop()
        self.poller.stop()

    def set_notice(self, text: str) -> None:
        self._notice = text.strip()
        self._marquee_x = 0.0
        self.update()

    # --- what it shows (also read by the tests) ----------------------------------------------
    @property
    def newest(self) -> CallView | None:
        return self._state.calls[0] if self._state and self._state.calls else None

    @property
    def current_call_text(self) -> str:
        c = self.newest
        return tr(CALL_LINE).format(ticket=c.label, counter=c.counter) if c else ""

    @property
    def recent(self) -> list[CallView]:
        """Recent calls under the newest, one line per ticket (a recall does not add a line)."""
        if not self._state:
            return []
        seen, out = set(), []
        for c in self._state.calls:
            if c.label not in seen:
                seen.add(c.label)
                out.append(c)
        return out[1:RECENT_SLOTS + 1]

    @property
    def recent_texts(self) -> list[str]:
        at = tr(WORDS["counter"])
        return [f"{c.label} → {at.format(counter=c.counter)} {c.name_masked}".strip()
                for c in self.recent]

    @property
    def waiting_texts(self) -> list[str]:
        return [f"{name} {code} {count}" for code, name, count in (self._state.waiting if self._state else [])]

    @property
    def status_text(self) -> str:
        if self._connection_lost:
            return tr(RECONNECTING)
        return self._hint or self._voice_notice

    @property
    def blinking(self) -> bool:
        return self._blink.isActive()

    @property
    def notice(self) -> str:
        return self._notice

    def header_texts(self) -> tuple[str, str, str, str]:
        t = self._now().astimezone(HALL_ZONE)
        hall = self._state.hall_name if self._state and self._state.hall_name else tr(WORDS["hall"])
        return hall, formats.day(t.date()), tr(WEEKDAYS[t.weekday()]), f"{t:%H:%M}"

    # --- data ---------------------------------------------------------------------------------
    @Slot(object)
    def on_fetched(self, state: BoardState) -> None:
        self._connection_lost = False
        if self._last_seen is None or state.last_call_id < self._last_seen:
            new = []  # first poll (or a restored database): show, do not announce
        else:
            new = sorted((c for c in state.calls if c.id > self._last_seen), key=lambda c: c.id)
        self._last_seen = state.last_call_id
        self.apply_state(state)
        for call in new:
            if self._voice is not None:
                try:
                    self._voice.announce(call.label, call.counter, call.kind)
                except ValueError:  # a label the voice cannot read: shown all the same
                    log.warning("cannot announce %s → %s", call.label, call.counter)
            self.call_announced.emit(call)
        if new:
            self._start_blink()

    @Slot(str)
    def on_failed(self, _error: str) -> None:
        if not self._connection_lost:
            self._connection_lost = True
            self.update()

    @Slot()
    def on_stalled(self) -> None:
        self.on_failed("stalled")

    def apply_state(self, state: BoardState) -> None:
        """Show a state as is (no announcing): the poller's results, and screenshots."""
        self._state = state
        self.update()

    # --- voice --------------------------------------------------------------------------------
    @Slot(str)
    def on_voice_status(self, status: str) -> None:
        log.info("display board: %s", status)

    @Slot(str)
    def on_voice_notice(self, text: str) -> None:
        """Shown once, for a minute: for the staff, not a permanent worry for the public."""
        self._voice_notice = text
        self._notice_timer.start(60_000)
        self.update()

    @Slot()
    def on_notice_expired(self) -> None:
        self._voice_notice = ""
        self.update()

    # --- timers -------------------------------------------------------------------------------
    def _start_blink(self) -> None:
        self._blink_ticks = 0
        self._blink_on = True
        if self._blink_total:
            self._blink.start()
        self.update()

    @Slot()
    def on_blink(self) -> None:
        self._blink_ticks += 1
        self._blink_on = not self._blink_on
        if self._blink_ticks >= self._blink_total:
            self._blink.stop()
            self._blink_on = False
        self.update(self._layout().now.toAlignedRect().adjusted(-8, -8, 8, 8))

    @Slot()
    def on_clock(self) -> None:
        self.update(self._layout().header.toAlignedRect())

    @Slot()
    def on_marquee(self) -> None:
        lay = self._layout()
        self._marquee_x -= MARQUEE_STEP * lay.u
        if self._notice and self._marquee_x <= -marquee_period(self._notice, lay.u):
            self._marquee_x += marquee_period(self._notice, lay.u)  # one turn done: seamless restart
        self.update(lay.footer.toAlignedRect())

    @Slot()
    def on_hint_expired(self) -> None:
        self._hint = ""
        self.update()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._marquee.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._marquee.stop()
        super().hideEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Esc twice within two seconds quits (one Esc is easy to press by accident); so does Ctrl+Q."""
        if event.key() == Qt.Key.Key_Escape:
            now = time.monotonic()
            if now - self._last_escape < 2.0:
                self.quit_requested.emit()
            else:
                self._last_escape = now
                self._hint = tr(WORDS["esc_again"])
                self._hint_timer.start(2000)
                self.update()
            return
        super().keyPressEvent(event)

    # --- painting -----------------------------------------------------------------------------
    def _layout(self) -> Layout:
        return Layout.of(self.width(), self.height())

    def view(self) -> BoardView:
        """What the next frame shows."""
        return BoardView(self.header_texts(), self.newest, self.recent,
                         list(self._state.waiting) if self._state else [], self._blink_on, self._notice,
                         self._marquee_x, self.status_text, self._connection_lost)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        p = QPainter(self)
        paint_board(p, self._layout(), self.view(), QRectF(event.rect()))
        p.end()
