"""Creating or migrating a database (初始化): schema, the hall and its signing key, the first admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.documents.signing import new_hall_key
from desktop.domain.roles import Role
from desktop.services.auth import AuthService, StaffRow
from desktop.services.base import Actor, Clock, utc_now
from desktop.services.halls import HallInfo, HallService
from desktop.services.tickets import ensure_default_categories
from desktop.store import migrate
from desktop.store.models import Staff


@dataclass(frozen=True)
class InitResult:
    hall: HallInfo
    hall_created: bool
    admin: StaffRow | None
    schema_revision: str


def admin_exists(session_factory: sessionmaker[Session], hall_code: str) -> bool:
    with session_factory() as session, session.begin():
        return session.execute(select(Staff.id).where(Staff.hall_code == hall_code,
                                                      Staff.role == Role.ADMIN)).first() is not None


def initialise(engine: Engine, session_factory: sessionmaker[Session], *, hall_code: str, hall_name: str,
               address: str = "", admin_username: str | None = None, admin_password: str | None = None,
               clock: Clock = utc_now, hasher=None) -> InitResult:
    """Idempotent: migrates to head, creates the hall once (its key is never replaced), and creates
    the admin account only if it does not exist yet."""
    migrate.ensure_current(engine)  # Alembic only when there is something to migrate
    halls = HallService(session_factory, clock)
    hall, created = halls.ensure_hall(hall_code, hall_name, address, new_key=new_hall_key())
    ensure_default_categories(session_factory, hall.code)
    admin = None
    if admin_username:
        auth = AuthService(session_factory, clock, hasher)
        system = Actor.system(hall.code)
        known = {row.username for row in auth.list_staff(system)}
        if admin_username.strip().lower() not in known:
            admin = auth.create_staff(system, admin_username, Role.ADMIN, admin_password or "",
                                      name="系统管理员", hall_code=hall.code)
    return InitResult(hall, created, admin, migrate.HEAD_REVISION)
