"""Bad input at the window and at the kiosk: applicants (persons.register / register_company), staff
(auth.login / create_staff), taking a ticket (tickets.take) and calling one out of turn
(calling.call_specific). Each bad call raises a clear CounterDeskError and changes no row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import accounts
from desktop.domain.errors import AuthenticationError, ValidationError
from desktop.domain.identifiers import validate_mobile, validate_uscc
from desktop.domain.queue_rules import PRIORITY_REASONS
from tests.conftest import HALL
from tests.property import support
from tests.property.support import (
    HUGE,
    SQL_META,
    bad_ids,
    bad_usccs,
    campaign,
    junk,
    noise,
    refused,
    tick,
    valid_ids,
    valid_usccs,
)

pytestmark = support.QUIET


def _raises(fn, *args) -> bool:
    try:
        fn(*args)
    except ValidationError:
        return True
    return False


def _bad_name(text: str) -> bool:
    value = text.strip()
    return not value or len(value) > 40 or any(not (ch.isalpha() or ch in "·•. ") for ch in value)


bad_names = st.one_of(
    st.sampled_from(["", "   ", "\u3000", "王" * 41, "张3", "李@", "O'Brien", "王\x00明", "王\u200f明", "😀", HUGE,
                     "Robert'); DROP TABLE persons;--", "%", "_", "=1+1"]),
    noise.filter(_bad_name),
)
bad_phones = st.one_of(junk, st.text(alphabet="+0123456789-() ", min_size=1, max_size=16)).filter(
    lambda t: bool(t) and (len(t) > 70 or _raises(validate_mobile, t)))


@pytest.fixture(scope="module")
def q(phall):
    """Counter 1 (category A) open with the clerk signed in at it."""
    s = phall.services
    s.halls.save_counter(phall.admin, 1, "A")
    s.auth.create_staff(phall.admin, "victim", "clerk", "victimpass1")
    phall.at_counter = s.auth.login("clerk", "clerkpass1", counter=1)
    s.calling.open_counter(phall.at_counter)
    return phall


# -- applicants ----------------------------------------------------------------------------------------

@given(data=st.data(), fault=st.sampled_from(["id", "name", "phone"]))
@campaign(80)
def test_register_person_refuses_bad_id_name_phone(q, data, fault):
    number = data.draw(bad_ids) if fault == "id" else data.draw(valid_ids)
    name = data.draw(bad_names) if fault == "name" else data.draw(st.sampled_from(["张三明", "巴特尔·其其格", "Ann Lee"]))
    phone = data.draw(bad_phones) if fault == "phone" else data.draw(st.sampled_from(["", "13912345678"]))
    address = data.draw(st.one_of(noise, st.just(HUGE)))
    refused(q.watch, "persons.register", q.services.persons.register, q.clerk, number, name, phone, address)


@given(data=st.data(), fault=st.sampled_from(["uscc", "name", "phone"]))
@campaign(30)
def test_register_company_refuses_bad_uscc_name_phone(q, data, fault):
    code = data.draw(st.one_of(bad_usccs, junk.filter(lambda t: len(t) > 70 or _raises(validate_uscc, t)))) \
        if fault == "uscc" else data.draw(valid_usccs)
    name = data.draw(st.sampled_from(["", "  ", "公" * 101, HUGE])) if fault == "name" else "阿拉善运输有限公司"
    phone = data.draw(bad_phones) if fault == "phone" else ""
    refused(q.watch, "persons.register_company", q.services.persons.register_company, q.clerk, code, name, "", phone)


# -- staff ---------------------------------------------------------------------------------------------

KNOWN_USERS = {"admin", "clerk", "officer", "chief", "victim"}


def _not_a_user(text) -> bool:
    try:
        return accounts.check_username(text) not in KNOWN_USERS
    except ValidationError:
        return True


@given(username=st.one_of(junk, st.text(alphabet="abcdefghijklmnopqrstuvwxyzADMIN._-0123456789 ", max_size=12),
                          st.sampled_from([None, 0, b"admin", "admin\x00", "ad min", "admin'--", "%", "_"])
                          ).filter(_not_a_user),
       password=st.one_of(junk, st.none(), st.sampled_from(["admin1234", "' OR '1'='1"])))
@campaign(50)
def test_login_with_an_unknown_or_malformed_user_name(q, username, password):
    exc = refused(q.watch, "auth.login", q.services.auth.login, username, password)
    assert isinstance(exc, AuthenticationError) and exc.code == "bad_credentials"


@given(password=st.one_of(junk, st.none(), st.sampled_from(["victimpass", "VICTIMPASS1", "victimpass1 ", "%", "_"])))
@campaign(20)
def test_login_with_a_wrong_password(q, password):
    """The one refusal that writes, by design: the failure count (and its audit entry) is kept, and
    the fifth failure locks the account. Nothing else changes."""
    tick("auth.login")
    q.services.auth.reset_password(q.admin, "victim", "victimpass1")  # lifts the lock of earlier examples
    before = q.watch.snapshot()
    with pytest.raises(AuthenticationError) as exc:
        q.services.auth.login("victim", password)
    support.assert_clear(exc.value, "auth.login")
    changed = before.diff(q.watch.snapshot())
    assert set(changed) <= {"audit_log"} and all(b - a == 1 for a, b in changed.values()), changed


valid_usernames = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=3, max_size=20).map(
    lambda t: "u" + t).filter(lambda t: t not in KNOWN_USERS)
bad_usernames = st.one_of(junk, st.sampled_from(["张三", "a b", "a" * 41, "admin;--", "a%", "é", "clerk", "ADMIN"])
                          ).filter(lambda t: not isinstance(t, str) or _raises(accounts.check_username, t)
                                   or accounts.check_username(t) in KNOWN_USERS)
bad_passwords = st.one_of(junk, st.sampled_from(["", "short1", "abcdefgh", "12345678", "a1" * 101, "\x00" * 8]),
                          st.text(max_size=7)).filter(lambda t: _raises(accounts.check_new_password, t))


@given(data=st.data(), fault=st.sampled_from(["username", "role", "password", "hall"]))
@campaign(50)
def test_create_staff_refuses_bad_user_name_role_password_hall(q, data, fault):
    username = data.draw(bad_usernames) if fault == "username" else data.draw(valid_usernames)
    role = data.draw(junk.filter(lambda t: t not in ("clerk", "exam", "supervisor", "admin"))) \
        if fault == "role" else "clerk"
    password = data.draw(bad_passwords) if fault == "password" else "goodpass123"
    hall = data.draw(junk.filter(lambda t: t and t != HALL)) if fault == "hall" else None
    refused(q.watch, "auth.create_staff", q.services.auth.create_staff, q.admin, username, role, password,
            name=data.draw(noise), badge=data.draw(noise), hall_code=hall)


# -- the queue -----------------------------------------------------------------------------------------

@given(data=st.data(), fault=st.sampled_from(["hall", "category", "id", "priority"]))
@campaign(60)
def test_take_refuses_bad_category_id_priority_hall(q, data, fault):
    hall = data.draw(junk.filter(lambda t: t != HALL)) if fault == "hall" else HALL
    category = data.draw(st.one_of(junk, st.sampled_from(["E", "Z", "AA", "A'; --", "%", "_", "Ａ"])).filter(
        lambda t: (t or "").strip().upper() not in ("A", "B", "C", "D"))) if fault == "category" \
        else data.draw(st.sampled_from(["A", "b", " c "]))
    number = data.draw(bad_ids.filter(bool)) if fault == "id" else data.draw(st.sampled_from([None, ""]))
    priority = data.draw(junk.filter(lambda t: bool(t) and t not in PRIORITY_REASONS)) if fault == "priority" else ""
    refused(q.watch, "tickets.take", q.services.tickets.take, hall, category, id_number=number,
            priority_reason=priority)


@given(data=st.data(), fault=st.sampled_from(["reason", "label", "counter_unknown", "no_counter"]))
@campaign(40)
def test_call_specific_refuses_bad_label_reason_counter(q, data, fault):
    """No ticket exists in this hall (every take above was refused): any label is unknown."""
    label = data.draw(st.one_of(junk, st.sampled_from(["A001", "a001", "A1", "Z999", "'; DROP TABLE tickets; --"])))
    reason = data.draw(st.sampled_from(["", "   ", "\u3000", "\t\r\n", None])) if fault == "reason" \
        else data.draw(noise.filter(lambda t: bool(t.strip())))
    actor, counter = q.at_counter, None
    if fault == "counter_unknown":
        counter = data.draw(st.integers(-2**62, 2**62).filter(lambda n: n != 1))
    elif fault == "no_counter":
        actor = q.clerk  # logged in without a counter
    refused(q.watch, "calling.call_specific", q.services.calling.call_specific, actor, label, reason, counter)


def test_sql_metacharacters_reach_no_table(q):
    """After every SQL string above the applicants table is still there and still empty."""
    assert q.watch.snapshot().counts["persons"] == 0
    for text in SQL_META:
        assert q.services.persons.find(q.clerk, text) == []
