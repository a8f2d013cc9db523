"""Masked display: the common-practice forms, and never more than half of a short value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.masking import (
    mask_id_number,
    mask_mobile,
    mask_name,
    mask_plate,
    mask_uscc,
)

SETTINGS = settings(max_examples=200, deadline=None, database=None)

# (function, usual length): at or above it the usual form applies, below it at most half shows.
MASKS = {
    "id": (mask_id_number, 18),
    "mobile": (mask_mobile, 11),
    "plate": (mask_plate, 7),
    "uscc": (mask_uscc, 18),
}


@pytest.mark.parametrize(
    ("func", "raw", "masked"),
    [
        (mask_name, "张三明", "张*明"),
        (mask_name, "张三", "张*"),
        (mask_name, "欧阳娜娜", "欧**娜"),
        (mask_name, "阿卜杜·热合曼", "阿*****曼"),
        (mask_name, "张", "*"),
        (mask_id_number, "152921199001011235", "152921********1235"),
        (mask_id_number, "15292219850715004X", "152922********004X"),
        (mask_mobile, "13812341234", "138****1234"),
        (mask_plate, "蒙M12345", "蒙M1***5"),
        (mask_plate, "蒙MD12345", "蒙MD****5"),
        (mask_uscc, "91110000600037341L", "9111**********341L"),
    ],
)
def test_usual_forms(func, raw, masked):
    assert func(raw) == masked


@pytest.mark.parametrize(
    ("func", "raw", "masked"),
    [
        (mask_id_number, "1529211990", "152*****90"),
        (mask_id_number, "1", "*"),
        (mask_id_number, "12", "1*"),
        (mask_mobile, "1381234", "13****4"),
        (mask_mobile, "138", "1**"),
        (mask_plate, "蒙M12", "蒙**2"),
        (mask_plate, "蒙M123", "蒙***3"),
        (mask_uscc, "9111", "9**1"),
    ],
)
def test_short_values_show_at_most_half(func, raw, masked):
    assert func(raw) == masked


@pytest.mark.parametrize(
    "func", [mask_name, mask_id_number, mask_mobile, mask_plate, mask_uscc]
)
@pytest.mark.parametrize("raw", [None, "", 0, 13812341234, 1.5, b"bytes", object()])
def test_never_raises(func, raw):
    result = func(raw)
    assert isinstance(result, str)
    if raw in (None, ""):
        assert result == ""


def test_number_is_masked_as_its_text():
    assert mask_mobile(13812341234) == "138****1234"


def revealed(raw: str, masked: str) -> int:
    return sum(1 for a, b in zip(raw, masked) if b != "*")


@SETTINGS
@given(st.sampled_from(sorted(MASKS)), st.text(alphabet=st.characters(exclude_characters="*")))
def test_mask_keeps_length_and_shows_at_most_half_of_short_values(kind, raw):
    func, full = MASKS[kind]
    masked = func(raw)
    assert len(masked) == len(raw)
    assert all(b in (a, "*") for a, b in zip(raw, masked))
    if len(raw) < full:
        assert revealed(raw, masked) <= len(raw) // 2


@SETTINGS
@given(st.text(alphabet=st.characters(exclude_characters="*")))
def test_name_mask(raw):
    masked = mask_name(raw)
    assert len(masked) == len(raw)
    # 3-character names show 2 (张*明: the accepted form); otherwise at most half.
    if len(raw) != 3:
        assert revealed(raw, masked) <= len(raw) // 2
    if len(raw) >= 2:
        assert masked[0] == raw[0]


@pytest.mark.parametrize("address,masked", [
    ("内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇额鲁特大街257号", "内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇****"),
    ("内蒙古自治区阿拉善盟额济纳旗达来呼布镇居延路12号", "内蒙古自治区阿拉善盟额济纳旗达来呼布镇****"),
    ("阿拉善左旗王府街3号", "阿拉善左旗****"),
    ("某某路12号", "某某****"),
    ("", ""),
    (None, ""),
])
def test_mask_address_hides_street_and_number(address, masked):
    from desktop.domain.masking import mask_address

    assert mask_address(address) == masked
