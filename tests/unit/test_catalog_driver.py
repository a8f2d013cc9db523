"""业务目录, kind "driver": the shipped driver catalogue (令162/172) and the parser's driver-only refusals."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import desktop
from desktop.domain.catalog import Catalog, FeeLine, deferrable_materials, parse_catalog
from desktop.domain.catalog_fields import DRIVER_FIELDS, DRIVER_NEVER_DEFERRABLE, VEHICLE_FIELDS
from desktop.domain.errors import ValidationError


def _shipped_text() -> str:
    """The catalogue as installed (desktop.resources), else as in the source tree."""
    try:
        return (resources.files("desktop.resources") / "catalog" / "driver.toml").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return (Path(desktop.__file__).parent.parent / "resources" / "catalog" / "driver.toml").read_text(
            encoding="utf-8")


CODES = """first_licence add_class renewal transfer_in info_change damaged replacement downgrade review
health_cert extension cancel restore""".split()
FREE = {"review", "health_cert", "extension", "cancel"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return parse_catalog(_shipped_text(), "driver")


def test_shipped_catalogue_has_every_business_in_menu_order(catalog):
    assert catalog.kind == "driver"
    assert list(catalog.businesses) == CODES
    assert [g for g, _ in catalog.groups()] == ["申领", "换证", "补证", "审验与体检", "注销与恢复"]
    assert sum(len(bs) for _, bs in catalog.groups()) == len(CODES)
    assert catalog.plate_fee_by_type == {}
    assert catalog.form_fields is DRIVER_FIELDS


def test_every_business_is_complete(catalog):
    for b in catalog.businesses.values():
        assert b.article.startswith("令162"), b.code
        assert b.materials and all(m.name for m in b.materials), b.code
        assert isinstance(b.time_limit_days, int) and 0 <= b.time_limit_days <= 1, b.code  # 当日 or 一日内
        assert set(b.fields) <= set(DRIVER_FIELDS), b.code
        assert not b.needs_plate_choice and not b.needs_vehicle, b.code
        assert b.issued in ((), ("驾驶证",)), b.code  # the driver service keys the 领证凭证 on "驾驶证"


@pytest.mark.parametrize("code", CODES)
def test_fees_need_no_plate_type(catalog, code):
    lines = catalog.fees_for(code, None)
    if code in FREE:
        assert lines == [] and catalog.total(lines) == Decimal("0")
        assert catalog.business(code).issued == ()
    else:
        assert lines == [FeeLine("driving_licence", "机动车驾驶证", "本", 1, Decimal("10.00"), Decimal("10.00"),
                                 "Driving licence")]
        assert catalog.business(code).issued == ("驾驶证",)


def test_renewal_costs_10_and_review_is_free(catalog):
    assert catalog.total(catalog.fees_for("renewal")) == Decimal("10.00")
    assert catalog.total(catalog.fees_for("review")) == Decimal("0")


def test_identity_and_medical_cert_are_key_everywhere(catalog):
    assert DRIVER_NEVER_DEFERRABLE == {"identity", "medical_cert"}
    assert DRIVER_NEVER_DEFERRABLE <= catalog.never_deferrable
    for b in catalog.businesses.values():
        assert any(m.code == "identity" for m in b.materials), b.code
        for m in b.materials:
            if m.code in catalog.never_deferrable:
                assert m.key, (b.code, m.code)
        assert all(m.code not in catalog.never_deferrable for m in deferrable_materials(b))


@pytest.mark.parametrize("code", ["first_licence", "add_class", "renewal", "downgrade", "health_cert", "restore"])
def test_businesses_that_need_a_medical_certificate(catalog, code):
    assert "medical_cert" in {m.code for m in catalog.business(code).materials}


def test_photos_and_residence_proof_may_be_deferred(catalog):
    assert {"photo", "residence_proof"} <= {m.code for m in deferrable_materials(catalog.business("first_licence"))}
    assert {m.code for m in deferrable_materials(catalog.business("replacement"))} == {"photo"}


def test_agents_per_domain_4(catalog):
    refused = {c for c, b in catalog.businesses.items() if not b.agent_allowed}
    assert {"first_licence", "add_class", "restore"} <= refused  # first application or an exam
    assert catalog.business("first_licence").agent_allowed is False
    assert catalog.business("renewal").agent_allowed and catalog.business("replacement").agent_allowed


def test_time_limits(catalog):
    assert catalog.business("first_licence").time_limit_days == 0  # Art.60: 当日核发
    assert catalog.business("replacement").time_limit_days == 1  # Art.69: 一日内补发
    assert catalog.business("renewal").time_limit_days == 1


def test_vehicle_catalogue_is_unchanged_by_the_driver_kind():
    vehicle = (Path(desktop.__file__).parent.parent / "resources" / "catalog" / "vehicle.toml").read_text(
        encoding="utf-8")
    c = parse_catalog(vehicle, "vehicle")
    assert c.form_fields is VEHICLE_FIELDS and "licence_class" not in c.form_fields
    with pytest.raises(ValidationError) as exc:
        parse_catalog(vehicle, "driver")
    assert exc.value.code == "catalog_kind_mismatch"


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="boat"):
        parse_catalog(_shipped_text(), "boat")


# -- parser refusals ----------------------------------------------------------------------------

NEVER = '["identity", "medical_cert"]'
BASE = f"""
kind = "driver"
never_deferrable = {NEVER}

[fee_items.driving_licence]
name = "机动车驾驶证"
unit = "本"
amount = "10.00"
article = "2831号"

[[business]]
code = "renewal"
name = "期满换证"
group = "换证"
article = "令162 第63条"
time_limit_days = 1
agent_allowed = true
issued = ["驾驶证"]
fields = ["medical_date"]
fees = [{{ item = "driving_licence", quantity = 1 }}]
materials = [
    {{ code = "identity", name = "身份证明", key = true }},
    {{ code = "medical_cert", name = "身体条件证明", key = true }},
    {{ code = "photo", name = "照片", key = false }},
]
"""


def test_base_snippet_parses():
    c = parse_catalog(BASE, "driver")
    assert c.total(c.fees_for("renewal", None)) == Decimal("10.00")
    assert [m.code for m in deferrable_materials(c.business("renewal"))] == ["photo"]


@pytest.mark.parametrize("old, new, code, culprits", [
    # vehicle-only parts, each named
    ('fields = ["medical_date"]', 'fields = ["medical_date", "vin"]', "catalog_unknown_field",
     ["renewal", "vin", "vehicle", "driver"]),
    ('fields = ["medical_date"]', 'fields = ["retain_number"]', "catalog_unknown_field", ["renewal", "retain_number"]),
    ("agent_allowed = true", "agent_allowed = true\nneeds_plate_choice = false", "catalog_vehicle_only",
     ["renewal", "needs_plate_choice", "vehicle"]),
    ("agent_allowed = true", "agent_allowed = true\nneeds_vehicle = true", "catalog_vehicle_only",
     ["renewal", "needs_vehicle"]),
    ('{ item = "driving_licence", quantity = 1 }', '{ item = "plate" }', "catalog_vehicle_only",
     ["renewal", "plate", "vehicle"]),
    ("[[business]]", '[plate_fee_by_type]\n"02" = "driving_licence"\n\n[[business]]', "catalog_vehicle_only",
     ["plate_fee_by_type", "vehicle"]),
    # a field nobody knows
    ('fields = ["medical_date"]', 'fields = ["favourite_colour"]', "catalog_unknown_field",
     ["renewal", "favourite_colour"]),
    # the driver never-deferrable minimum
    ('{ code = "medical_cert", name = "身体条件证明", key = true }',
     '{ code = "medical_cert", name = "身体条件证明", key = false }', "catalog_never_deferrable",
     ["renewal", "medical_cert"]),
    ('{ code = "identity", name = "身份证明", key = true }',
     '{ code = "identity", name = "身份证明", key = false }', "catalog_never_deferrable", ["renewal", "identity"]),
    (NEVER, '["identity"]', "catalog_never_deferrable_incomplete", ["medical_cert"]),
    (NEVER, '["medical_cert"]', "catalog_never_deferrable_incomplete", ["identity"]),
    (NEVER, '["identity", "medical_cert", "origin_proof"]', "catalog_unknown_material", ["origin_proof"]),
    ('kind = "driver"', 'kind = "vehicle"', "catalog_kind_mismatch", ["driver"]),
])
def test_driver_parser_refusal_names_the_culprit(old, new, code, culprits):
    text = BASE.replace(old, new, 1)
    assert text != BASE
    with pytest.raises(ValidationError) as exc:
        parse_catalog(text, "driver")
    err = exc.value
    assert (err.field, err.code) == ("catalog", code)
    for culprit in culprits:
        assert culprit in err.message_zh or culprit in ("vehicle", "driver"), (culprit, err.message_zh)
        assert culprit in err.message_en, (culprit, err.message_en)


def test_vehicle_never_deferrable_minimum_does_not_apply_to_driver():
    # The driver catalogue need not list 来历证明, 交强险 …; the vehicle one still must.
    assert "compulsory_insurance" not in parse_catalog(BASE, "driver").never_deferrable


def test_driver_fields_are_refused_in_a_vehicle_catalogue():
    from tests.unit.test_catalog import BASE as VEHICLE_BASE
    text = VEHICLE_BASE.replace('fields = ["reason"]', 'fields = ["licence_class"]')
    with pytest.raises(ValidationError) as exc:
        parse_catalog(text, "vehicle")
    assert exc.value.code == "catalog_unknown_field"
    assert "licence_class" in exc.value.message_en and "driver" in exc.value.message_en
