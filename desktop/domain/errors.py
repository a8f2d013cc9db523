"""Errors a person can act on.

Every error carries a stable code, a message in Chinese (the UI language) and its English. The UI
shows `message(lang)`; the CLI prints it; nothing shows a traceback for these.
"""

from __future__ import annotations

# A message is read in a dialog or a terminal line: one that echoes a huge paste is cut in the
# middle (its start says what is wrong, its end often how to fix it). The places that echo input
# shorten it themselves (domain.text.shown); this is the net under the ones that do not.
MAX_MESSAGE_CHARS = 300
_HEAD, _TAIL = 200, 60


def _bounded(message: str) -> str:
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return f"{message[:_HEAD]}…{message[-_TAIL:]}"


class CounterDeskError(Exception):
    """Base of the errors that are shown to a person instead of a traceback."""

    exit_code = 1

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        message_zh, message_en = _bounded(message_zh), _bounded(message_en)
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


class DatabaseBusy(CounterDeskError):
    """Another process holds the database's write lock past the wait (a long import on SQLite)."""

    def __init__(self, *_: object) -> None:  # *_: unpickled from a worker process with its text
        super().__init__("database_busy",
                         "数据库正忙（另一台电脑或另一个窗口正在进行较长的操作，如导入），请稍候再试",
                         "The database is busy with another long operation (such as an import): "
                         "try again in a moment")
