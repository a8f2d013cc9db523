"""Applicants: validated, masked everywhere, full ID shown only with an audit entry."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.identifiers import make_resident_id, make_uscc


def test_register_find_masked_and_reveal_is_audited(hall):
    number = make_resident_id("152921", date(1985, 6, 15), 123)
    view = hall.services.persons.register(hall.admin, number, "张三明", phone="13812341234")
    assert view.name_masked == "张*明" and view.id_masked == number[:6] + "********" + number[-4:]
    assert view.phone_masked == "138****1234" and view.birth_date == date(1985, 6, 15)
    found = hall.services.persons.find(hall.admin, number)
    assert [p.id for p in found] == [view.id]
    assert hall.services.persons.find(hall.admin, "张三")[0].id == view.id
    assert hall.services.persons.reveal_id_number(hall.admin, view.id, "核对") == number
    latest = hall.services.audit.recent(hall.admin, limit=1)[0]
    assert latest.action == "id_number_viewed" and latest.record_id == str(view.id)
    assert number not in latest.detail


@pytest.mark.parametrize("id_number,name,phone,field", [
    ("152921198506151234", "张三", "", "id_number"),  # wrong check digit
    ("152921850615123", "张三", "", "id_number"),  # 15-digit
    ("", "张三", "", "id_number"),
    (None, "张三", "", "id_number"),
    ("VALID", "", "", "name"),
    ("VALID", "张三3", "", "name"),
    ("VALID", "张三", "12345", "mobile"),
])
def test_bad_input_is_refused_and_nothing_is_written(hall, id_number, name, phone, field):
    if id_number == "VALID":
        id_number = make_resident_id("152922", date(1990, 1, 1), 7)
    before = hall.services.audit.count()
    with pytest.raises(ValidationError) as exc:
        hall.services.persons.register(hall.admin, id_number, name, phone=phone)
    assert exc.value.field == field
    assert hall.services.audit.count() == before
    assert hall.services.persons.find(hall.admin, "张") == []


def test_company_by_uscc(hall):
    import random

    from desktop.services.demo import _org_code

    uscc = make_uscc("91152921" + _org_code(random.Random(1)))
    view = hall.services.persons.register_company(hall.admin, uscc, "阿拉善盟驼峰物流有限公司")
    assert view.uscc_masked != uscc and view.uscc_masked.startswith(uscc[:4])
    with pytest.raises(ValidationError):
        hall.services.persons.register_company(hall.admin, uscc[:-1] + ("0" if uscc[-1] != "0" else "1"), "x")
