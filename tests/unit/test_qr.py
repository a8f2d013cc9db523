"""The QR fast path (desktop/documents/qr.py) makes exactly the `qrcode` library's symbol."""

from __future__ import annotations

import random
import string
from datetime import date

import pytest
import qrcode
from qrcode import util as qr_util

from desktop.documents.qr import qr_matrix, qr_modules
from desktop.documents.signing import DocumentRef, sign_payload


def library_matrix(payload: str) -> tuple[list[list[bool]], int]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix(), code.version


def filling(version: int, alphabet: str, bits_per_char: float, rng: random.Random) -> str:
    """A payload of one mode about as long as `version` holds at level M."""
    limit = qr_util.BIT_LIMIT_TABLE[qrcode.constants.ERROR_CORRECT_M][version]
    return "".join(rng.choice(alphabet) for _ in range(max(1, int((limit - 20) / bits_per_char))))


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6, 7, 9, 10, 14, 20, 26, 27, 40])
@pytest.mark.parametrize("mode", ["numeric", "alphanumeric", "byte"])
def test_same_symbol_as_the_library(version: int, mode: str) -> None:
    rng = random.Random(version * 7 + len(mode))
    alphabet, bits = {"numeric": (string.digits, 10 / 3), "alphanumeric": (string.ascii_uppercase + " $%*+-./:", 5.5),
                      "byte": (string.ascii_lowercase + "{}#!", 8)}[mode]
    payload = filling(version, alphabet, bits, rng)
    expected, made = library_matrix(payload)
    assert made in (version, version + 1)
    assert qr_matrix(payload) == expected


def test_signed_payloads_and_mixed_segments() -> None:
    rng = random.Random(5)
    payloads = [sign_payload(DocumentRef(kind, f"{kind}2026{n:06d}", "152900", date(2026, 11, 26)), bytes(range(32)))
                for kind in ("SL", "RN", "RC") for n in rng.sample(range(10**6), 12)]
    payloads += ["A", "0", "HTTPS://EXAMPLE.ORG/" + "1234567890" * 3 + "abc", "扫码验真 ✓"]
    masks = set()
    for payload in payloads:
        expected, _ = library_matrix(payload)
        assert qr_matrix(payload) == expected, payload
        masks.add(tuple(qr_modules(payload)[8][:9]))  # the format information holds the mask
    assert len(masks) > 3  # several mask patterns were chosen, so the mask scoring was exercised
