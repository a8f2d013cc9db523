"""业务目录: the shipped vehicle catalogue and the parser's refusals."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import desktop
from desktop.domain.catalog import (
    FORM_FIELDS,
    NEVER_DEFERRABLE,
    BusinessType,
    Catalog,
    FeeLine,
    deferrable_materials,
    parse_catalog,
)
from desktop.domain.errors import ValidationError


def _shipped_text() -> str:
    """The catalogue as installed (desktop.resources), else as in the source tree."""
    try:
        return (resources.files("desktop.resources") / "catalog" / "vehicle.toml").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return (Path(desktop.__file__).parent.parent / "resources" / "catalog" / "vehicle.toml").read_text(
            encoding="utf-8")


CODES = """register transfer change_colour change_engine change_body change_use move_out move_in filing_change
co_owner_change plate_swap mortgage mortgage_release pledge pledge_release cancel_scrap cancel_lost
cancel_export cancel_return replace_plate renew_plate replace_licence renew_licence replace_certificate
renew_certificate inspection_label temp_plate""".split()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return parse_catalog(_shipped_text(), "vehicle")


def test_shipped_catalogue_has_every_business_in_menu_order(catalog):
    assert list(catalog.businesses) == CODES
    assert catalog.kind == "vehicle"
    groups = [g for g, _ in catalog.groups()]
    assert groups == ["注册登记", "转让登记", "变更登记", "抵押质押", "注销登记", "补换领", "检验", "临时号牌"]
    assert sum(len(bs) for _, bs in catalog.groups()) == len(CODES)


def test_every_business_is_complete(catalog):
    for b in catalog.businesses.values():
        assert isinstance(b, BusinessType)
        assert b.article.startswith("令164"), b.code
        assert b.materials and all(m.name for m in b.materials), b.code
        assert isinstance(b.time_limit_days, int) and b.time_limit_days >= 0
        assert set(b.fields) <= set(FORM_FIELDS)


@pytest.mark.parametrize("code, hpzl, expected", [
    ("register", "02", [("plate_car", Decimal("100")), ("licence", Decimal("10")), ("certificate", Decimal("10"))]),
    ("register", "52", [("plate_car", Decimal("100")), ("licence", Decimal("10")), ("certificate", Decimal("10"))]),
    ("register", "07", [("plate_motorcycle", Decimal("35")), ("licence", Decimal("10")),
                        ("certificate", Decimal("10"))]),
    ("register", "15", [("plate_trailer", Decimal("50")), ("licence", Decimal("10")), ("certificate", Decimal("10"))]),
    ("register", "14", [("plate_low_speed", Decimal("40")), ("licence", Decimal("10")),
                        ("certificate", Decimal("10"))]),
    ("transfer", "02", [("plate_car", Decimal("100")), ("licence", Decimal("10"))]),
    ("replace_plate", "08", [("plate_motorcycle", Decimal("35"))]),
    ("replace_licence", None, [("licence", Decimal("10"))]),
    ("renew_certificate", None, [("certificate", Decimal("10"))]),
    ("temp_plate", None, [("temp_plate", Decimal("5"))]),
    ("inspection_label", None, [("inspection_label", Decimal("0"))]),
    ("mortgage", None, []),
])
def test_fees(catalog, code, hpzl, expected):
    lines = catalog.fees_for(code, hpzl)
    assert [(line.item_code, line.amount) for line in lines] == expected
    assert all(isinstance(line, FeeLine) and isinstance(line.amount, Decimal) for line in lines)
    assert catalog.total(lines) == sum((a for _, a in expected), Decimal("0"))


def test_register_small_car_costs_120(catalog):
    assert catalog.total(catalog.fees_for("register", "02")) == Decimal("120.00")


def test_quantity_multiplies_the_unit_amount(catalog):
    (line,) = catalog.fees_for("plate_swap", None)
    assert (line.quantity, line.unit_amount, line.amount) == (2, Decimal("10.00"), Decimal("20.00"))


@pytest.mark.parametrize("hpzl, code", [(None, "plate_type_required"), ("", "plate_type_required"),
                                        ("03", "plate_type_no_fee"), ("99", "plate_type_no_fee")])
def test_plate_fee_needs_a_known_plate_type(catalog, hpzl, code):
    with pytest.raises(ValidationError) as exc:
        catalog.fees_for("register", hpzl)
    assert exc.value.field == "plate_type" and exc.value.code == code
    if hpzl:
        assert hpzl in exc.value.message_zh and hpzl in exc.value.message_en


def test_unknown_business_is_refused_in_both_languages(catalog):
    with pytest.raises(ValidationError) as exc:
        catalog.business("teleport")
    assert exc.value.code == "unknown_business"
    assert "teleport" in exc.value.message("zh") and "teleport" in exc.value.message("en")


def test_agents_per_art86(catalog):
    refused = {c for c, b in catalog.businesses.items() if not b.agent_allowed}
    assert refused == {"co_owner_change", "replace_certificate", "cancel_lost"}


def test_plate_choice_and_vehicle_on_register(catalog):
    assert {"register", "transfer", "move_in"} <= {c for c, b in catalog.businesses.items() if b.needs_plate_choice}
    assert not catalog.business("replace_plate").needs_plate_choice  # same number (Art.51)
    no_vehicle = {c for c, b in catalog.businesses.items() if not b.needs_vehicle}
    assert no_vehicle == {"register", "move_in", "temp_plate"}


def test_time_limits_are_working_days_per_art92(catalog):
    assert catalog.business("register").time_limit_days == 2
    assert catalog.business("replace_plate").time_limit_days == 15
    assert catalog.business("transfer").time_limit_days == 1


def test_never_deferrable_materials_are_key_everywhere(catalog):
    assert NEVER_DEFERRABLE <= catalog.never_deferrable
    for b in catalog.businesses.values():
        for m in b.materials:
            if m.code in catalog.never_deferrable:
                assert m.key, (b.code, m.code)
        assert all(m.code not in catalog.never_deferrable for m in deferrable_materials(b))


def test_taxes_may_be_deferred_on_registration(catalog):
    deferrable = {m.code for m in deferrable_materials(catalog.business("register"))}
    assert {"purchase_tax", "vessel_tax"} <= deferrable
    assert "identity" not in deferrable


# -- parser refusals ----------------------------------------------------------------------------

NEVER = '["identity", "origin_proof", "conformity_cert", "compulsory_insurance", "vehicle_check", ' \
        '"inspection_cert", "medical_cert"]'
BASE = f"""
kind = "vehicle"
never_deferrable = {NEVER}

[fee_items.licence]
name = "机动车行驶证"
unit = "本"
amount = "10.00"
article = "2831号"

[fee_items.plate_car]
name = "汽车号牌"
unit = "副"
amount = "100.00"
article = "2831号"

[plate_fee_by_type]
"02" = "plate_car"

[[business]]
code = "renew_licence"
name = "换领行驶证"
group = "补换领"
article = "令164 第52条"
time_limit_days = 1
agent_allowed = true
needs_plate_choice = false
needs_vehicle = true
issued = ["机动车行驶证"]
fields = ["reason"]
fees = [{{ item = "licence", quantity = 1 }}]
materials = [
    {{ code = "identity", name = "身份证明", key = true }},
    {{ code = "vessel_tax", name = "车船税证明", key = false }},
]
"""


def test_base_snippet_parses():
    c = parse_catalog(BASE)
    assert c.fees_for("renew_licence") == [FeeLine("licence", "机动车行驶证", "本", 1, Decimal("10.00"),
                                                   Decimal("10.00"))]
    assert [m.code for m in deferrable_materials(c.business("renew_licence"))] == ["vessel_tax"]


DUPLICATE_BUSINESS = BASE + BASE[BASE.index("[[business]]"):]


@pytest.mark.parametrize("old, new, code, culprits", [
    ('{ item = "licence", quantity = 1 }', '{ item = "licnce", quantity = 1 }',
     "catalog_unknown_fee_item", ["renew_licence", "licnce"]),
    ('"02" = "plate_car"', '"02" = "plate_truck"', "catalog_unknown_fee_item", ["02", "plate_truck"]),
    ('key = false }', 'key = false },\n    { code = "vessel_tax", name = "x", key = false }',
     "catalog_duplicate_code", ["renew_licence", "vessel_tax"]),
    (None, DUPLICATE_BUSINESS, "catalog_duplicate_code", ["renew_licence"]),
    ('group = "补换领"\n', "", "catalog_missing_key", ["renew_licence", "group"]),
    ('amount = "10.00"', 'amount = "-10.00"', "catalog_negative_amount", ["licence"]),
    ('amount = "10.00"', "amount = 10.0", "catalog_bad_amount", ["licence"]),
    ('amount = "10.00"', 'amount = "ten"', "catalog_bad_amount", ["licence"]),
    ('amount = "10.00"', 'amount = "NaN"', "catalog_bad_amount", ["licence"]),
    ("time_limit_days = 1", "time_limit_days = -1", "catalog_bad_time_limit", ["renew_licence", "time_limit_days"]),
    ("time_limit_days = 1", "time_limit_days = 1.5", "catalog_bad_time_limit", ["renew_licence", "time_limit_days"]),
    ("time_limit_days = 1", 'time_limit_days = "1"', "catalog_bad_time_limit", ["renew_licence", "time_limit_days"]),
    ("time_limit_days = 1", "time_limit_days = true", "catalog_bad_time_limit", ["renew_licence", "time_limit_days"]),
    ('fields = ["reason"]', 'fields = ["reason", "favourite_colour"]', "catalog_unknown_field",
     ["renew_licence", "favourite_colour"]),
    ('{ code = "identity", name = "身份证明", key = true }', '{ code = "identity", name = "身份证明", key = false }',
     "catalog_never_deferrable", ["renew_licence", "identity"]),
    (NEVER, '["identity"]', "catalog_never_deferrable_incomplete", ["compulsory_insurance", "medical_cert"]),
    ("agent_allowed = true", "agent_alowed = true", "catalog_missing_key", ["renew_licence", "agent_allowed"]),
    ("fields = [", 'colour = "red"\nfields = [', "catalog_unknown_key", ["renew_licence", "colour"]),
    ("agent_allowed = true", 'agent_allowed = "yes"', "catalog_bad_value", ["renew_licence", "agent_allowed"]),
    ("quantity = 1", "quantity = 0", "catalog_bad_value", ["renew_licence", "licence"]),
    ('kind = "vehicle"', 'kind = "driver"', "catalog_kind_mismatch", ["vehicle"]),
    ('kind = "vehicle"', 'kind = "vehicle"\nfees = 3', "catalog_unknown_key", ["fees"]),
    ('name = "换领行驶证"', 'name = "换领行驶证', "catalog_bad_toml", ["TOML"]),
    ('{ item = "licence", quantity = 1 }', '{ item = "plate" }', "catalog_missing_key",
     ["renew_licence", "plate_fee_by_type"]),
    ('{ code = "vessel_tax", name = "车船税证明", key = false }', '{ code = "vessel_tax", name = "车船税证明" }',
     "catalog_missing_key", ["renew_licence", "vessel_tax", "key"]),
    ('code = "renew_licence"', 'code = "换领行驶证"', "catalog_bad_code", ["换领行驶证"]),
    ('code = "renew_licence"', 'code = "Renew-Licence"', "catalog_bad_code", ["Renew-Licence"]),
    ('code = "renew_licence"', 'code = "renew_licence_of_a_vehicle_x"', "catalog_bad_code",
     ["renew_licence_of_a_vehicle_x", "24"]),
    ('code = "vessel_tax"', 'code = "vessel tax"', "catalog_bad_code", ["renew_licence", "vessel tax"]),
    ('[fee_items.licence]', '[fee_items.Licence]', "catalog_bad_code", ["Licence"]),
    ('name = "车船税证明"', 'name = "  "', "catalog_bad_value", ["renew_licence", "vessel_tax", "name"]),
    ('name = "换领行驶证"', f'name = "{"换" * 41}"', "catalog_bad_value", ["renew_licence", "40"]),
    ('amount = "10.00"', 'amount = "10.005"', "catalog_bad_amount", ["licence"]),
    ('"02" = "plate_car"', '"2" = "plate_car"', "catalog_bad_code", ["plate_fee_by_type", "2"]),
    (NEVER, NEVER[:-1] + ', "mortgagee_identiy"]', "catalog_unknown_material", ["mortgagee_identiy"]),
])
def test_parser_refusal_names_the_culprit(old, new, code, culprits):
    text = new if old is None else BASE.replace(old, new, 1)
    if code == "catalog_missing_key" and "plate_fee_by_type" in culprits:
        text = text.replace('[plate_fee_by_type]\n"02" = "plate_car"\n', "")
    assert text != BASE
    with pytest.raises(ValidationError) as exc:
        parse_catalog(text)
    err = exc.value
    assert (err.field, err.code) == ("catalog", code)
    for culprit in culprits:
        assert culprit in err.message_zh, (culprit, err.message_zh)
        assert culprit in err.message_en, (culprit, err.message_en)


def test_reserved_plate_item_code_is_refused():
    text = BASE.replace("[fee_items.plate_car]", "[fee_items.plate]").replace('"plate_car"', '"plate"')
    with pytest.raises(ValidationError) as exc:
        parse_catalog(text)
    assert exc.value.code == "catalog_duplicate_code" and "plate" in exc.value.message_en


def test_a_catalogue_may_add_never_deferrable_codes():
    text = BASE.replace(NEVER, NEVER[:-1] + ', "vessel_tax"]')
    with pytest.raises(ValidationError) as exc:  # vessel_tax is key = false in the snippet
        parse_catalog(text)
    assert exc.value.code == "catalog_never_deferrable" and "vessel_tax" in exc.value.message_zh


def test_an_added_never_deferrable_code_protects_that_material():
    text = BASE.replace(NEVER, NEVER[:-1] + ', "vessel_tax"]').replace(
        '{ code = "vessel_tax", name = "车船税证明", key = false }', '{ code = "vessel_tax", name = "车船税证明", key = true }')
    c = parse_catalog(text)
    assert "vessel_tax" in c.never_deferrable
    assert deferrable_materials(c.business("renew_licence")) == ()


# -- English twins (name_en …): shown on the English screen, optional ----------------------------

def test_without_english_the_chinese_shows_in_both_languages():
    """An office's own catalogue may carry no English at all: it loads, and English falls back."""
    c = parse_catalog(BASE)
    b = c.business("renew_licence")
    assert (b.name_in("en"), b.group_in("en"), b.menu_label("en")) == ("换领行驶证", "补换领", "补换领 · 换领行驶证")
    assert b.materials[0].name_in("en") == "身份证明" and c.fee_items["licence"].name_in("en") == "机动车行驶证"


def test_english_twins_show_in_english_only():
    text = (BASE.replace('name = "换领行驶证"\n', 'name = "换领行驶证"\nname_en = "Renewal of vehicle licence"\n')
            .replace('group = "补换领"\n', 'group = "补换领"\ngroup_en = "Replacement and renewal"\n')
            .replace('name = "车船税证明", key = false',
                     'name = "车船税证明", name_en = "Vessel tax certificate", key = false, note = "可后补", '
                     'note_en = "May follow"')
            .replace('name = "机动车行驶证"\nunit = "本"', 'name = "机动车行驶证"\nname_en = "Vehicle licence"\nunit = "本"\n'
                     'unit_en = "copy"'))
    c = parse_catalog(text)
    b, tax = c.business("renew_licence"), c.business("renew_licence").materials[1]
    assert b.menu_label("en") == "Replacement and renewal · Renewal of vehicle licence"
    assert b.menu_label("zh") == "补换领 · 换领行驶证" and b.name == "换领行驶证"
    assert (tax.name_in("en"), tax.note_in("en"), tax.note_in("zh")) == ("Vessel tax certificate", "May follow", "可后补")
    (line,) = c.fees_for("renew_licence")
    assert (line.name, line.name_in("en"), c.fee_items["licence"].unit_in("en")) == ("机动车行驶证", "Vehicle licence",
                                                                                    "copy")


def test_a_groups_english_name_written_once_holds_for_the_group():
    second = BASE[BASE.index("[[business]]"):].replace('code = "renew_licence"', 'code = "replace_licence"')
    text = BASE.replace('group = "补换领"\n', 'group = "补换领"\ngroup_en = "Replacement and renewal"\n') + second
    c = parse_catalog(text)
    assert c.business("replace_licence").group_in("en") == "Replacement and renewal"
    clash = text + second.replace('code = "replace_licence"', 'code = "renew_plate"').replace(
        'group = "补换领"\n', 'group = "补换领"\ngroup_en = "Replacements"\n')
    with pytest.raises(ValidationError) as exc:
        parse_catalog(clash)
    assert exc.value.code == "catalog_group_english" and "Replacements" in exc.value.message_en


@pytest.mark.parametrize("old, new, code, culprit", [
    ('name = "换领行驶证"\n', 'name = "换领行驶证"\nname_en = "换领"\n', "catalog_bad_english", "name_en"),
    ('name = "换领行驶证"\n', 'name = "换领行驶证"\nname_en = "  "\n', "catalog_bad_value", "name_en"),
    ('name = "换领行驶证"\n', 'name = "换领行驶证"\nname_en = 3\n', "catalog_bad_value", "name_en"),
    ('name = "换领行驶证"\n', 'name = "换领行驶证"\nname_fr = "Renouvellement"\n', "catalog_unknown_key", "name_fr"),
    ('name = "车船税证明", key = false', 'name = "车船税证明", key = false, note_en = "If any"', "catalog_bad_value",
     "note_en"),
    ('name = "换领行驶证"\n', 'name = "换领行驶证"\ndescription_en = "Renewal"\n', "catalog_bad_value",
     "description_en"),
    ('unit = "本"', 'unit = "本"\nunit_en = "本"', "catalog_bad_english", "unit_en"),
])
def test_a_bad_english_twin_is_refused(old, new, code, culprit):
    with pytest.raises(ValidationError) as exc:
        parse_catalog(BASE.replace(old, new, 1))
    assert (exc.value.field, exc.value.code) == ("catalog", code)
    assert culprit in exc.value.message_en and culprit in exc.value.message_zh


def test_the_shipped_catalogues_are_in_english_throughout():
    from desktop.services.catalogs import Catalogs

    catalogs = Catalogs.load()
    for c in (catalogs.vehicle, catalogs.driver):
        for b in c.businesses.values():
            assert b.name_en and b.group_en and bool(b.description_en) == bool(b.description), b.code
            for m in b.materials:
                assert m.name_en and bool(m.note_en) == bool(m.note), (b.code, m.code)
        assert all(item.name_en and item.unit_en for item in c.fee_items.values())
