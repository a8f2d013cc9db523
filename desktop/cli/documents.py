"""verify and audit commands."""

from __future__ import annotations

from desktop.cli.common import login_as, open_context, print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("verify", help="check a scanned QR payload (扫码验真)")
    p.add_argument("payload")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="action", required=True)
    p = audit.add_parser("verify", help="check the hash chain of the audit log")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_verify)
    p = audit.add_parser("list", help="the newest audit entries (supervisor or admin)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--as", dest="as_user")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_list)


def cmd_verify(args) -> int:
    ctx = open_context(args)
    try:
        result = ctx.services.documents.verify(args.payload)
    finally:
        ctx.dispose()
    if args.json:
        print_json(result.as_dict())
    elif result.ok:
        print(f"有效 / valid: {result.kind_zh} / {result.kind_en}")
        print(f"  编号 / serial: {result.serial}")
        print(f"  大厅 / hall:   {result.hall_code} {result.hall_name}")
        print(f"  日期 / date:   {result.issued_on}")
        print(f"  经办 / by:     {result.issued_by}")
        if result.subject:
            print(f"  内容 / about:  {result.subject}")
    else:
        print(f"拒绝 / rejected ({result.code}): {result.message_zh} / {result.message_en}")
    return 0 if result.ok else 1


def cmd_audit_verify(args) -> int:
    ctx = open_context(args)
    try:
        report = ctx.services.audit.verify()
    finally:
        ctx.dispose()
    if args.json:
        print_json(report)
    elif report.ok:
        print(f"审计链完整 / audit chain intact: {report.checked} 条 / entries")
    else:
        print(f"审计链被破坏 / audit chain broken at entry {report.bad_entry_id}: "
              f"{report.problem_zh} / {report.problem_en}")
    return 0 if report.ok else 1


def cmd_audit_list(args) -> int:
    ctx = open_context(args)
    try:
        actor = login_as(ctx, args.as_user)
        rows = ctx.services.audit.recent(actor, limit=max(1, min(args.limit, 5000)))
    finally:
        ctx.dispose()
    if args.json:
        print_json(rows)
    else:
        print_table([[r.id, r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.action, r.record_type,
                      r.record_id, r.detail[:60]] for r in rows],
                    ["#", "时间(UTC)", "人员", "操作", "对象", "编号", "说明"])
    return 0
