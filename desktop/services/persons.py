"""Applicants (申请人) and companies: registered once, shown masked, revealed only with an audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from desktop.domain import identifiers, masking
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.text import check_text, strip_control
from desktop.services import audit
from desktop.services.base import Actor, Service, hall_date, require
from desktop.store.models import Company, Person


@dataclass(frozen=True)
class PersonView:
    """A person as screens, prints and exports show them: masked."""

    id: int
    name_masked: str
    id_masked: str
    sex: str
    birth_date: date
    phone_masked: str
    address_masked: str


@dataclass(frozen=True)
class CompanyView:
    id: int
    name: str
    uscc_masked: str
    address: str


def _view(p: Person) -> PersonView:
    return PersonView(p.id, masking.mask_name(p.name), masking.mask_id_number(p.id_number), p.sex,
                      p.birth_date, masking.mask_mobile(p.phone) if p.phone else "", masking.mask_address(p.address))


def _clean_name(name: str, field: str = "name") -> str:
    value = (name or "").strip() if isinstance(name, str) else ""
    if not value or len(value) > 40 or any(not (ch.isalpha() or ch in "·•. ") for ch in value):
        raise ValidationError(field, "name_invalid", "请填写姓名（不超过40字，不含数字和符号）",
                              "Enter the name (at most 40 characters, no digits or symbols)")
    return value


class PersonService(Service):
    def register(self, actor: Actor, id_number: str, name: str, phone: str = "",
                 address: str = "") -> PersonView:
        """Register an applicant, or update the contact details of one already known."""
        require(actor, "person.register")
        today = hall_date(self._clock())
        rid = identifiers.validate_resident_id(id_number, today=today)
        name = _clean_name(name)
        phone = identifiers.validate_mobile(phone) if phone else ""
        address = check_text(address, "address", "地址", "address").strip()[:200]
        with self._sessions() as session, session.begin():
            person = session.execute(select(Person).where(Person.id_number == rid.number)).scalar_one_or_none()
            created = person is None
            if created:
                person = Person(id_number=rid.number, name=name, sex=rid.sex, birth_date=rid.birth_date,
                                hall_code=actor.hall_code, created_at=self._clock())
                session.add(person)
            person.phone, person.address = phone or person.phone or "", address or person.address or ""
            session.flush()
            audit.record(session, actor=actor, at=self._clock(),
                         action="person_registered" if created else "person_updated",
                         record_type="person", record_id=person.id,
                         detail=masking.mask_id_number(rid.number))
            return _view(person)

    def find(self, actor: Actor, text: str, limit: int = 50) -> list[PersonView]:
        """By full ID number, or by name (exact or starting with)."""
        require(actor, "person.view")
        text = strip_control(text or "").strip()  # a search stores nothing: a stray control character is dropped
        if not text:
            return []
        with self._sessions() as session, session.begin():
            norm = identifiers.normalize(text) if len(text) <= 40 else ""
            query = select(Person).where(or_(Person.id_number == norm, Person.name.startswith(text, autoescape=True)))
            return [_view(p) for p in session.execute(query.order_by(Person.name).limit(limit)).scalars()]

    def view(self, actor: Actor, person_id: int) -> PersonView:
        require(actor, "person.view")
        with self._sessions() as session, session.begin():
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError("person_unknown", "没有该申请人", "No such applicant")
            return _view(person)

    def reveal_id_number(self, actor: Actor, person_id: int, reason: str = "") -> str:
        """Show the full ID number: itself an audited action (PIPL; 令164 Art83, 令162 Art103)."""
        require(actor, "person.reveal_id")
        with self._sessions() as session, session.begin():
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError("person_unknown", "没有该申请人", "No such applicant")
            audit.record(session, actor=actor, at=self._clock(), action="id_number_viewed",
                         record_type="person", record_id=person.id,
                         detail=strip_control(reason or "")[:200])
            return person.id_number

    def register_company(self, actor: Actor, uscc: str, name: str, address: str = "",
                         phone: str = "") -> CompanyView:
        require(actor, "person.register")
        code = identifiers.validate_uscc(uscc)
        name = check_text(name, "company_name", "单位名称", "company's name").strip()
        address = check_text(address, "address", "地址", "address")
        if not name or len(name) > 100:
            raise ValidationError("company_name", "company_name_invalid", "请填写单位名称（不超过100字）",
                                  "Enter the company's name (at most 100 characters)")
        phone = identifiers.validate_mobile(phone) if phone else ""
        with self._sessions() as session, session.begin():
            company = session.execute(select(Company).where(Company.uscc == code)).scalar_one_or_none()
            created = company is None
            if created:
                company = Company(uscc=code, hall_code=actor.hall_code, created_at=self._clock())
                session.add(company)
            company.name, company.address, company.contact_phone = name, (address or "").strip()[:200], phone
            session.flush()
            audit.record(session, actor=actor, at=self._clock(),
                         action="company_registered" if created else "company_updated",
                         record_type="company", record_id=company.id, detail=masking.mask_uscc(code))
            return CompanyView(company.id, company.name, masking.mask_uscc(code), company.address)

    def set_photo(self, actor: Actor, person_id: int, data: bytes) -> None:
        """Store a holder photo (导入照片 or camera capture); audited."""
        require(actor, "person.register")
        photo = normalise_photo(data)
        with self._sessions() as session, session.begin():
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError("person_unknown", "没有该申请人", "No such applicant")
            person.photo = photo
            audit.record(session, actor=actor, at=self._clock(), action="photo_set", record_type="person",
                         record_id=person.id, detail=f"{len(photo)} bytes")


PHOTO_MAX_BYTES = 4 * 1024 * 1024
PHOTO_SIZE = (358, 441)  # the licence photo's pixels (32 × 22 mm at 400 dpi is the usual spec) [M]


def normalise_photo(data: bytes) -> bytes:
    """A holder photo as stored: JPEG, the licence photo's size, centre-cropped; anything that is not a
    picture is refused with a message (a biometric: PIPL, kept only for the licence)."""
    import io

    from PIL import Image, UnidentifiedImageError

    if not data or len(data) > PHOTO_MAX_BYTES:
        raise ValidationError("photo", "photo_size", "照片文件为空或超过4MB", "The photo file is empty or over 4 MB")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError("photo", "photo_unreadable", "无法识别照片文件（请用JPG或PNG）",
                              "The photo cannot be read (use JPG or PNG)") from exc
    image = image.convert("RGB")
    w, h = image.size
    target = PHOTO_SIZE[0] / PHOTO_SIZE[1]
    if w / h > target:  # too wide: crop the sides
        nw = int(h * target)
        image = image.crop(((w - nw) // 2, 0, (w - nw) // 2 + nw, h))
    else:
        nh = int(w / target)
        image = image.crop((0, (h - nh) // 2, w, (h - nh) // 2 + nh))
    out = io.BytesIO()
    image.resize(PHOTO_SIZE).save(out, "JPEG", quality=88)
    return out.getvalue()
