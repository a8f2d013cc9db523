"""Signed QR payloads (扫码验真): what a document's QR code says, and how to check it offline.

A payload is one short line that a cheap scanner reads in QR alphanumeric mode:

    CD1.AN.152900.20261126.AN0000123.<MAC>

version, document kind, hall code, issue date, serial, then HMAC-SHA256 over everything before
the last dot, with the hall's secret key, truncated to 120 bits and written in base32 (A-Z 2-7,
no padding). Every field is checked strictly on the way back in, so any changed character either
breaks the format or breaks the MAC. Pure: no I/O, no clock; the key is passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.errors import ValidationError

PAYLOAD_VERSION = "CD1"
MAX_PAYLOAD_LENGTH = 100
# 15 bytes = 120 bits = exactly 24 base32 characters, so there is no padding and no spare bits:
# every character of the MAC carries signature.
MAC_BYTES = 15
MAC_LENGTH = MAC_BYTES * 8 // 5
MAX_SERIAL_LENGTH = 16
MAX_HALL_LENGTH = 12  # halls.code is String(12)

DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "SL": ("排队号票", "queue slip"),
    "RC": ("收费收据", "fee receipt"),
    "AN": ("受理凭证", "acceptance notice"),
    "RN": ("容缺受理通知书", "notice of acceptance with a material missing"),
    "AT": ("准考证", "admission ticket"),
    "LQ": ("领证凭证", "licence pickup slip"),
    "TR": ("统计报表", "tally report"),
    "TD": ("测试凭证", "test document"),
}

_SERIAL_RE = re.compile(rf"[0-9A-Z]{{1,{MAX_SERIAL_LENGTH}}}")
_HALL_RE = re.compile(rf"[0-9A-Z]{{1,{MAX_HALL_LENGTH}}}")
_DATE_RE = re.compile(r"[0-9]{8}")
_MAC_RE = re.compile(rf"[A-Z2-7]{{{MAC_LENGTH}}}")


@dataclass(frozen=True)
class DocumentRef:
    """What a QR identifies: which document (kind + serial), from which hall, issued which day."""

    kind: str
    serial: str
    hall: str
    issued: date

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValidationError(
                "kind", "document_kind", f"未知的单据类型：{self.kind!r}", f"Unknown document kind: {self.kind!r}"
            )
        if not isinstance(self.serial, str) or not _SERIAL_RE.fullmatch(self.serial):
            raise ValidationError(
                "serial",
                "serial_format",
                f"单据编号须为 1–{MAX_SERIAL_LENGTH} 位大写字母或数字：{self.serial!r}",
                f"A document serial is 1–{MAX_SERIAL_LENGTH} upper-case letters or digits: {self.serial!r}",
            )
        if not isinstance(self.hall, str) or not _HALL_RE.fullmatch(self.hall):
            raise ValidationError(
                "hall",
                "hall_code_format",
                f"大厅代码须为 1–{MAX_HALL_LENGTH} 位大写字母或数字：{self.hall!r}",
                f"A hall code is 1–{MAX_HALL_LENGTH} upper-case letters or digits: {self.hall!r}",
            )
        # datetime is a subclass of date; a timestamp here would be a caller's mistake.
        if not isinstance(self.issued, date) or isinstance(self.issued, datetime):
            raise ValidationError(
                "issued", "document_date", "签发日期须为日期（不含时间）", "The issue date must be a date (no time)"
            )

    @property
    def kind_name_zh(self) -> str:
        return DOCUMENT_KINDS[self.kind][0]

    @property
    def kind_name_en(self) -> str:
        return DOCUMENT_KINDS[self.kind][1]


def new_hall_key() -> bytes:
    """A fresh 32-byte secret for one hall's QR signatures (created at `init`, kept in halls.secret_key)."""
    return secrets.token_bytes(32)


def _body(ref: DocumentRef) -> str:
    d = ref.issued
    return f"{PAYLOAD_VERSION}.{ref.kind}.{ref.hall}.{d.year:04d}{d.month:02d}{d.day:02d}.{ref.serial}"


def _mac(body: str, key: bytes) -> str:
    if not isinstance(key, (bytes, bytearray)) or len(key) < 16:
        # A programming error, not something a person at the counter can act on.
        raise ValueError("the hall signing key must be at least 16 bytes")
    digest = hmac.new(bytes(key), body.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:MAC_BYTES]).decode("ascii")


def sign_payload(ref: DocumentRef, key: bytes) -> str:
    """The QR text for a document: body plus its truncated HMAC (≤ 70 characters, alphanumeric mode)."""
    body = _body(ref)
    return f"{body}.{_mac(body, key)}"


def _format_error(reason_zh: str, reason_en: str) -> ValidationError:
    return ValidationError(
        "qr",
        "qr_format",
        f"不是本系统签发的二维码（{reason_zh}）",
        f"Not a QR code issued by CounterDesk ({reason_en})",
    )


def parse_payload(text: str) -> tuple[DocumentRef, str]:
    """Split a scanned payload into the document it names and its MAC; does NOT check the MAC.

    Raises ValidationError(code="qr_format") for anything that is not a well-formed payload.
    Surrounding whitespace and lower case (some scanners send it) are tolerated.
    """
    if not isinstance(text, str):
        raise _format_error("内容不是文本", "content is not text")
    text = text.strip()
    if not text:
        raise _format_error("内容为空", "it is empty")
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise _format_error("内容过长", "it is too long")
    if not text.isascii():
        # Checked before upper(): 'ﬁ'.upper() == 'FI' must not sneak a payload through.
        raise _format_error("含有非法字符", "it contains characters a payload never has")
    text = text.upper()
    parts = text.split(".")
    if parts[0] != PAYLOAD_VERSION:
        raise _format_error("前缀不符", f"it does not start with {PAYLOAD_VERSION}.")
    if len(parts) != 6:
        raise _format_error("字段数不符", "wrong number of fields")
    _, kind, hall, day, serial, mac = parts
    if kind not in DOCUMENT_KINDS:
        raise _format_error("单据类型未知", "unknown document kind")
    if not _HALL_RE.fullmatch(hall):
        raise _format_error("大厅代码格式错误", "malformed hall code")
    if not _DATE_RE.fullmatch(day):
        raise _format_error("日期格式错误", "malformed date")
    try:
        issued = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise _format_error("日期不存在", "no such date") from None
    if not _SERIAL_RE.fullmatch(serial):
        raise _format_error("单据编号格式错误", "malformed serial")
    if not _MAC_RE.fullmatch(mac):
        raise _format_error("签名格式错误", "malformed signature")
    return DocumentRef(kind=kind, serial=serial, hall=hall, issued=issued), mac


def payload_signature_ok(text: str, key: bytes) -> bool:
    """True when the payload is well formed and signed with this key. Malformed text is simply False;
    call parse_payload first when the reason should be shown."""
    try:
        ref, mac = parse_payload(text)
    except ValidationError:
        return False
    return hmac.compare_digest(_mac(_body(ref), key), mac)


def verify_payload(text: str, key: bytes) -> DocumentRef:
    """The document a scanned QR names, or ValidationError: qr_format (malformed) / qr_signature
    (well formed but not signed with this hall's key — altered, forged, or from another hall)."""
    ref, mac = parse_payload(text)
    if not hmac.compare_digest(_mac(_body(ref), key), mac):
        raise ValidationError(
            "qr",
            "qr_signature",
            "二维码验签失败：内容被改动，或不是本大厅签发",
            "QR signature check failed: the content was altered or it was not issued by this hall",
        )
    return ref
