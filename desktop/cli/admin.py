"""init, demo-data, staff and counter commands: a hall can be set up by script as well as by dialog."""

from __future__ import annotations

import sys
import time

from desktop.cli.common import (
    ADMIN_PASSWORD_ENV,
    NEW_PASSWORD_ENV,
    login_as,
    open_context,
    print_json,
    print_table,
    secret,
)
from desktop.domain.halls import DEFAULT_HALL_CODE, DEFAULT_HALL_NAME
from desktop.domain.roles import ROLE_NAMES, Role


def register(sub) -> None:
    p = sub.add_parser("init", help="create or migrate the database (idempotent)")
    p.add_argument("--hall-code", default=DEFAULT_HALL_CODE)
    p.add_argument("--hall-name", default=DEFAULT_HALL_NAME)
    p.add_argument("--address", default="")
    p.add_argument("--admin", metavar="USER", help="create this admin account if it does not exist "
                   f"(password from a prompt or {ADMIN_PASSWORD_ENV})")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo-data", help="fill the database with a realistic hall")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument("--hall-code", default=DEFAULT_HALL_CODE)
    p.add_argument("--hall-name", default=DEFAULT_HALL_NAME)
    p.set_defaults(handler=cmd_demo)

    staff = sub.add_parser("staff", help="staff accounts").add_subparsers(dest="action", required=True)
    p = staff.add_parser("add", help="create an account")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", default="")
    p.add_argument("--badge", default="")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_staff_add)
    p = staff.add_parser("list", help="list accounts")
    p.add_argument("--as", dest="as_user")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_staff_list)
    for action, helptext in (("disable", "disable an account"), ("enable", "enable an account"),
                             ("reset-password", "set a new password (also lifts a lockout)")):
        p = staff.add_parser(action, help=helptext)
        p.add_argument("username")
        p.add_argument("--as", dest="as_user")
        p.set_defaults(handler=cmd_staff_change, action_name=action)

    counter = sub.add_parser("counter", help="counters (windows)").add_subparsers(dest="action", required=True)
    p = counter.add_parser("add", help="add or change a counter")
    p.add_argument("number")
    p.add_argument("--categories", required=True, help="ticket categories served, e.g. A,B")
    p.add_argument("--name", default="")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_counter_add)
    p = counter.add_parser("list", help="list counters")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_counter_list)


def cmd_init(args) -> int:
    from desktop.context import open_store
    from desktop.services.setup import initialise

    password = secret(ADMIN_PASSWORD_ENV, f"{args.admin} 的新密码 / new password: ", confirm=True) \
        if args.admin else None
    url, engine, factory = open_store(args.db)
    try:
        result = initialise(engine, factory, hall_code=args.hall_code, hall_name=args.hall_name,
                            address=args.address, admin_username=args.admin, admin_password=password)
    finally:
        engine.dispose()
    state = "已创建 / created" if result.hall_created else "已存在 / already there"
    print(f"数据库 / database: {url}  (schema {result.schema_revision})")
    print(f"大厅 / hall: {result.hall.code} {result.hall.name} — {state}")
    if result.admin:
        print(f"管理员 / admin: {result.admin.username} 已创建 / created")
    elif args.admin:
        print(f"管理员 / admin: {args.admin} 已存在，密码未改动 / exists, password unchanged")
    return 0


def cmd_demo(args) -> int:
    from datetime import date

    from desktop.context import is_initialised, open_store
    from desktop.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoDataService
    from desktop.services.setup import admin_exists, initialise

    year = args.year or date.today().year
    if not 0 < args.scale <= 10:
        print("错误 / error: --scale 须在 0 到 10 之间 / must be between 0 and 10", file=sys.stderr)
        return 1
    url, engine, factory = open_store(args.db)
    try:
        fresh = not is_initialised(engine)
        result = initialise(engine, factory, hall_code=args.hall_code, hall_name=args.hall_name)
        if fresh:
            print(f"已初始化 / initialised: {url} — {result.hall.code} {result.hall.name}")
        started = time.monotonic()
        summary = DemoDataService(factory).generate(result.hall.code, year=year, scale=args.scale,
                                                    seed=args.seed, progress=_progress)
        print(f"\r完成 / done in {time.monotonic() - started:.1f} s: 窗口 {summary.counters}, "
              f"新增账号 {len(summary.staff_created)}, 新增申请人 {summary.persons}, 新增单位 {summary.companies}, "
              f"新增号票 {summary.tickets}, 新增车辆 {summary.vehicles}, 新增机动车业务 {summary.vehicle_cases}, "
              f"新增驾驶证 {summary.licences}, 新增驾驶证业务 {summary.driver_cases}, 新增考试预约 {summary.exams}")
        if not admin_exists(factory, result.hall.code):
            print("警告 / warning: no admin account in this hall", file=sys.stderr)
    finally:
        engine.dispose()
    print(f"\n演示账号 / demo accounts (密码 / password: {DEMO_PASSWORD})")
    print_table([[u, ROLE_NAMES[r][0], name] for u, r, name, _ in DEMO_ACCOUNTS], ["用户名", "角色", "姓名"])
    return 0


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stdout.isatty():
        print(f"\r{stage}: {done}/{total}   ", end="", flush=True)
    elif done == total:
        print(f"{stage}: {total}")


def cmd_staff_add(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        password = secret(NEW_PASSWORD_ENV, f"{args.username} 的新密码 / new password: ", confirm=True)
        row = ctx.services.auth.create_staff(actor, args.username, args.role, password, name=args.name,
                                             badge=args.badge)
        print(f"已创建 / created: {row.username} ({ROLE_NAMES[Role(row.role)][0]})")
        return 0
    finally:
        ctx.dispose()


def cmd_staff_list(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        rows = ctx.services.auth.list_staff(actor)
        if args.json:
            print_json(rows)
        else:
            print_table([[r.username, r.name, ROLE_NAMES[Role(r.role)][0], "启用" if r.active else "停用",
                          "锁定" if r.locked_until else ""] for r in rows],
                        ["用户名", "姓名", "角色", "状态", "锁定"])
        return 0
    finally:
        ctx.dispose()


def cmd_staff_change(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        auth = ctx.services.auth
        if args.action_name == "reset-password":
            password = secret(NEW_PASSWORD_ENV, f"{args.username} 的新密码 / new password: ", confirm=True)
            row = auth.reset_password(actor, args.username, password)
            print(f"已重置密码 / password reset: {row.username}")
        else:
            row = auth.set_active(actor, args.username, args.action_name == "enable")
            print(f"{'已启用 / enabled' if row.active else '已停用 / disabled'}: {row.username}")
        return 0
    finally:
        ctx.dispose()


def cmd_counter_add(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        row, created = ctx.services.halls.save_counter(actor, args.number, args.categories, args.name)
        print(f"{'已添加 / added' if created else '已更新 / updated'}: {row.number} {row.name} "
              f"[{','.join(row.categories)}]")
        return 0
    finally:
        ctx.dispose()


def cmd_counter_list(args) -> int:
    ctx = open_context(args)
    try:
        rows = ctx.services.halls.counters(ctx.hall_code)
        if args.json:
            print_json(rows)
        else:
            print_table([[r.number, r.name, ",".join(r.categories), "启用" if r.active else "停用"] for r in rows],
                        ["窗口", "名称", "类别", "状态"])
        return 0
    finally:
        ctx.dispose()
