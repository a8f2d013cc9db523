"""The hall display board (desktop.ui.display): polling off the GUI thread, announcing new calls
once, showing the newest large, surviving a lost connection, and the real service behind it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from desktop.services.base import HALL_ZONE
from desktop.services.queue_views import BoardState, CallView
from desktop.ui.display import DEFAULT_NOTICE, DisplayBoard, board_screenshot
from desktop.ui.display.board import RECONNECTING

AT = datetime(2026, 11, 26, 9, 41, tzinfo=HALL_ZONE)
WAIT = 5000  # ms: a wait ends as soon as its condition holds; the margin is for a busy CI machine
WAITING = [("A", "机动车业务", 8), ("B", "驾驶证业务", 3), ("C", "考试业务", 0), ("D", "咨询/其他", 1)]


def call(id_: int, label: str, counter: int, name: str = "", kind: str = "call") -> CallView:
    return CallView(id_, label, counter, name, kind, AT)


def state(*calls: CallView, waiting=WAITING) -> BoardState:
    calls = sorted(calls, key=lambda c: c.id, reverse=True)
    return BoardState("阿拉善盟车管所", list(calls), list(waiting), calls[0].id if calls else 0)


class Feed:
    """A fake fetch: returns `state`, or raises while `error` is set; remembers its threads."""

    def __init__(self, initial: BoardState) -> None:
        self.state = initial
        self.error: Exception | None = None
        self.threads: set[int] = set()
        self.calls = 0

    def __call__(self) -> BoardState:
        self.threads.add(threading.get_ident())
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.state


class FakeVoice(QObject):
    status_changed = Signal(str)
    notice_required = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.announced: list[tuple[str, int, str]] = []
        self.started = 0

    def start(self) -> None:
        self.started += 1

    def announce(self, label: str, counter: int, kind: str = "call") -> None:
        if not label[-1:].isdigit():
            raise ValueError(label)  # as VoiceCaller does for a label it cannot read
        self.announced.append((label, counter, kind))


@pytest.fixture
def make_board(qtbot):
    boards = []

    def make(feed, voice=None, **kwargs) -> DisplayBoard:
        kwargs.setdefault("now", lambda: AT)
        board = DisplayBoard(feed, voice, **kwargs)
        qtbot.addWidget(board)
        board.resize(1366, 768)
        boards.append(board)
        return board

    yield make
    for board in boards:
        board.stop()


def test_a_new_call_is_shown_within_a_second_and_announced_once(qtbot, make_board):
    feed = Feed(state(call(1, "A001", 1), call(2, "B001", 5, "王*")))
    voice = FakeVoice()
    board = make_board(feed, voice)  # the default 500 ms poll
    assert voice.started == 1
    qtbot.waitUntil(lambda: board.current_call_text == "请 B001 号 到 5 号窗口", timeout=WAIT)
    assert voice.announced == [], "calls already on the board at start are shown, not announced"
    assert not board.blinking
    assert board.recent_texts == ["A001 → 1号窗口"]
    assert board.waiting_texts == ["机动车业务 A 8", "驾驶证业务 B 3", "考试业务 C 0", "咨询/其他 D 1"]

    feed.state = state(call(1, "A001", 1), call(2, "B001", 5, "王*"), call(3, "A002", 3, "张*明"))
    qtbot.waitUntil(lambda: board.current_call_text == "请 A002 号 到 3 号窗口", timeout=WAIT)
    assert voice.announced == [("A002", 3, "call")]
    assert board.blinking
    assert board.recent_texts == ["B001 → 5号窗口 王*", "A001 → 1号窗口"]

    polls = feed.calls
    qtbot.waitUntil(lambda: feed.calls >= polls + 2, timeout=WAIT)
    assert voice.announced == [("A002", 3, "call")], "announced exactly once"
    assert threading.get_ident() not in feed.threads, "fetch never runs on the GUI thread"


def test_several_new_calls_are_announced_oldest_first_and_a_recall_again(qtbot, make_board):
    feed = Feed(state())
    voice = FakeVoice()
    board = make_board(feed, voice, poll_ms=50)
    qtbot.waitUntil(lambda: feed.calls >= 1 and board.waiting_texts != [], timeout=WAIT)
    feed.state = state(call(1, "A001", 1), call(2, "B001", 2), call(3, "C001", 3))
    qtbot.waitUntil(lambda: len(voice.announced) == 3, timeout=WAIT)
    assert voice.announced == [("A001", 1, "call"), ("B001", 2, "call"), ("C001", 3, "call")]

    feed.state = state(call(1, "A001", 1), call(2, "B001", 2), call(3, "C001", 3), call(4, "A001", 1, kind="recall"))
    qtbot.waitUntil(lambda: len(voice.announced) == 4, timeout=WAIT)
    assert voice.announced[-1] == ("A001", 1, "recall")
    assert board.current_call_text == "请 A001 号 到 1 号窗口"
    assert board.recent_texts == ["C001 → 3号窗口", "B001 → 2号窗口"], "a recall does not add a line"


def test_a_label_the_voice_refuses_is_still_shown(qtbot, make_board):
    feed = Feed(state())
    voice = FakeVoice()
    board = make_board(feed, voice, poll_ms=50)
    qtbot.waitUntil(lambda: feed.calls >= 1, timeout=WAIT)
    feed.state = state(call(1, "A00?", 1), call(2, "A002", 2))
    qtbot.waitUntil(lambda: voice.announced == [("A002", 2, "call")], timeout=WAIT)
    assert board.current_call_text == "请 A002 号 到 2 号窗口"


def test_a_database_that_went_back_is_not_announced(qtbot, make_board):
    feed = Feed(state(call(50, "A050", 1)))
    voice = FakeVoice()
    board = make_board(feed, voice, poll_ms=50)
    qtbot.waitUntil(lambda: board.current_call_text != "", timeout=WAIT)
    feed.state = state(call(3, "A003", 2))  # restored from a backup: ids start lower
    qtbot.waitUntil(lambda: board.current_call_text == "请 A003 号 到 2 号窗口", timeout=WAIT)
    feed.state = state(call(3, "A003", 2), call(4, "A004", 2))
    qtbot.waitUntil(lambda: voice.announced == [("A004", 2, "call")], timeout=WAIT)


def test_fetch_errors_show_the_retry_line_and_polling_recovers(qtbot, make_board):
    feed = Feed(state(call(1, "A001", 1)))
    voice = FakeVoice()
    board = make_board(feed, voice, poll_ms=50)
    qtbot.waitUntil(lambda: board.current_call_text == "请 A001 号 到 1 号窗口", timeout=WAIT)
    assert board.status_text == ""

    feed.error = OSError("server closed the connection unexpectedly")
    qtbot.waitUntil(lambda: board.status_text == RECONNECTING, timeout=WAIT)
    assert board.current_call_text == "请 A001 号 到 1 号窗口", "the last good state stays on screen"
    failed = feed.calls
    qtbot.waitUntil(lambda: feed.calls >= failed + 3, timeout=WAIT)  # still polling

    feed.state = state(call(1, "A001", 1), call(2, "A002", 4))
    feed.error = None
    qtbot.waitUntil(lambda: board.status_text == "", timeout=WAIT)
    qtbot.waitUntil(lambda: voice.announced == [("A002", 4, "call")], timeout=WAIT)


def test_header_clock_weekday_and_notice(qtbot, make_board):
    board = make_board(Feed(state()), now=lambda: datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc))
    qtbot.waitUntil(lambda: board.header_texts()[0] == "阿拉善盟车管所", timeout=WAIT)
    assert board.header_texts() == ("阿拉善盟车管所", "2026-11-26", "星期四", "09:30")
    assert board.notice == DEFAULT_NOTICE
    board.set_notice("今日下午 16:00 后暂停受理转移登记")
    assert board.notice == "今日下午 16:00 后暂停受理转移登记"


def test_voice_notice_is_shown_and_the_connection_line_wins(qtbot, make_board):
    voice = FakeVoice()
    feed = Feed(state())
    board = make_board(feed, voice, poll_ms=50)
    voice.notice_required.emit("没有音频设备：叫号不播放声音，请留意屏幕显示")
    assert board.status_text == "没有音频设备：叫号不播放声音，请留意屏幕显示"
    feed.error = RuntimeError("down")
    qtbot.waitUntil(lambda: board.status_text == RECONNECTING, timeout=WAIT)


def test_escape_twice_or_ctrl_q_quits(qtbot, make_board):
    board = make_board(Feed(state()), autostart=False)
    board.show()
    qtbot.waitExposed(board)
    with qtbot.assertNotEmitted(board.quit_requested, wait=10):
        qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert board.status_text == "再按一次 Esc 退出"
    with qtbot.waitSignal(board.quit_requested, timeout=500):
        qtbot.keyClick(board, Qt.Key.Key_Escape)
    with qtbot.waitSignal(board.quit_requested, timeout=500):
        qtbot.keyClick(board, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_blinking_stops_after_its_time(qtbot, make_board):
    feed = Feed(state())
    board = make_board(feed, FakeVoice(), poll_ms=50, blink_seconds=1)
    qtbot.waitUntil(lambda: feed.calls >= 1, timeout=WAIT)
    feed.state = state(call(1, "A001", 1))
    qtbot.waitUntil(lambda: board.blinking, timeout=WAIT)
    qtbot.waitUntil(lambda: not board.blinking, timeout=WAIT)
    assert board.current_call_text == "请 A001 号 到 1 号窗口"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_real_service_behind_the_board(qtbot, make_board, hall, tmp_path):
    s = hall.services
    s.halls.save_counter(hall.admin, 1, "A")
    s.auth.create_staff(hall.admin, "c1", "clerk", "clerkpass1")
    clerk = s.auth.login("c1", "clerkpass1", counter=1)
    s.calling.open_counter(clerk)
    s.tickets.take("152900", "A")
    s.tickets.take("152900", "A")

    voice = FakeVoice()
    board = make_board(lambda: s.tickets.board("152900"), voice, poll_ms=100, now=hall.clock)
    qtbot.waitUntil(lambda: board.waiting_texts[:1] == ["机动车业务 A 2"], timeout=WAIT)
    assert board.current_call_text == ""

    s.calling.call_next(clerk)
    qtbot.waitUntil(lambda: board.current_call_text == "请 A001 号 到 1 号窗口", timeout=WAIT)
    assert voice.announced == [("A001", 1, "call")]
    assert board.waiting_texts[0] == "机动车业务 A 1"
    assert board.header_texts() == ("阿拉善盟车管所", "2026-11-26", "星期四", "09:30")

    s.calling.recall(clerk)
    qtbot.waitUntil(lambda: len(voice.announced) == 2, timeout=WAIT)
    assert voice.announced[1] == ("A001", 1, "recall")
    board.stop()

    for size in ((1920, 1080), (1366, 768)):
        out = tmp_path / f"display_{size[0]}.png"
        board_screenshot(hall.ctx, out, size, now=lambda: AT)
        image = QImage(str(out))
        assert (image.width(), image.height()) == size
        assert image.pixelColor(5, image.height() // 2).name() == "#0b1a2e"  # the dark background
