"""`import vehicles`, `import licences`, `report inspection-due`, `report renewal-due` and `deferrals`
(容缺) commands."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import UsageError, login_as, open_context, print_json, print_table

if TYPE_CHECKING:
    from desktop.services.base import Actor


def register(sub, imports) -> None:
    p = imports.add_parser("vehicles", help="the vehicle register (national field names or Chinese headers)")
    p.add_argument("file", type=Path)
    p.add_argument("--as", dest="as_user", help="default: the system import account")
    p.set_defaults(handler=cmd_import_vehicles)
    p = imports.add_parser("licences", help="the licence register (national field names or Chinese headers)")
    p.add_argument("file", type=Path)
    p.add_argument("--as", dest="as_user", help="default: the system import account")
    p.set_defaults(handler=cmd_import_licences)

    report = sub.add_parser("report", help="reminder lists (提醒清单)").add_subparsers(dest="what", required=True)
    p = report.add_parser("inspection-due", help="vehicles due or overdue for inspection (检验到期提醒)")
    p.add_argument("--on", required=True, help="YYYY-MM-DD")
    p.add_argument("--within-days", type=int, default=30)
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"), default=None,
                   help="default: from the --out file's extension")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--as", dest="as_user", help="default: the system report account")
    p.set_defaults(handler=cmd_report_inspection_due)
    p = report.add_parser("renewal-due", help="driving licences due or overdue for 换证, 体检 or 审验 (驾驶证到期提醒)")
    p.add_argument("--on", required=True, help="YYYY-MM-DD")
    p.add_argument("--within-days", type=int, default=90)
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"), default=None,
                   help="default: from the --out file's extension")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--as", dest="as_user", help="default: the system report account")
    p.set_defaults(handler=cmd_report_renewal_due)

    d = sub.add_parser("deferrals", help="容缺 commitments").add_subparsers(dest="action", required=True)
    p = d.add_parser("list", help="pending commitments (容缺待补)")
    p.add_argument("--all", action="store_true", help="supplied and terminated ones too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_deferrals_list)
    p = d.add_parser("expire", help="terminate every overdue commitment (容缺终止)")
    p.set_defaults(handler=cmd_deferrals_expire)


def _system(ctx, name: str) -> Actor:
    from desktop.services.base import Actor

    return Actor(name, "admin", ctx.hall_code, name)


def cmd_import_vehicles(args) -> int:
    return _import(args, lambda ctx: ctx.services.vehicle_import)


def cmd_import_licences(args) -> int:
    return _import(args, lambda ctx: ctx.services.licence_import)


def _import(args, service) -> int:
    if not args.file.is_file():
        print(f"错误 / error: 找不到文件 / no such file: {args.file}")
        return 1
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user) if args.as_user else _system(ctx, "import")
        report = service(ctx).import_file(actor, args.file)
    finally:
        ctx.dispose()
    errors_path = args.file.with_name(args.file.name + ".errors.csv")
    for e in report.errors:
        print(f"第{e.row}行 / row {e.row} [{e.field}]: {e.message}")
    if report.errors:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["行 row", "字段 field", "错误 message"])
        writer.writerows([e.row, e.field, e.message] for e in report.errors)
        errors_path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
        print(f"错误清单 / errors written to: {errors_path}")
    elif errors_path.exists():
        errors_path.unlink()  # a list from an earlier run would mislead
    print(f"导入 / imported {report.imported}, 已存在 / unchanged {report.unchanged}, 错误 / errors {len(report.errors)}")
    return 1 if report.errors else 0


def _report_args(args) -> tuple[date, str]:
    try:
        on = date.fromisoformat(args.on)
    except ValueError:
        raise UsageError("--on must be a date, YYYY-MM-DD") from None
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "pdf"):
        raise UsageError("give --format csv|xlsx|pdf, or an --out file ending in one of them")
    return on, fmt


def cmd_report_inspection_due(args) -> int:
    on, fmt = _report_args(args)
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user) if args.as_user else _system(ctx, "report")
        report = ctx.services.reports.inspection_due(actor, on, args.within_days)
        data = ctx.services.reports.render_inspection_due(report, fmt)
    finally:
        ctx.dispose()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"检验到期提醒 / inspection due: {len(report.rows)} 辆 / vehicles, 逾期 / overdue {report.overdue} "
          f"→ {args.out}")
    return 0


def cmd_report_renewal_due(args) -> int:
    on, fmt = _report_args(args)
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user) if args.as_user else _system(ctx, "report")
        report = ctx.services.driver_reports.renewal_due(actor, on, args.within_days)
        data = ctx.services.driver_reports.render_renewal_due(report, fmt)
    finally:
        ctx.dispose()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"驾驶证到期提醒 / licences due: {len(report.rows)} 项 / items ({report.holders} 人 / holders), "
          f"逾期 / overdue {report.overdue} → {args.out}")
    return 0


def cmd_deferrals_list(args) -> int:
    ctx = open_context(args)
    try:
        states = ("pending", "supplied", "terminated") if args.all else ("pending",)
        rows = ctx.services.deferrals.list(_system(ctx, "report"), states=states)
    finally:
        ctx.dispose()
    if args.json:
        print_json(rows)
    else:
        print_table([[r.case_no, r.business_name, r.applicant_masked, r.missing, r.deadline,
                      ("逾期" if r.overdue else r.state)] for r in rows],
                    ["受理编号", "业务", "申请人", "容缺材料", "期限", "状态"])
    return 0


def cmd_deferrals_expire(args) -> int:
    ctx = open_context(args)
    try:
        done = ctx.services.deferrals.terminate_overdue(_system(ctx, "system"))
    finally:
        ctx.dispose()
    print(f"终止 / terminated {len(done)}: {' '.join(done)}".strip(), file=sys.stdout)
    return 0

