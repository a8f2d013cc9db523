"""Staff accounts, roles enforced in the services, lockout after five failures."""

from __future__ import annotations

import pytest

from desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from desktop.services.auth import password_matches


def test_admin_creates_clerk_who_logs_in(hall):
    auth = hall.services.auth
    auth.create_staff(hall.admin, "clerk01", "clerk", "clerkpass1", name="李娜")
    actor = auth.login("clerk01", "clerkpass1", counter=3)
    assert (actor.username, actor.role, actor.counter, actor.hall_code) == ("clerk01", "clerk", 3, "152900")


def test_password_is_hashed_and_never_in_the_audit_log(hall):
    hall.services.auth.create_staff(hall.admin, "clerk02", "clerk", "s3cret-word", name="张伟")
    with hall.ctx.session_factory() as session:
        from desktop.store.models import AuditEntry, Staff

        staff = session.query(Staff).filter_by(username="clerk02").one()
        assert staff.password_hash.startswith("$argon2id$")  # cheap parameters in tests, same scheme
        assert password_matches(staff.password_hash, "s3cret-word")
        assert not any("s3cret-word" in (e.detail or "") for e in session.query(AuditEntry))


def test_five_failures_lock_for_fifteen_minutes(hall):
    auth = hall.services.auth
    auth.create_staff(hall.admin, "clerk03", "clerk", "rightpass1")
    for _ in range(4):
        with pytest.raises(AuthenticationError) as exc:
            auth.login("clerk03", "wrong")
        assert exc.value.code == "bad_credentials"
    with pytest.raises(AuthenticationError) as exc:
        auth.login("clerk03", "wrong")
    assert exc.value.code == "account_locked"
    # Even the right password is refused while locked.
    with pytest.raises(AuthenticationError) as exc:
        auth.login("clerk03", "rightpass1")
    assert exc.value.code == "account_locked"
    hall.clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthenticationError):
        auth.login("clerk03", "rightpass1")
    hall.clock.advance(seconds=2)
    assert auth.login("clerk03", "rightpass1").username == "clerk03"
    actions = [r.action for r in hall.services.audit.recent(hall.admin, limit=20)]
    assert actions.count("login_failed") == 4 and "account_locked" in actions


def test_success_resets_the_failure_count(hall):
    auth = hall.services.auth
    auth.create_staff(hall.admin, "clerk04", "clerk", "rightpass1")
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.login("clerk04", "wrong")
    auth.login("clerk04", "rightpass1")
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.login("clerk04", "wrong")
    assert auth.login("clerk04", "rightpass1")


def test_reset_password_lifts_the_lock(hall):
    auth = hall.services.auth
    auth.create_staff(hall.admin, "clerk05", "clerk", "rightpass1")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login("clerk05", "wrong")
    auth.reset_password(hall.admin, "clerk05", "newpass123")
    assert auth.login("clerk05", "newpass123")


def test_disabled_account_cannot_log_in(hall):
    auth = hall.services.auth
    auth.create_staff(hall.admin, "clerk06", "clerk", "rightpass1")
    auth.set_active(hall.admin, "clerk06", False)
    with pytest.raises(AuthenticationError) as exc:
        auth.login("clerk06", "rightpass1")
    assert exc.value.code == "account_disabled"
    with pytest.raises(ValidationError):
        auth.set_active(hall.admin, "admin", False)


@pytest.mark.parametrize("role", ["clerk", "exam", "supervisor"])
def test_only_admin_manages_staff_and_counters(hall, role):
    auth = hall.services.auth
    auth.create_staff(hall.admin, f"user_{role}", role, "rightpass1")
    actor = auth.login(f"user_{role}", "rightpass1")
    with pytest.raises(PermissionDenied):
        auth.create_staff(actor, "intruder", "admin", "rightpass1")
    with pytest.raises(PermissionDenied):
        auth.reset_password(actor, "admin", "takeover99")
    with pytest.raises(PermissionDenied):
        hall.services.halls.save_counter(actor, 9, "A")
    assert "intruder" not in {r.username for r in auth.list_staff(hall.admin)}


@pytest.mark.parametrize("username,role,password,code", [
    ("", "clerk", "rightpass1", "username_empty"),
    ("张三", "clerk", "rightpass1", "username_invalid"),
    ("x" * 41, "clerk", "rightpass1", "username_invalid"),
    ("ok_user", "boss", "rightpass1", "role_unknown"),
    ("ok_user", "clerk", "short1", "password_too_short"),
    ("ok_user", "clerk", "onlyletters", "password_too_simple"),
    ("admin", "clerk", "rightpass1", "username_taken"),
])
def test_bad_staff_input_is_refused_and_writes_nothing(hall, username, role, password, code):
    before = hall.services.audit.count()
    with pytest.raises(ValidationError) as exc:
        hall.services.auth.create_staff(hall.admin, username, role, password)
    assert exc.value.code == code and exc.value.message_zh and exc.value.message_en
    assert hall.services.audit.count() == before


def test_counters_are_saved_and_validated(hall):
    halls = hall.services.halls
    row, created = halls.save_counter(hall.admin, "3", "a, b", "3号窗口")
    assert created and row.categories == ["A", "B"]
    row, created = halls.save_counter(hall.admin, 3, ["A"], "")
    assert not created and row.categories == ["A"] and row.name == "3号窗口"
    for number, cats, code in [(0, "A", "counter_number_invalid"), ("x", "A", "counter_number_invalid"),
                               (4, "Z", "category_unknown"), (4, "", "categories_empty")]:
        with pytest.raises(ValidationError) as exc:
            halls.save_counter(hall.admin, number, cats)
        assert exc.value.code == code
    assert [c.number for c in halls.counters("152900")] == [3]
