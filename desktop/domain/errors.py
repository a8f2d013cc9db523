"""Errors a person can act on.

Every error carries a stable code, a message in Chinese (the UI language) and its English. The UI
shows `message(lang)`; the CLI prints it; nothing shows a traceback for these.
"""

from __future__ import annotations


class CounterDeskError(Exception):
    """Base of the errors that are shown to a person instead of a traceback."""

    exit_code = 1

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh

    def bilingual(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


class ValidationError(CounterDeskError):
    """Bad input in one field: 身份证号校验位错误 / ID number check digit is wrong."""

    def __init__(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(code, message_zh, message_en)
        self.field = field


class RefusedError(CounterDeskError):
    """A business rule refuses the request (the message says why, for the applicant)."""


class PermissionDenied(CounterDeskError):
    """The caller's role does not allow this action."""


class NotFoundError(CounterDeskError):
    """The record asked for does not exist."""


class AuthenticationError(CounterDeskError):
    """Wrong user name or password, locked or disabled account."""
