"""The driver window on the services: a first licence after all four subjects, a renewal in the
window, 补证 refused while seized, agents refused for a first licence, 容缺 supplied; papers verify."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.identifiers import make_resident_id
from desktop.services.driver_cases import DriverCaseRequest
from desktop.services.case_records import PartyInput
from desktop.store.driver_models import DriverCase, DrivingLicence, ExamResult, LicenceClass
from desktop.store.models import Person

CANDIDATE = make_resident_id("152921", date(2000, 4, 5), 31)
HOLDER = make_resident_id("152922", date(1980, 6, 7), 41)
NOW = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)


@pytest.fixture
def d(hall):
    s = hall.services
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    hall.clerk = s.auth.login("clerk", "clerkpass1")
    return hall


def person(hall, number, name):
    return hall.services.persons.register(hall.admin, number, name).id


def passes(hall, person_id, cls="C1", subjects=("1", "2", "3", "3s")):
    with hall.ctx.session_factory() as session, session.begin():
        for i, subject in enumerate(subjects):
            session.add(ExamResult(hall_code="152900", person_id=person_id, subject=subject, cls=cls,
                                   exam_date=date(2026, 9, 1 + i * 7), score=95, passed=True, source="exam",
                                   created_at=NOW))


def licence(hall, person_id, *, valid_from=date(2016, 12, 20), valid_until=date(2026, 12, 20), status="A",
            classes=(("C1", date(2016, 12, 20)),)):
    with hall.ctx.session_factory() as session, session.begin():
        lic = DrivingLicence(hall_code="152900", person_id=person_id, valid_from=valid_from, valid_until=valid_until,
                             renewals=1, status=status, points=0, source="import", created_at=NOW, updated_at=NOW)
        session.add(lic)
        session.flush()
        session.add_all(LicenceClass(licence_id=lic.id, cls=c, first_obtained=d) for c, d in classes)
        return lic.id


def count(hall, model):
    with hall.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_first_licence_after_all_four_subjects(d):
    pid = person(d, CANDIDATE, "王小明")
    passes(d, pid)
    result = d.services.driver_cases.submit(d.clerk, DriverCaseRequest(
        "first_licence", person_id=pid, requested_class="C1", medical_on=date(2026, 11, 20)))
    assert result.state == "completed" and result.classes == "C1"
    assert result.valid_until == date(2032, 11, 26)
    assert [x.kind for x in result.documents] == ["AN", "RC", "LQ"]
    assert result.fee_total == 10
    holder = d.services.licences.holder(d.clerk, pid)
    assert holder.classes == ("C1",) and holder.exams_passed == ()  # the passes are spent
    assert any("实习期" in w for w in holder.warnings)
    import pypdfium2 as pdfium
    import zxingcpp

    for doc in result.documents:
        page = pdfium.PdfDocument(doc.pdf)[0]
        codes = zxingcpp.read_barcodes(page.render(scale=3).to_pil())
        assert codes and d.services.documents.verify(codes[0].text).ok, doc.kind
    assert "领证凭证" in pdfium.PdfDocument(result.documents[2].pdf)[0].get_textpage().get_text_range()
    assert d.services.audit.verify(d.admin).ok


def test_first_licence_refused_through_an_agent_or_for_c6(d):
    pid = person(d, CANDIDATE, "王小明")
    passes(d, pid, subjects=("1", "2", "3", "3s"))
    before = (d.services.audit.count(), count(d, DriverCase), count(d, DrivingLicence))
    with pytest.raises(RefusedError):
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest(
            "first_licence", person_id=pid, requested_class="C1",
            agent=PartyInput(make_resident_id("152923", date(1970, 1, 1), 5), "代理人")))
    with pytest.raises(RefusedError):  # C6 is never a first licence
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("first_licence", person_id=pid,
                                                                  requested_class="C6"))
    assert (d.services.audit.count(), count(d, DriverCase), count(d, DrivingLicence)) == before


def test_first_licence_without_the_exams_is_the_exam_application(d):
    """Accepted at the window before the exams: the case waits in 'examining', the candidate can
    book with the 受理编号; a second application for the class is refused; no licence yet."""
    pid = person(d, CANDIDATE, "王小明")
    result = d.services.driver_cases.submit(d.clerk, DriverCaseRequest("first_licence", person_id=pid,
                                                                       requested_class="C1"))
    assert result.state == "examining" and [x.kind for x in result.documents] == ["AN", "RC"]
    assert count(d, DrivingLicence) == 0
    assert d.services.driver_cases.examining(d.clerk)[0][:3] == (result.case_no, "王*明", "C1")
    with pytest.raises(RefusedError) as exc:
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("first_licence", person_id=pid,
                                                                  requested_class="C1"))
    assert exc.value.code == "candidate_exists"
    with pytest.raises(RefusedError) as exc:  # nothing to issue before the exams are passed
        d.services.driver_cases.issue_after_exams(d.clerk, result.case_no)
    assert "科目" in exc.value.message_zh


def test_renewal_inside_the_window(d):
    pid = person(d, HOLDER, "李四")
    licence(d, pid)  # valid until 2026-12-20: 24 days left, the window is open
    holder = d.services.licences.holder(d.clerk, pid)
    assert any("换证" in w for w in holder.warnings)
    result = d.services.driver_cases.submit(d.clerk, DriverCaseRequest(
        "renewal", person_id=pid, medical_on=date(2026, 11, 20)))
    assert result.state == "completed"
    assert result.valid_until is None or result.valid_until > date(2030, 1, 1)
    assert [x.kind for x in result.documents] == ["AN", "RC", "LQ"]


def test_renewal_too_early_is_refused(d):
    pid = person(d, HOLDER, "李四")
    licence(d, pid, valid_until=date(2027, 6, 1))
    with pytest.raises(RefusedError):
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("renewal", person_id=pid,
                                                                  medical_on=date(2026, 11, 20)))


def test_replacement_refused_while_seized(d):
    pid = person(d, HOLDER, "李四")
    licence(d, pid, status="D")
    with pytest.raises(RefusedError) as exc:
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("replacement", person_id=pid))
    assert exc.value.message_zh
    licence_ok = person(d, make_resident_id("152921", date(1985, 1, 1), 9), "赵六")
    licence(d, licence_ok)
    done = d.services.driver_cases.submit(d.clerk, DriverCaseRequest("replacement", person_id=licence_ok))
    assert done.state == "completed"


def test_deferral_of_the_photo_then_supplied(d):
    pid = person(d, HOLDER, "李四")
    licence(d, pid)
    result = d.services.driver_cases.submit(d.clerk, DriverCaseRequest(
        "renewal", person_id=pid, medical_on=date(2026, 11, 20), deferred=("photo",), commitment_signed=True))
    assert result.state == "deferred" and [x.kind for x in result.documents] == ["AN", "RC", "RN"]
    pending = d.services.deferrals.list(d.clerk)
    assert [(p.case_no, p.case_type) for p in pending] == [(result.case_no, "driver")]
    d.services.deferrals.supply(d.clerk, result.case_no)
    with d.ctx.session_factory() as session:
        assert session.execute(select(DriverCase.state)).scalar_one() == "completed"
        assert session.execute(select(DrivingLicence.valid_until)).scalar_one() != date(2026, 12, 20)


def test_applicant_must_be_known_or_typed(d):
    with pytest.raises(ValidationError) as exc:
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("renewal"))
    assert exc.value.field == "applicant"
    with pytest.raises(ValidationError):
        d.services.driver_cases.submit(d.clerk, DriverCaseRequest("renewal", requested_class="Z9",
                                                                  applicant=PartyInput(HOLDER, "李四")))


def test_photo_is_normalised_and_audited(d, tmp_path):
    from PIL import Image

    pid = person(d, HOLDER, "李四")
    path = tmp_path / "p.png"
    Image.new("RGB", (800, 600), (200, 220, 240)).save(path)
    d.services.persons.set_photo(d.clerk, pid, path.read_bytes())
    with d.ctx.session_factory() as session:
        photo = session.get(Person, pid).photo
    assert photo[:2] == b"\xff\xd8"
    assert d.services.audit.recent(d.admin, limit=1)[0].action == "photo_set"
    with pytest.raises(ValidationError):
        d.services.persons.set_photo(d.clerk, pid, b"not a picture")
