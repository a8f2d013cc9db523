"""Run the Alembic migrations that ship inside the package (at start-up and at `init`).

Alembic is imported here only, lazily: it costs ~0.5 s (PLATFORM.md)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision, so that a start on a current database reads one row and never
# imports Alembic. A test checks it against the scripts: bump it with every new migration.
HEAD_REVISION = "0007"


def _config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's revision (alembic_version holds one row once migrated)."""
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    return rows[0] if len(rows) == 1 else None


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD_REVISION


MIGRATION_LOCK = 0x43440001  # pg_advisory_xact_lock key: "CD" + 1


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate in one transaction. When several PCs start at once, the first takes the lock and
    migrates; the others wait for it and then find nothing left to do (PostgreSQL: an advisory lock,
    and DDL is transactional; SQLite: BEGIN IMMEDIATE already serialises the writers)."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        command.upgrade(_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_config(connection), revision)


def ensure_current(engine: Engine) -> None:
    """Migrate to head if the database is behind (cheap check first, so start-up stays fast)."""
    if needs_upgrade(engine):
        upgrade(engine)
