"""Staff accounts and login (登录): argon2 hashes, lockout after five failures, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desktop.domain import accounts
from desktop.domain.errors import AuthenticationError, NotFoundError, ValidationError
from desktop.domain.roles import Role
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, require, utc_now
from desktop.store.models import Hall, Staff

def default_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile, ~0.3 s here)."""
    return PasswordHasher()


def password_matches(stored_hash: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Any argon2 hash verifies whatever parameters made it (they are stored in the hash)."""
    try:
        return (hasher or PasswordHasher()).verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class StaffRow:
    username: str
    name: str
    badge: str
    role: str
    hall_code: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def _row(s: Staff) -> StaffRow:
    return StaffRow(s.username, s.name, s.badge, s.role, s.hall_code, s.active, s.locked_until,
                    s.last_login_at)


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError("role", "role_unknown", f"未知角色：{role}",
                              f"Unknown role: {role} (clerk, exam, supervisor, admin)") from None


class AuthService(Service):
    def __init__(self, session_factory, clock: Clock = utc_now, hasher: PasswordHasher | None = None) -> None:
        super().__init__(session_factory, clock)
        self._hasher = hasher or default_hasher()

    def login(self, username: str, password: str, counter: int | None = None) -> Actor:
        """Check the password; five failures in a row lock the account for 15 minutes.
        Every attempt is audited; the password never is."""
        now = self._clock()
        bad = AuthenticationError("bad_credentials", "用户名或密码错误", "Wrong user name or password")
        try:
            name = accounts.check_username(username)
        except ValidationError:
            raise bad from None
        with self._sessions() as session, session.begin():
            staff = session.execute(select(Staff).where(Staff.username == name)).scalar_one_or_none()
            if staff is None:
                raise bad
            who = Actor(staff.username, staff.role, staff.hall_code, staff.name, staff.id)
            if not staff.active:
                raise AuthenticationError("account_disabled", "该账号已停用，请联系管理员",
                                          "This account is disabled; ask an administrator")
            if accounts.is_locked(staff.locked_until, now):
                minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
                raise AuthenticationError(
                    "account_locked", f"密码错误次数过多，账号已锁定，请{minutes}分钟后再试",
                    f"Too many wrong passwords: the account is locked for {minutes} more minute(s)")
            if not password_matches(staff.password_hash, password or "", self._hasher):
                # The failure count must be kept although the login is refused: commit, then raise.
                failure = self._record_failure(session, staff, who, now) or bad
            else:
                failure = None
                staff.failed_logins = 0
                staff.locked_until = None
                staff.last_login_at = now
                actor = Actor(staff.username, staff.role, staff.hall_code, staff.name, staff.id, counter, staff.badge)
                audit.record(session, actor=actor, at=now, action="login", record_type="staff",
                             record_id=staff.username, detail=f"counter {counter}" if counter else "")
        if failure is not None:
            raise failure
        return actor

    def _record_failure(self, session, staff: Staff, who: Actor, now: datetime) -> AuthenticationError | None:
        staff.failed_logins, staff.locked_until = accounts.after_failure(staff.failed_logins, now)
        if staff.locked_until is None:
            audit.record(session, actor=who, at=now, action="login_failed", record_type="staff",
                         record_id=staff.username, detail=f"failure {staff.failed_logins}")
            return None
        audit.record(session, actor=who, at=now, action="account_locked", record_type="staff",
                     record_id=staff.username, detail=f"{accounts.MAX_FAILED_LOGINS} failed logins")
        return AuthenticationError(
            "account_locked", f"密码连续错误{accounts.MAX_FAILED_LOGINS}次，账号锁定15分钟",
            f"{accounts.MAX_FAILED_LOGINS} wrong passwords: the account is locked for 15 minutes")

    def logout(self, actor: Actor) -> None:
        with self._sessions() as session, session.begin():
            audit.record(session, actor=actor, at=self._clock(), action="logout",
                         record_type="staff", record_id=actor.username)

    def create_staff(self, actor: Actor, username: str, role: str, password: str, name: str = "",
                     badge: str = "", hall_code: str | None = None) -> StaffRow:
        require(actor, "staff.manage")
        login = accounts.check_username(username)
        role = _check_role(role)
        accounts.check_new_password(password)
        name = (name or "").strip()[:40]
        hall = hall_code or actor.hall_code
        with self._sessions() as session, session.begin():
            if session.get(Hall, hall) is None:
                raise NotFoundError("hall_unknown", f"大厅 {hall} 不存在", f"Hall {hall} does not exist")
            if session.execute(select(Staff.id).where(Staff.username == login)).first():
                raise ValidationError("username", "username_taken", f"用户名 {login} 已存在",
                                      f"The user name {login} is taken")
            staff = Staff(username=login, name=name, badge=(badge or "").strip()[:20], role=role.value,
                          hall_code=hall, password_hash=self._hasher.hash(password), active=True,
                          failed_logins=0, must_change_password=False, created_at=self._clock())
            session.add(staff)
            session.flush()
            audit.record(session, actor=actor, at=self._clock(), action="staff_created",
                         record_type="staff", record_id=login, detail=f"role={role.value}")
            return _row(staff)

    def _get(self, session, username: str) -> Staff:
        login = accounts.check_username(username)
        staff = session.execute(select(Staff).where(Staff.username == login)).scalar_one_or_none()
        if staff is None:
            raise NotFoundError("staff_unknown", f"没有用户 {login}", f"No such user: {login}")
        return staff

    def set_active(self, actor: Actor, username: str, active: bool) -> StaffRow:
        require(actor, "staff.manage")
        with self._sessions() as session, session.begin():
            staff = self._get(session, username)
            if not active and staff.username == actor.username:
                raise ValidationError("username", "cannot_disable_self", "不能停用自己的账号",
                                      "You cannot disable your own account")
            staff.active = active
            audit.record(session, actor=actor, at=self._clock(),
                         action="staff_enabled" if active else "staff_disabled",
                         record_type="staff", record_id=staff.username)
            return _row(staff)

    def reset_password(self, actor: Actor, username: str, new_password: str) -> StaffRow:
        """An admin sets a new password; it also lifts a lockout."""
        require(actor, "staff.manage")
        accounts.check_new_password(new_password)
        with self._sessions() as session, session.begin():
            staff = self._get(session, username)
            staff.password_hash = self._hasher.hash(new_password)
            staff.failed_logins = 0
            staff.locked_until = None
            audit.record(session, actor=actor, at=self._clock(), action="password_reset",
                         record_type="staff", record_id=staff.username)
            return _row(staff)

    def change_own_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        accounts.check_new_password(new_password)
        with self._sessions() as session, session.begin():
            staff = self._get(session, actor.username)
            if not password_matches(staff.password_hash, old_password or "", self._hasher):
                raise AuthenticationError("bad_credentials", "原密码错误", "The current password is wrong")
            staff.password_hash = self._hasher.hash(new_password)
            staff.must_change_password = False
            audit.record(session, actor=actor, at=self._clock(), action="password_changed",
                         record_type="staff", record_id=staff.username)

    def list_staff(self, actor: Actor) -> list[StaffRow]:
        require(actor, "staff.list")
        with self._sessions() as session, session.begin():
            rows = session.execute(select(Staff).order_by(Staff.role, Staff.username)).scalars()
            return [_row(s) for s in rows]
