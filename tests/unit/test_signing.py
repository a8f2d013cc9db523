"""Signed QR payloads: round trip, tamper evidence, strict parsing."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest

from desktop.documents.signing import (
    DOCUMENT_KINDS,
    MAX_HALL_LENGTH,
    MAX_PAYLOAD_LENGTH,
    MAX_SERIAL_LENGTH,
    DocumentRef,
    new_hall_key,
    parse_payload,
    payload_signature_ok,
    sign_payload,
    verify_payload,
)
from desktop.domain.errors import ValidationError

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
REF = DocumentRef(kind="AN", serial="AN20261126000123", hall="152900", issued=date(2026, 11, 26))
# Every character a QR alphanumeric-mode payload can hold, plus lower case (scanners may send it).
QR_ALPHANUMERIC = string.digits + string.ascii_uppercase + " $%*+-./:"
REPLACEMENTS = QR_ALPHANUMERIC + string.ascii_lowercase


def test_kinds_cover_the_documents_the_hall_prints() -> None:
    assert {"SL", "RC", "AN", "RN", "AT", "TR", "TD"} <= DOCUMENT_KINDS.keys()
    assert DOCUMENT_KINDS["RN"] == ("容缺受理通知书", "notice of acceptance with a material missing")
    for zh, en in DOCUMENT_KINDS.values():
        assert zh and en


def test_round_trip() -> None:
    text = sign_payload(REF, KEY)
    assert text.startswith("CD1.AN.152900.20261126.AN20261126000123.")
    ref, mac = parse_payload(text)
    assert ref == REF
    assert text.endswith("." + mac)
    assert payload_signature_ok(text, KEY)
    assert verify_payload(text, KEY) == REF
    assert ref.kind_name_zh == "受理凭证"


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_round_trip_every_kind(kind: str) -> None:
    ref = DocumentRef(kind=kind, serial="7", hall="A", issued=date(2027, 2, 28))
    text = sign_payload(ref, KEY)
    assert verify_payload(text, KEY) == ref


def test_payload_uses_only_qr_alphanumeric_characters() -> None:
    text = sign_payload(REF, KEY)
    assert set(text) <= set(QR_ALPHANUMERIC) - {" "}
    assert text == text.upper()


def test_longest_payload_fits() -> None:
    ref = DocumentRef(kind="RN", serial="Z" * MAX_SERIAL_LENGTH, hall="9" * MAX_HALL_LENGTH, issued=date(2099, 12, 31))
    text = sign_payload(ref, KEY)
    assert len(text) <= MAX_PAYLOAD_LENGTH
    assert len(text) <= 70
    assert parse_payload(text)[0] == ref


def test_mac_has_at_least_80_bits() -> None:
    _, mac = parse_payload(sign_payload(REF, KEY))
    assert len(mac) * 5 >= 80


def test_every_single_character_change_is_rejected() -> None:
    text = sign_payload(REF, KEY)
    checked = 0
    for i, original in enumerate(text):
        for ch in REPLACEMENTS:
            if ch.upper() == original:
                continue  # the same payload after normalisation, not a change
            changed = text[:i] + ch + text[i + 1 :]
            try:
                parse_payload(changed)
            except ValidationError as error:
                assert error.code == "qr_format"
            assert not payload_signature_ok(changed, KEY), changed
            with pytest.raises(ValidationError) as raised:
                verify_payload(changed, KEY)
            assert raised.value.code in {"qr_format", "qr_signature"}
            checked += 1
    assert checked > len(text) * 60


def test_deleting_or_inserting_a_character_is_rejected() -> None:
    text = sign_payload(REF, KEY)
    for i in range(len(text)):
        assert not payload_signature_ok(text[:i] + text[i + 1 :], KEY)
        for ch in "0A.":
            assert not payload_signature_ok(text[:i] + ch + text[i:], KEY)


def test_wrong_key_is_rejected() -> None:
    text = sign_payload(REF, KEY)
    assert not payload_signature_ok(text, OTHER_KEY)
    with pytest.raises(ValidationError) as raised:
        verify_payload(text, OTHER_KEY)
    assert raised.value.code == "qr_signature"
    assert "验签失败" in raised.value.message_zh


def test_scanner_noise_is_normalised() -> None:
    text = sign_payload(REF, KEY)
    assert payload_signature_ok(f"  {text.lower()}\r\n", KEY)
    assert parse_payload(text.lower())[0] == REF


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "X" * (MAX_PAYLOAD_LENGTH + 1),
        "https://example.com/?q=1",
        "CD2.AN.152900.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.XX.152900.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.A1",
        "CD1.AN.152900.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAAA.B",
        "CD1.AN..20261126.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.1234567890123.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261131.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261301.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.2026112.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.2026-11-2.A1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126..AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.A-1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.12345678901234567.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.A1.AAAAAAAAAAAAAAAAAAAAAAA1",
        "CD1.AN.152900.20261126.Ａ1.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.ﬁ.AAAAAAAAAAAAAAAAAAAAAAAA",
        "CD1.AN.152900.20261126.A 1.AAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_malformed_payloads_raise_qr_format(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_payload(text)
    error = raised.value
    assert error.code == "qr_format"
    assert error.field == "qr"
    assert "二维码" in error.message_zh and "QR" in error.message_en
    assert not payload_signature_ok(text, KEY)


def test_non_text_is_malformed() -> None:
    with pytest.raises(ValidationError):
        parse_payload(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "ZZ"}, "document_kind"),
        ({"serial": ""}, "serial_format"),
        ({"serial": "a023"}, "serial_format"),
        ({"serial": "A-023"}, "serial_format"),
        ({"serial": "号023"}, "serial_format"),
        ({"serial": "1" * (MAX_SERIAL_LENGTH + 1)}, "serial_format"),
        ({"hall": ""}, "hall_code_format"),
        ({"hall": "1" * (MAX_HALL_LENGTH + 1)}, "hall_code_format"),
        ({"hall": "15.29"}, "hall_code_format"),
        ({"issued": datetime(2026, 11, 26, 9, 41)}, "document_date"),
        ({"issued": "2026-11-26"}, "document_date"),
    ],
)
def test_bad_refs_are_refused_before_signing(changes: dict, code: str) -> None:
    fields = {"kind": "AN", "serial": "A023", "hall": "152900", "issued": date(2026, 11, 26)} | changes
    with pytest.raises(ValidationError) as raised:
        DocumentRef(**fields)
    assert raised.value.code == code


def test_hall_keys_are_fresh_and_long() -> None:
    keys = {new_hall_key() for _ in range(5)}
    assert len(keys) == 5
    assert all(len(k) == 32 for k in keys)


def test_signing_refuses_a_short_key() -> None:
    with pytest.raises(ValueError):
        sign_payload(REF, b"short")


def test_signature_depends_on_every_field() -> None:
    base = sign_payload(REF, KEY).rsplit(".", 1)[1]
    variants = [
        DocumentRef("RN", REF.serial, REF.hall, REF.issued),
        DocumentRef(REF.kind, "AN20261126000124", REF.hall, REF.issued),
        DocumentRef(REF.kind, REF.serial, "152901", REF.issued),
        DocumentRef(REF.kind, REF.serial, REF.hall, date(2026, 11, 27)),
    ]
    for ref in variants:
        assert sign_payload(ref, KEY).rsplit(".", 1)[1] != base
