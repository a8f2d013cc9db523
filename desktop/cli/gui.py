"""gui and screenshot: the only commands that import Qt (lazily, so the others start fast)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import UsageError, login_as, open_context, secret

KIOSK_PIN_ENV = "COUNTERDESK_KIOSK_PIN"

VIEWS = ("main", "queue", "vehicle", "driver", "exam", "checkin", "kiosk", "display",
         "login", "about", "shortcuts", "password", "rating", "export", "reminders", "monitor", "admin")


def register(sub) -> None:
    p = sub.add_parser("gui", help="the counter main window (the default)")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="UI language (default zh)")
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("display", help="the hall display board (TV): calls, waiting counts, voice")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.set_defaults(handler=cmd_display)

    p = sub.add_parser("kiosk", help="the self-service kiosk (自助办): fullscreen and locked down; only the admin "
                                     "PIN (five taps in the top-right corner) ends it")
    p.add_argument("--name", default=None,
                   help="this kiosk's name (default kiosk@HOST): failed look-ups are counted per kiosk")
    p.add_argument("--set-pin", action="store_true",
                   help=f"set the admin PIN (4-12 digits; {KIOSK_PIN_ENV} or a prompt) and exit; needs --as ADMIN")
    p.add_argument("--idle-seconds", type=int, default=None, metavar="N",
                   help="set the idle time before it returns home (15-600, default 60) and exit; needs --as ADMIN")
    p.add_argument("--as", dest="as_user", default=None, help="an admin account, for --set-pin and --idle-seconds")
    p.set_defaults(handler=cmd_kiosk)

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
    from desktop.ui.main_window import run_gui

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


def cmd_kiosk(args) -> int:
    import sys

    if args.set_pin or args.idle_seconds is not None:
        ctx = open_context(args)
        try:
            actor = login_as(ctx, args.as_user)
            if args.set_pin:
                pin = secret(KIOSK_PIN_ENV, "自助机管理员PIN / kiosk admin PIN: ", confirm=True)
                ctx.services.kiosk.set_pin(actor, pin)
                print("已设置自助机管理员PIN（已加密保存）/ kiosk admin PIN set (stored hashed)")
            if args.idle_seconds is not None:
                seconds = ctx.services.kiosk.set_idle_seconds(actor, args.idle_seconds)
                print(f"无操作 {seconds} 秒后返回首页 / back home after {seconds} s idle")
        finally:
            ctx.dispose()
        return 0

    from desktop.ui.qtapp import has_display

    if not has_display():
        print("错误 / error: 没有图形显示（DISPLAY 未设置），无法打开自助机 / no graphical display (DISPLAY is not set)",
              file=sys.stderr)
        return 1
    from desktop.ui.kiosk import run_kiosk

    return run_kiosk(args.db, name=args.name)


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
