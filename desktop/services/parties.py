"""Whose ID is this: a resident ID number (a person) or a 统一社会信用代码 (a company)."""

from __future__ import annotations

from datetime import date

from desktop.domain import identifiers
from desktop.domain.errors import ValidationError


def classify_party_id(text: str, field: str, today: date) -> tuple[str, str]:
    """("p", resident ID) or ("c", USCC), validated. A resident ID has 17 digits before its check
    character; anything else is read as a USCC. Seventeen digits with a real birth date in
    characters 7-14 are an ID number, even with a wrong check character: a mistyped ID must not
    become a company (the wrong digit is the USCC check character of the same 17 digits about one
    time in eleven). When both fail, the resident-ID message is kept for digit strings and the USCC
    message for the rest."""
    value = identifiers.normalize(text or "")
    if len(value) == 18 and value[:17].isdigit():
        try:
            return "p", identifiers.validate_resident_id(value, field=field, today=today).number
        except ValidationError as person_error:
            if person_error.code in ("bad_check_digit", "future_birth_date"):  # 7-14 hold a real date
                raise
            try:
                return "c", identifiers.validate_uscc(value, field)
            except ValidationError:
                raise person_error from None
    if len(value) == 18:
        return "c", identifiers.validate_uscc(value, field)
    return "p", identifiers.validate_resident_id(value, field=field, today=today).number
