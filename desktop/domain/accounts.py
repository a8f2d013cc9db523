"""Account rules: lockout after failed logins, password strength. Numbers are policy values."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.errors import ValidationError

MAX_FAILED_LOGINS = 5  # five failures lock the account (foundation issue, hall security practice)
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
USERNAME_MAX = 40


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failure(failed_logins: int, now: datetime) -> tuple[int, datetime | None]:
    """The failure count and lock time after one more wrong password."""
    failed = failed_logins + 1
    if failed >= MAX_FAILED_LOGINS:
        return 0, now + LOCKOUT
    return failed, None


def check_new_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password", "password_too_short",
            f"密码至少{MIN_PASSWORD_LENGTH}位", f"The password needs at least {MIN_PASSWORD_LENGTH} characters",
        )
    if len(password) > 200:
        raise ValidationError("password", "password_too_long", "密码过长", "The password is too long")
    if password.isdigit() or password.isalpha():
        raise ValidationError(
            "password", "password_too_simple",
            "密码须同时包含字母和数字", "The password must contain both letters and digits",
        )


def check_username(username: str) -> str:
    if not isinstance(username, str):
        raise ValidationError("username", "username_empty", "请填写用户名", "Enter a user name")
    name = username.strip()
    if not name:
        raise ValidationError("username", "username_empty", "请填写用户名", "Enter a user name")
    if len(name) > USERNAME_MAX or not all(c.isascii() and (c.isalnum() or c in "._-") for c in name):
        raise ValidationError(
            "username", "username_invalid",
            "用户名只能使用字母、数字和 . _ -，不超过40位",
            "User names use letters, digits and . _ - only, at most 40 characters",
        )
    return name.lower()
