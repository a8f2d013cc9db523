"""The national code tables (DOMAIN.md §9): display never raises, input is normalised or refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import vehicle_codes as vc
from desktop.domain.errors import ValidationError


@pytest.mark.parametrize(("value", "code"), [
    ("K33", "K33"),  # a code
    ("k33", "K33"),  # lower case from a spreadsheet
    (" 小型轿车 ", "K33"),  # the Chinese name, padded
    ("小型面包车", "K39"),  # 面包车 matter for the 2022 inspection reform
    ("微型面包车", "K49"),
    ("重型普通货车", "H11"),
    ("重型半挂牵引车", "Q11"),
    ("普通二轮摩托车", "M21"),
    ("其它", "X99"),
    ("其他", "X99"),  # the other spelling people type
])
def test_cllx_normalises_codes_and_names(value, code):
    assert vc.normalize_cllx(value) == code


@pytest.mark.parametrize("value", ["飞机", "K99", "", "H1"])
def test_cllx_refuses_what_is_not_in_the_table(value):
    with pytest.raises(ValidationError) as exc:
        vc.normalize_cllx(value)
    assert exc.value.field == "cllx" and "车辆类型" in exc.value.message_zh and exc.value.message_en


def test_every_listed_family_is_present():
    for code in ("K11", "K18", "K21", "K31", "K32", "K33", "K34", "K38", "K39", "K41", "K42", "K43", "K49",
                 "H11", "H21", "H31", "H41", "H51", "H55", "Q11", "Q12", "Q21", "Q22", "Q31", "Q32",
                 "M11", "M15", "M21", "M22", "N11", "D11", "D12", "T11", "T21", "T22", "T23",
                 "B11", "G11", "Z11", "X99"):
        assert code in vc.CLLX, code
    assert vc.CLLX["K33"] == "小型轿车" and vc.CLLX["K11"] == "大型普通客车"


def test_names_are_unique_so_a_name_maps_back_to_one_code():
    for table in (vc.CLLX, vc.SYXZ, vc.HPZL, vc.CSYS, vc.VEHICLE_STATUS):
        assert len(set(table.values())) == len(table)


@pytest.mark.parametrize(("value", "code"), [
    ("A", "A"), ("a", "A"), ("非营运", "A"), ("危化品运输", "R"),
    ("工程抢险", "K"),  # older name of 工程救险
    ("其他校车", "Q"),  # older name of 初中生校车
    ("Z", "Z"),  # only the older table has Z 其他: accepted on import
])
def test_syxz_accepts_new_and_older_meanings(value, code):
    assert vc.normalize_syxz(value) == code


@pytest.mark.parametrize("value", ["营运", "X", ""])
def test_syxz_refuses_ambiguous_or_unknown(value):
    with pytest.raises(ValidationError) as exc:
        vc.normalize_syxz(value)
    assert exc.value.field == "syxz"


@pytest.mark.parametrize(("value", "code"), [
    ("A", "A"), ("aj", "AJ"), ("白", "A"), ("白色", "A"), ("白/黑", "AJ"), ("白黑", "AJ"),
    ("白色、黑色", "AJ"), ("AA", "A"),  # each colour once
    ("其他", "Z"),
])
def test_colour_letters_or_names(value, code):
    assert vc.normalize_csys(value) == code


@pytest.mark.parametrize("value", ["", "彩虹", "AX1", "白彩"])
def test_colour_refused_with_the_field(value):
    with pytest.raises(ValidationError) as exc:
        vc.normalize_csys(value)
    assert exc.value.field == "colour"


@pytest.mark.parametrize(("value", "code"), [("02", "02"), ("2", "02"), ("小型汽车", "02"), ("52", "52"),
                                             ("小型新能源汽车", "52")])
def test_hpzl_with_or_without_the_leading_zero(value, code):
    assert vc.normalize_hpzl(value) == code


def test_hpzl_unknown_is_refused():
    with pytest.raises(ValidationError) as exc:
        vc.normalize_hpzl("99")
    assert exc.value.field == "hpzl"


def test_display_names_never_raise_and_show_unknown_codes_as_themselves():
    assert vc.cllx_name("K33") == "小型轿车" and vc.cllx_name("ZZZ") == "ZZZ" and vc.cllx_name("") == ""
    assert vc.syxz_name("A") == "非营运" and vc.syxz_name("Z") == "其他" and vc.syxz_name("?") == "?"
    assert vc.hpzl_name("2") == "小型汽车" and vc.hpzl_name("77") == "77"
    assert vc.csys_name("AJ") == "白黑" and vc.csys_name("A9") == "白9"


@given(st.text(max_size=6))
def test_display_names_take_any_text(text):
    for name in (vc.cllx_name, vc.syxz_name, vc.hpzl_name, vc.csys_name):
        assert isinstance(name(text), str)


def test_status_may_hold_several_letters():
    assert vc.parse_status("GH") == frozenset({"G", "H"})
    assert vc.parse_status(" a ") == frozenset({"A"})
    assert vc.parse_status("G,I") == frozenset({"G", "I"})
    assert vc.status_names("GH") == "违法未处理、海关监管"


@pytest.mark.parametrize("value", ["", "F", "GR"])
def test_status_unknown_letters_are_refused(value):
    with pytest.raises(ValidationError) as exc:
        vc.parse_status(value)
    assert exc.value.field == "status"


@pytest.mark.parametrize(("cllx", "syxz", "label"), [
    ("K11", "B", "客运"),  # 公路客运 coach: 两客
    ("K21", "E", "旅游"),  # 旅游客运 coach: 两客
    ("H11", "R", "危化"),  # 危化品运输: 一危, whatever the type
    ("H31", "R", "危化"),
    ("H11", "F", "重货"),  # heavy truck: 一货
    ("H19", "A", "重货"),  # non-operating heavy truck still on the hall's key list
    ("Q11", "F", "重货"),  # heavy semi-trailer tractor
    ("K33", "A", ""),  # private car
    ("K33", "D", ""),  # taxi: not a 两客
    ("H31", "F", ""),  # light truck
    ("Q21", "F", ""),  # medium tractor: outside Q1x
    ("H21", "B", ""),  # 公路客运 only counts for passenger vehicles
])
def test_key_operating_two_passenger_one_hazard_one_truck(cllx, syxz, label):
    assert vc.key_operating_label(cllx, syxz) == label
    assert vc.is_key_operating(cllx, syxz) == bool(label)
