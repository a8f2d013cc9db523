"""`exams` commands (考试预约): sites, plans, the session calendar, the allocation run and the
admission tickets of a session or of a day at a site; and `import candidates` (driving schools' lists)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop.cli.common import UsageError, login_as, open_context, print_json, print_table
from desktop.cli.vehicles import _import, _system
from desktop.domain import exams as exam_rules
from desktop.domain import licensing

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def register(sub, imports) -> None:
    p = imports.add_parser("candidates", help="a driving school's candidate list (驾校考生名单), CSV or XLSX")
    p.add_argument("file", type=Path)
    p.add_argument("--as", dest="as_user", help="default: the system import account")
    p.set_defaults(handler=cmd_import_candidates)

    ex = sub.add_parser("exams", help="exam scheduling (考试预约与排考)").add_subparsers(dest="action", required=True)
    p = ex.add_parser("site", help="add or change an exam site (考场)")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--subjects", required=True, help='e.g. "1" or "3 3s"')
    p.add_argument("--classes", required=True, help='e.g. "C1 C2 C5"')
    p.add_argument("--address", default="")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_site)
    p = ex.add_parser("plan", help="publish a weekly plan as sessions on working days (考试计划)")
    p.add_argument("--site", required=True)
    p.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD")
    p.add_argument("--slot", action="append", required=True,
                   help="WEEKDAY:HALF:SUBJECT:CAPACITY:CLASSES, e.g. mon:am:1:60:C1,C2 (repeat)")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_plan)
    p = ex.add_parser("sessions", help="the session calendar with capacity and seats booked")
    p.add_argument("--from", dest="first", required=True)
    p.add_argument("--to", dest="last", required=True)
    p.add_argument("--subject", choices=exam_rules.SUBJECTS)
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_sessions)
    p = ex.add_parser("allocate", help="自主排考: fill the sessions up to a day with the open requests, by priority")
    p.add_argument("--until", required=True, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_allocate)
    p = ex.add_parser("tickets", help="every admission ticket of a session, or of a day at a site, in one PDF "
                                      "(准考证批量打印)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int)
    which.add_argument("--day", help="YYYY-MM-DD, with --site: every session of the day there")
    p.add_argument("--site", help="the site code, with --day")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_tickets)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise UsageError(f"{option} must be a date, YYYY-MM-DD") from None


def _actor(ctx, args, name: str = "exam"):
    return login_as(ctx, args.as_user) if args.as_user else _system(ctx, name)


def parse_slot(text: str) -> exam_rules.WeeklySlot:
    parts = text.split(":")
    if len(parts) != 5 or parts[0].lower()[:3] not in WEEKDAYS or not parts[3].isdigit():
        raise UsageError(f"--slot {text!r}: use WEEKDAY:HALF:SUBJECT:CAPACITY:CLASSES, e.g. mon:am:1:60:C1,C2")
    classes = frozenset(c.strip().upper() for c in parts[4].replace(" ", ",").split(",") if c.strip())
    return exam_rules.WeeklySlot(WEEKDAYS[parts[0].lower()[:3]], parts[1].lower(), parts[2], int(parts[3]), classes)


def cmd_import_candidates(args) -> int:
    return _import(args, lambda ctx: ctx.services.candidate_import)


def cmd_site(args) -> int:
    ctx = open_context(args)
    try:
        site = ctx.services.exam_plans.save_site(_actor(ctx, args), args.code, args.name, args.subjects.split(),
                                                 args.classes.replace(",", " ").split(), args.address)
    finally:
        ctx.dispose()
    print(f"考场 / site {site.code} {site.name}: {' '.join(site.subjects)} · {' '.join(site.classes)}")
    return 0


def cmd_plan(args) -> int:
    slots = [parse_slot(s) for s in args.slot]
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    ctx = open_context(args)
    try:
        result = ctx.services.exam_plans.publish(_actor(ctx, args), args.site, slots, first, last)
    finally:
        ctx.dispose()
    print(f"考试计划 / plan {result.plan_id}: {result.sessions} 场 / sessions"
          + (f", 已存在 / existing {result.skipped}" if result.skipped else ""))
    if result.late:
        print("注意 / note: 计划发布距首场考试不足10日 / published less than 10 days before the first session")
    return 0


def cmd_sessions(args) -> int:
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    ctx = open_context(args)
    try:
        rows = ctx.services.exam_plans.calendar(_actor(ctx, args), first, last, args.subject)
    finally:
        ctx.dispose()
    if args.json:
        print_json([dict(id=r.id, site=r.site_code, day=r.day, half=r.half, subject=r.subject,
                         classes=list(r.classes), capacity=r.capacity, booked=r.booked) for r in rows])
        return 0
    print_table([[r.id, r.day, exam_rules.HALVES[r.half], licensing.SUBJECT_NAMES[r.subject], r.site_code,
                  " ".join(r.classes), r.capacity, r.booked] for r in rows],
                ["id", "日期 day", "时段 half", "科目 subject", "考场 site", "车型 classes", "考位 capacity", "已约 booked"])
    return 0


def _progress(done: int, total: int) -> None:
    if total <= 0 or not sys.stderr.isatty():
        return
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(f"\r排考 / allocating [{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}%")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_allocate(args) -> int:
    until = _day(args.until, "--until")
    ctx = open_context(args)
    try:
        report = ctx.services.exam_bookings.allocate(_actor(ctx, args), until, progress=_progress)
    finally:
        ctx.dispose()
    if args.json:
        print_json(dict(until=report.until, expired=report.expired,
                        booked=[line.__dict__ for line in report.booked],
                        not_booked=[line.__dict__ for line in report.not_booked]))
        return 0
    for line in report.booked:
        print(f"排上 / booked   {line.application_no} {line.name_masked} {licensing.SUBJECT_NAMES[line.subject]}"
              f" → {line.session_label}")
    for line in report.not_booked:
        print(f"未排上 / not booked {line.application_no} {line.name_masked} "
              f"{licensing.SUBJECT_NAMES[line.subject]}: {line.reason}")
    print(f"排考至 / until {until}: 排上 / booked {len(report.booked)}, 未排上 / not booked {len(report.not_booked)}"
          + (f", 日期已过 / expired {report.expired}" if report.expired else ""))
    return 0


def cmd_tickets(args) -> int:
    if args.day is not None and not args.site:
        raise UsageError("--day needs --site")
    if args.session is not None and args.site:
        raise UsageError("--site goes with --day, not --session")
    day = _day(args.day, "--day") if args.day is not None else None
    ctx = open_context(args)
    try:
        bookings = ctx.services.exam_bookings
        data = (bookings.session_tickets(_actor(ctx, args), args.session) if day is None
                else bookings.day_tickets(_actor(ctx, args), day, args.site))
    finally:
        ctx.dispose()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"准考证 / admission tickets → {args.out}")
    return 0
