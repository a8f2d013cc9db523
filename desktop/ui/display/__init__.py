"""The hall display board (叫号显示屏) and its entry points: run it on the hall TV, or render it to a PNG."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop.ui.display.board import DEFAULT_NOTICE, DisplayBoard
from desktop.ui.display.paint import cjk_family

__all__ = ["DEFAULT_NOTICE", "DisplayBoard", "board_screenshot", "run_display"]

APP_TITLE = "车驾管业务窗口服务台 · 叫号显示屏"


def _application():
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(QFont(cjk_family(), 12))
    return app


def run_display(db_url: str | None, *, fullscreen: bool = True, hall_code: str | None = None) -> int:
    """Open the store and run the board until Esc Esc or Ctrl+Q. 1 if the store cannot be opened."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from desktop.context import open_app
    from desktop.domain.errors import CounterDeskError
    from desktop.ui.voice import VoiceCaller

    from desktop.ui.qtapp import install_translator, saved_language

    app = _application()
    install_translator(app, saved_language())  # this PC's language (帮助 → English on the counter window)
    app.setApplicationDisplayName(APP_TITLE)
    try:
        ctx = open_app(db_url, hall_code=hall_code)
    except CounterDeskError as exc:
        QMessageBox.critical(None, APP_TITLE, exc.message())
        return 1
    voice = VoiceCaller()
    board = DisplayBoard(lambda: ctx.services.tickets.board(ctx.hall_code), voice)
    board.quit_requested.connect(app.quit)
    if fullscreen:
        board.setCursor(Qt.CursorShape.BlankCursor)  # a TV: no pointer over the numbers
        board.showFullScreen()
    else:
        board.resize(1366, 768)
        board.show()
    try:
        return app.exec()
    finally:
        board.stop()
        voice.shutdown()
        ctx.dispose()


def board_screenshot(ctx, out: Path, size: tuple[int, int], *, now: Callable[[], datetime] | None = None,
                     notice: str = DEFAULT_NOTICE) -> None:
    """Render the board offscreen from the real data at `size` and save it as a PNG.
    Needs a QApplication (created if there is none); the fetch runs here, once."""
    _application()
    state = ctx.services.tickets.board(ctx.hall_code)
    board = DisplayBoard(lambda: state, None, now=now, notice=notice, autostart=False)
    try:
        board.resize(*size)
        board.apply_state(state)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not board.grab().save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
    finally:
        board.stop()
        board.deleteLater()
