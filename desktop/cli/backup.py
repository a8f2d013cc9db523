"""`backup` and `restore` (备份与恢复)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import login_as
from desktop.domain.errors import CounterDeskError, PermissionDenied

if TYPE_CHECKING:
    from desktop.services.base import Actor

# The store and services are imported by the commands below, not when the parser is built: the
# parser is built on every start of the counter window too (desktop/cli/__init__.py).


def register(sub) -> None:
    p = sub.add_parser("backup", help="a consistent copy of the database, also while counters are working")
    p.add_argument("--out", type=Path, required=True, help="the backup file (SQLite: a .sqlite3 file; "
                   "PostgreSQL: a pg_dump custom-format file)")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with a backup (checked before and after)")
    p.add_argument("--from", dest="source", type=Path, required=True)
    p.add_argument("--force", action="store_true", help="also when the database is newer than the backup")
    p.add_argument("--as", dest="as_user", help="an administrator of the restored database, recorded in its audit log")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args) -> int:
    from desktop.services import backup as backups
    from desktop.store.engine import resolve_db_url

    url = resolve_db_url(args.db)
    result = backups.backup(url, args.out, now=datetime.now(timezone.utc))
    print(f"备份完成 / backed up: {result.path} ({result.size:,} bytes, "
          f"审计记录 / audit entries {result.snapshot.last_audit_id})")
    return 0


def cmd_restore(args) -> int:
    from desktop.context import open_app
    from desktop.services import audit
    from desktop.services import backup as backups
    from desktop.store.engine import resolve_db_url

    url = resolve_db_url(args.db)
    actor = _administrator(args, url)
    snap = backups.restore(url, args.source, force=args.force)
    ctx = open_app(url)
    try:
        hall = actor.hall_code if actor.hall_code in snap.halls else ctx.hall_code
        with ctx.session_factory() as session, session.begin():
            audit.record(session, actor=actor, at=datetime.now(timezone.utc), action="database_restored",
                         record_type="backup", record_id=args.source.name[:60], hall_code=hall,
                         detail=f"audit entries {snap.last_audit_id}" + (" --force" if args.force else ""))
    finally:
        ctx.dispose()
    print(f"已恢复 / restored from {args.source}: 完整性与审计链校验通过 / integrity and audit chain verified")
    return 0


def _administrator(args, url: str) -> Actor:
    """Who restores: an administrator of the database being replaced, when it is usable; when it is
    missing or broken there is nothing to protect and the restore is recorded as the system's."""
    from desktop.context import open_app
    from desktop.services.base import Actor

    try:
        ctx = open_app(url)
    except CounterDeskError:
        return Actor.system(snapshot_hall(args.source))
    try:
        actor = login_as(ctx, args.as_user)
    finally:
        ctx.dispose()
    if actor.role != "admin":
        raise PermissionDenied("restore_admin_only", "只有系统管理员可以恢复数据库", "Only an administrator may restore")
    return actor


def snapshot_hall(source: Path) -> str:
    from desktop.services import backup as backups

    snap = backups.backup_snapshot(source)
    return snap.halls[0] if snap and snap.halls else ""
