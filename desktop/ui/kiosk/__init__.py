"""The self-service kiosk (自助办): `counterdesk kiosk` runs it fullscreen on the hall's touch PC.

    window.py        the window: header, screens, idle reset, the way out
    screens.py       首页, 取号, 排队查询
    exam_screens.py  科目一预约, 补打准考证
    guide_screen.py  办事指南
    lockdown.py      blocked keys, the hidden corner gesture, the idle watch, the PIN screen
    keypad.py        the on-screen keypad and its fields
    printing.py      silent printing to the default printer
    style.py         the style sheet (and its ×1.4 大字模式) and the tile pictograms
    shots.py         staged screenshots of every screen
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from desktop.ui.kiosk.window import KioskWindow

__all__ = ["KioskWindow", "kiosk_screenshot", "run_kiosk"]


def default_name() -> str:
    """This kiosk's name (the failure limiter's key): the machine's host name."""
    return f"kiosk@{socket.gethostname() or 'localhost'}"


def run_kiosk(db_url: str | None, *, name: str | None = None, lang: str = "zh") -> int:
    """Open the store and run the kiosk fullscreen until the admin PIN ends it. 1 if the store
    cannot be opened or no admin PIN is set (a kiosk nobody could leave must not start)."""
    from desktop.context import open_app
    from desktop.domain.errors import CounterDeskError
    from desktop.ui.dbop import DbWorker
    from desktop.ui.qtapp import create_application

    app = create_application(lang)
    app.setQuitOnLastWindowClosed(False)  # only the PIN ends it
    try:
        ctx = open_app(db_url, lang=lang)
        config = ctx.services.kiosk.config(ctx.hall_code)
    except CounterDeskError as exc:
        print(f"错误 / error: {exc.bilingual()}", file=sys.stderr)
        return 1
    if not config.pin_set:
        ctx.dispose()
        print("错误 / error: 未设置管理员PIN，自助机无法退出：请先运行 counterdesk kiosk --set-pin --as ADMIN / "
              "no admin PIN is set, so the kiosk could never be left: run counterdesk kiosk --set-pin --as ADMIN",
              file=sys.stderr)
        return 1
    worker = DbWorker()
    window = KioskWindow(ctx.services.kiosk, config, worker, name=name or default_name(),
                         now=ctx.services.kiosk.now)
    window.exit_requested.connect(app.quit)
    window.showFullScreen()
    try:
        return app.exec()
    finally:
        window.stop()
        worker.drain()
        ctx.dispose()


def kiosk_screenshot(ctx, out: Path, size: tuple[int, int], *, large: bool = False) -> None:
    """The kiosk's home screen from the real data (read only) at `size`, saved as a PNG."""
    from desktop.ui.kiosk.shots import shoot_home

    shoot_home(ctx, Path(out), size, large=large)
