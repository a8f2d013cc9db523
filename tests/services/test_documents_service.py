"""The document registry and `verify`: accepted, and refused for each reason."""

from __future__ import annotations

import pytest

from desktop.documents.signing import DocumentRef, new_hall_key, sign_payload
from desktop.domain.errors import PermissionDenied


def test_issue_then_verify(hall):
    ref = hall.services.documents.issue(hall.admin, "TD", subject="测试", record_type="test", record_id=1)
    assert len(ref.payload) <= 100
    result = hall.services.documents.verify(ref.payload)
    assert result.ok and result.serial == ref.serial and result.hall_name == "阿拉善盟车管所"
    assert result.kind_zh == "测试凭证"


def test_serials_are_unique_and_restart_daily(hall):
    docs = hall.services.documents
    a = docs.issue(hall.admin, "TD")
    b = docs.issue(hall.admin, "TD")
    assert a.serial != b.serial and a.serial.endswith("00001") and b.serial.endswith("00002")
    hall.clock.advance(days=1)
    c = docs.issue(hall.admin, "TD")
    assert c.serial.endswith("00001") and c.serial != a.serial


def test_a_batch_registers_what_one_at_a_time_would(hall):
    """issue_many_in: consecutive serials that the next single issue continues, each document
    registered, signed and audited in the chain."""
    docs = hall.services.documents
    first = docs.issue(hall.admin, "AT")
    before = hall.services.audit.count()
    with hall.ctx.session_factory() as session, session.begin():
        batch = docs.issue_many_in(session, hall.admin, "AT", [("王*明", "exam_booking", f"B{i}") for i in range(3)])
        assert docs.issue_many_in(session, hall.admin, "AT", []) == []
    after = docs.issue(hall.admin, "AT")
    assert [r.serial[-5:] for r in (first, *batch, after)] == ["00001", "00002", "00003", "00004", "00005"]
    assert all(docs.verify(r.payload).ok for r in batch)
    assert hall.services.audit.count() == before + 4
    recent = hall.services.audit.recent(hall.admin, limit=4, action="document_issued")
    assert [e.record_id for e in reversed(recent)] == [r.serial for r in (*batch, after)]
    assert hall.services.audit.verify().ok


def test_every_single_character_change_is_rejected(hall):
    payload = hall.services.documents.issue(hall.admin, "AN").payload
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-"
    for i, original in enumerate(payload):
        for ch in alphabet:
            if ch == original:
                continue
            changed = payload[:i] + ch + payload[i + 1:]
            assert not hall.services.documents.verify(changed).ok, changed


def test_reasons_for_rejection(hall):
    docs = hall.services.documents
    ref = docs.issue(hall.admin, "AN")
    # Signed with the right key, but never registered.
    key = docs._keys["152900"]
    ghost = sign_payload(DocumentRef("AN", "AN99999999999", "152900", ref.issued_on), key)
    assert docs.verify(ghost).code == "unknown_serial"
    # Signed by another hall's key.
    assert docs.verify(sign_payload(DocumentRef("AN", ref.serial, "152100", ref.issued_on),
                                    new_hall_key())).code == "other_hall"
    # Forged with a wrong key for our hall.
    assert docs.verify(sign_payload(DocumentRef("AN", ref.serial, "152900", ref.issued_on),
                                    new_hall_key())).code == "bad_signature"
    assert docs.verify("hello").code == "qr_format"
    docs.revoke(hall.admin, ref.serial, "打印错误，已重新出具")
    assert docs.verify(ref.payload).code == "revoked"


def test_only_supervisors_and_admins_revoke(hall):
    hall.services.auth.create_staff(hall.admin, "clerk01", "clerk", "clerkpass1")
    clerk = hall.services.auth.login("clerk01", "clerkpass1")
    ref = hall.services.documents.issue(clerk, "RC")
    with pytest.raises(PermissionDenied):
        hall.services.documents.revoke(clerk, ref.serial, "x")
    assert hall.services.documents.verify(ref.payload).ok
