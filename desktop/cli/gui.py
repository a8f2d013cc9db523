"""gui and screenshot: the only commands that import Qt (lazily, so the others start fast)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import UsageError, open_context

VIEWS = ("main", "queue", "vehicle", "driver", "exam", "checkin", "kiosk", "display")


def register(sub) -> None:
    p = sub.add_parser("gui", help="the counter main window (the default)")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="UI language (default zh)")
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("display", help="the hall display board (TV): calls, waiting counts, voice")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.set_defaults(handler=cmd_display)

    p = sub.add_parser("screenshot", help="render a view offscreen, logged in as a demo clerk, to a PNG")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--view", choices=VIEWS, default="main")
    p.add_argument("--size", default="1366x768", help="WxH, e.g. 1366x768")
    p.add_argument("--as", dest="as_user", default=None,
                   help="demo account to log in as (default clerk01; exam01 for the exam and checkin views)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(handler=cmd_screenshot)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size takes WxH, e.g. 1366x768, not {text!r}") from None
    if not (200 <= w <= 7680 and 200 <= h <= 4320):
        raise UsageError("--size must be between 200x200 and 7680x4320")
    return w, h


def cmd_gui(args) -> int:
    from desktop.ui.launch import run_gui

    return run_gui(args.db, lang=args.lang)


def cmd_display(args) -> int:
    import sys

    from desktop.ui.display import run_display
    from desktop.ui.qtapp import has_display

    if not has_display():
        print("错误 / error: 没有图形显示（DISPLAY 未设置），无法打开显示屏 / no graphical display (DISPLAY is not set)",
              file=sys.stderr)
        return 1

    return run_display(args.db, fullscreen=not args.windowed)


def cmd_screenshot(args) -> int:
    size = _size(args.size)
    ctx = open_context(args)
    try:
        from desktop.ui.launch import take_screenshot

        take_screenshot(ctx, args.out, view=args.view, size=size, username=args.as_user, lang=args.lang)
    finally:
        ctx.dispose()
    print(f"已保存 / saved: {args.out}")
    return 0
