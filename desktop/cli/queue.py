"""queue, category and `import appointments` commands (for integrations, scripts and tests)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import login_as, open_context, print_json, print_table
from desktop.domain.queue_rules import PRIORITY_REASONS

COUNTER_ACTIONS = ("call", "recall", "start", "finish", "no-show", "pause", "resume")


def register(sub):
    queue = sub.add_parser("queue", help="the queue (排队叫号)").add_subparsers(dest="action", required=True)
    p = queue.add_parser("take", help="take a ticket (no login: what the kiosk does)")
    p.add_argument("--category", required=True)
    p.add_argument("--id-number", help="real-name ticket (身份证号)")
    p.add_argument("--priority", nargs="?", const="other", choices=list(PRIORITY_REASONS),
                   help="green channel, with its reason (default: other)")
    p.add_argument("--slip", type=Path, help="write the 80 mm slip PDF here")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_take)
    for action in COUNTER_ACTIONS:
        p = queue.add_parser(action, help=f"counter action: {action}")
        p.add_argument("--counter", type=int, required=True)
        p.add_argument("--as", dest="as_user")
        p.add_argument("--json", action="store_true")
        if action == "pause":
            p.add_argument("--reason", default="休息")
        if action == "no-show":
            p.add_argument("--requeue", action="store_true", help="put the ticket back a few places")
        p.set_defaults(handler=cmd_counter, counter_action=action)
    p = queue.add_parser("status", help="waiting per category, each counter's state and ticket")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)
    p = queue.add_parser("expire", help="end of day: live tickets from earlier days or after closing expire")
    p.set_defaults(handler=cmd_expire)

    cat = sub.add_parser("category", help="ticket categories").add_subparsers(dest="action", required=True)
    p = cat.add_parser("list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_category_list)
    p = cat.add_parser("set", help="change a category (supervisor or admin)")
    p.add_argument("code")
    p.add_argument("--name")
    p.add_argument("--hours", help="HH:MM-HH:MM; 00:00-24:00 means all day")
    p.add_argument("--daily-cap")
    p.add_argument("--sla-minutes")
    p.add_argument("--per-person-cap")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_category_set)

    imp = sub.add_parser("import", help="import records from CSV/XLSX").add_subparsers(dest="what", required=True)
    p = imp.add_parser("appointments", help="appointments booked online or by phone")
    p.add_argument("file", type=Path)
    p.add_argument("--as", dest="as_user", help="default: the system import account")
    p.set_defaults(handler=cmd_import_appointments)
    return imp


def cmd_take(args) -> int:
    ctx = open_context(args)
    try:
        issued = ctx.services.tickets.take(ctx.hall_code, args.category, id_number=args.id_number,
                                           priority_reason=args.priority or "")
        if args.slip:
            args.slip.write_bytes(ctx.services.tickets.slip_pdf(issued))
    finally:
        ctx.dispose()
    if args.json:
        print_json({"ticket": issued.ticket, "category_name": issued.category_name,
                    "people_ahead": issued.people_ahead, "estimate_minutes": issued.estimate_minutes,
                    "slip_serial": issued.slip_serial, "slip_payload": issued.slip_payload,
                    "appointment": issued.appointment, "slip": str(args.slip) if args.slip else None})
    else:
        wait = f"约{issued.estimate_minutes}分钟" if issued.estimate_minutes is not None else "暂无窗口开放"
        print(f"{issued.ticket.label}  {issued.category_name}  前面 {issued.people_ahead} 人  预计等候 {wait}")
        if args.slip:
            print(f"号票 / slip: {args.slip}")
    return 0


def cmd_counter(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        calling = ctx.services.calling
        action = args.counter_action
        if action == "call":
            ticket = calling.call_next(actor, args.counter)
            result = {"ticket": ticket}
        elif action == "recall":
            result = {"ticket": calling.recall(actor, args.counter)}
        elif action == "start":
            result = {"ticket": calling.start(actor, args.counter)}
        elif action == "finish":
            result = {"ticket": calling.finish(actor, args.counter)}
        elif action == "no-show":
            result = {"ticket": calling.no_show(actor, args.counter, requeue=args.requeue)}
        elif action == "pause":
            calling.pause(actor, args.reason, args.counter)
            result = {"counter": args.counter, "state": "paused", "reason": args.reason}
        else:
            calling.resume(actor, args.counter)
            result = {"counter": args.counter, "state": "idle"}
    finally:
        ctx.dispose()
    if args.json:
        print_json(result)
    elif "ticket" in result:
        t = result["ticket"]
        print(f"{t.label} {t.state} → {args.counter}号窗口" if t else "没有等候的号票 / nobody is waiting")
    else:
        print(f"{args.counter}号窗口: {result['state']}")
    return 0


def cmd_status(args) -> int:
    ctx = open_context(args)
    try:
        status = ctx.services.tickets.status(ctx.hall_code)
    finally:
        ctx.dispose()
    if args.json:
        print_json(status)
        return 0
    print_table([[c.code, c.name, c.waiting, c.longest_wait_minutes, c.sla_minutes, c.breaches]
                 for c in status.categories], ["类别", "名称", "等候", "最长等候(分)", "目标(分)", "超时"])
    print()
    print_table([[c.number, ",".join(c.categories), c.state, c.clerk, c.ticket.label if c.ticket else "",
                  c.pause_reason] for c in status.counters], ["窗口", "类别", "状态", "经办人", "当前号", "暂停原因"])
    print(f"\n今日已办结 {status.served_today}，过号 {status.no_show_today}")
    return 0


def cmd_expire(args) -> int:
    ctx = open_context(args)
    try:
        n = ctx.services.tickets.expire(ctx.hall_code)
    finally:
        ctx.dispose()
    print(f"已过期 / expired: {n}")
    return 0


def cmd_category_list(args) -> int:
    ctx = open_context(args)
    try:
        rows = ctx.services.tickets.categories(ctx.hall_code)
    finally:
        ctx.dispose()
    if args.json:
        print_json(rows)
    else:
        print_table([[c.code, c.name, c.hours, c.daily_cap, c.per_person_daily_cap, c.sla_minutes] for c in rows],
                    ["类别", "名称", "取号时间", "每日上限", "每人上限", "目标(分)"])
    return 0


def cmd_category_set(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        row = ctx.services.tickets.set_category(actor, args.code, name=args.name, hours=args.hours,
                                                daily_cap=args.daily_cap, sla_minutes=args.sla_minutes,
                                                per_person_daily_cap=args.per_person_cap)
    finally:
        ctx.dispose()
    print(f"已更新 / updated: {row.code} {row.name} {row.hours} 上限{row.daily_cap} 目标{row.sla_minutes}分")
    return 0


def cmd_import_appointments(args) -> int:
    from desktop.services.base import Actor

    if not args.file.is_file():
        print(f"错误 / error: 找不到文件 / no such file: {args.file}")
        return 1
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user) if args.as_user else Actor("import", "admin", ctx.hall_code, "导入")
        report = ctx.services.appointments.import_file(actor, args.file)
    finally:
        ctx.dispose()
    for e in report.errors:
        print(f"第{e.row}行 / row {e.row} [{e.field}]: {e.message}")
    print(f"导入 / imported {report.imported}, 已存在 / unchanged {report.unchanged}, 错误 / errors {len(report.errors)}")
    return 1 if report.errors else 0
