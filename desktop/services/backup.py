"""Backup and restore (备份与恢复).

SQLite: SQLite's online backup API copies a consistent snapshot while counters keep working; the copy
is checked (PRAGMA integrity_check, the audit chain) before it is renamed into place. PostgreSQL:
pg_dump in its custom format, pg_restore back (both from the server's Debian packages), in one
transaction. Each backup has a small JSON beside it (the newest audit entry, the halls), which
`restore` reads to refuse replacing a database that has changed since the backup, unless forced.
An automatic backup is made at the first start of each day, keeping the last 30."""

from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.engine import make_url

from desktop.domain.errors import CounterDeskError, RefusedError, ValidationError
from desktop.services.audit import verify_chain
from desktop.store.engine import make_engine, make_session_factory
from desktop.store.models import AuditEntry, Hall

KEEP_DAILY = 30
DAILY_PREFIX = "counterdesk-"


@dataclass(frozen=True)
class Snapshot:
    """What a database (or a backup of one) contains, for the newer-than check."""

    last_audit_id: int
    last_audit_at: str  # ISO, "" for an empty log
    halls: tuple[str, ...]
    backend: str
    made_at: str = ""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    snapshot: Snapshot


class BackupError(CounterDeskError):
    pass


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def snapshot_of(url: str) -> Snapshot:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            last = session.execute(select(AuditEntry.id, AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1)
                                   ).first()
            halls = tuple(session.execute(select(Hall.code).order_by(Hall.code)).scalars())
        return Snapshot(last[0] if last else 0, last[1].isoformat() if last else "", halls,
                        engine.dialect.name)
    finally:
        engine.dispose()


def check_database(url: str) -> None:
    """PRAGMA integrity_check (SQLite) and the audit chain; raises BackupError with the reason."""
    try:
        _check_database(url)
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
        raise BackupError("database_unreadable", f"数据库文件损坏或无法读取：{reason}",
                          f"The database file is damaged or unreadable: {reason}") from exc


def _check_database(url: str) -> None:
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                raise BackupError("integrity_failed", f"数据库完整性检查未通过：{result}",
                                  f"The database integrity check failed: {result}")
        with make_session_factory(engine)() as session:
            report = verify_chain(session)
        if not report.ok:
            raise BackupError("audit_chain_broken", f"审计链校验未通过：{report.message_zh}",
                              f"The audit chain does not verify: {report.message_en}")
    finally:
        engine.dispose()


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    raise BackupError("pg_tool_missing", f"找不到 {name}：请安装 postgresql-client",
                      f"{name} not found: install postgresql-client")


def _libpq_uri(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(url: str, out: Path, *, now: datetime) -> BackupResult:
    """A consistent copy of the database at `out` (SQLite file, or a pg_dump custom-format file)."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ValidationError("out", "out_is_dir", f"{out} 是一个文件夹，请给出备份文件名",
                              f"{out} is a folder: give the backup file's name")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    snap = snapshot_of(url)
    source = _sqlite_path(url)
    try:
        if source is not None:
            src = sqlite3.connect(source)
            dst = sqlite3.connect(part)
            try:
                src.backup(dst, pages=4096)  # in steps: writers are not blocked for the whole copy
            finally:
                dst.close()
                src.close()
            check_database(f"sqlite:///{part}")
            snap = snapshot_of(f"sqlite:///{part}")  # what the copy holds (writers went on meanwhile)
        else:
            done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={part}",
                                   _libpq_uri(url)], capture_output=True, text=True, timeout=3600)
            if done.returncode != 0:
                raise BackupError("pg_dump_failed", f"pg_dump 失败：{done.stderr.strip()[:300]}",
                                  f"pg_dump failed: {done.stderr.strip()[:300]}")
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    snap = Snapshot(**{**asdict(snap), "made_at": now.isoformat()})
    sidecar(out).write_text(json.dumps(asdict(snap), ensure_ascii=False, indent=1), encoding="utf-8")
    return BackupResult(out, out.stat().st_size, snap)


def backup_snapshot(src: Path) -> Snapshot | None:
    """What a backup holds, from the JSON beside it or the file itself; None when neither can be
    read as a CounterDesk backup."""
    try:
        return _backup_snapshot(src)
    except (ValueError, TypeError, AttributeError, KeyError, OSError, DBAPIError):
        return None  # broken JSON, binary, unknown keys; another program's SQLite file; garbage


def _backup_snapshot(src: Path) -> Snapshot | None:
    meta = sidecar(src)
    if meta.is_file():
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["halls"] = tuple(data.get("halls", ()))
        return Snapshot(**data)
    try:
        with open(src, "rb") as f:
            is_sqlite = f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return None
    return snapshot_of(f"sqlite:///{src}") if is_sqlite else None


def restore(url: str, src: Path, *, force: bool = False) -> Snapshot:
    """Replace the database with a backup. Refused when the database has audit entries newer than
    the backup's, or holds other halls, unless `force`. Checked afterwards (integrity, audit chain)."""
    src = Path(src)
    if not src.is_file():
        raise ValidationError("from", "backup_missing", f"找不到备份文件：{src}", f"No backup file: {src}")
    theirs = backup_snapshot(src)
    target = _sqlite_path(url)
    if theirs is None:
        raise ValidationError("from", "backup_unreadable", "无法识别该备份文件（既不是 SQLite 文件，也没有说明文件）",
                              "The backup cannot be read (not an SQLite file and no .json beside it)")
    if (target is None) != (theirs.backend == "postgresql"):
        raise RefusedError("backup_other_backend", "备份与当前数据库类型不同（SQLite 与 PostgreSQL 不能互相恢复）",
                           "The backup is of the other kind of database (SQLite vs PostgreSQL)")
    if theirs.backend == "sqlite":
        check_database(f"sqlite:///{src}")
    exists = target is None or (target.exists() and target.stat().st_size > 0)
    if exists and not force:
        try:
            ours = snapshot_of(url)
        except Exception:  # noqa: BLE001 — an unreadable or empty database is not newer than anything
            ours = None
        if ours is not None:
            if ours.last_audit_id > theirs.last_audit_id or ours.last_audit_at > theirs.last_audit_at:
                raise RefusedError("database_newer",
                                   f"当前数据库比备份新（审计记录 {ours.last_audit_id} 条，备份 {theirs.last_audit_id} 条），"
                                   "如确需覆盖请加 --force",
                                   f"The database is newer than the backup ({ours.last_audit_id} audit entries, the "
                                   f"backup {theirs.last_audit_id}): add --force to overwrite it")
            if ours.halls and set(ours.halls) != set(theirs.halls):
                raise RefusedError("backup_other_hall", "备份来自其他大厅，如确需覆盖请加 --force",
                                   "The backup is of another hall: add --force to overwrite")
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        src_con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        dst_con = sqlite3.connect(target, timeout=30)
        try:
            src_con.backup(dst_con)  # writes through SQLite's locking: safe if another process has it open
        finally:
            dst_con.close()
            src_con.close()
    else:
        done = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                               f"--dbname={_libpq_uri(url)}", str(src)], capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise BackupError("pg_restore_failed", f"pg_restore 失败：{done.stderr.strip()[:300]}",
                              f"pg_restore failed: {done.stderr.strip()[:300]}")
    check_database(url)
    return theirs


def daily_backup(url: str, folder: Path, today: date, *, now: datetime, keep: int = KEEP_DAILY) -> Path | None:
    """The first start of a day backs the SQLite database up into `folder`, keeping the newest `keep`.
    Returns the new file, or None when today's exists already or the database is PostgreSQL (the
    server's own pg_dump schedule covers it)."""
    if _sqlite_path(url) is None or not _sqlite_path(url).exists():
        return None
    folder = Path(folder)
    out = folder / f"{DAILY_PREFIX}{today:%Y%m%d}.sqlite3"
    if out.exists():
        return None
    backup(url, out, now=now)
    olds = sorted(folder.glob(f"{DAILY_PREFIX}????????.sqlite3"))
    for old in olds[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
        sidecar(old).unlink(missing_ok=True)
    return out
