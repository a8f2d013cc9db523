"""What the subcommands share: opening the store, asking for passwords, printing records."""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.domain.errors import CounterDeskError

if TYPE_CHECKING:  # the store is imported by the commands that open it, not by `counterdesk gui`'s start
    from desktop.context import AppContext
    from desktop.services.base import Actor

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
PASSWORD_ENV = "COUNTERDESK_PASSWORD"
NEW_PASSWORD_ENV = "COUNTERDESK_NEW_PASSWORD"
ADMIN_PASSWORD_ENV = "COUNTERDESK_ADMIN_PASSWORD"


class UsageError(Exception):
    """Exit 2: the command cannot run as called (for example: no password and no terminal)."""


def fail(exc: CounterDeskError) -> int:
    field = getattr(exc, "field", None)
    prefix = f"[{field}] " if field else ""
    print(f"错误 / error: {prefix}{exc.message_zh} / {exc.message_en}", file=sys.stderr)
    return EXIT_REFUSED


def secret(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    """From the environment variable, else a prompt on a terminal; with neither, a usage error
    instead of waiting for input that will never come."""
    value = os.environ.get(env_name)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"no terminal to ask for the password: set {env_name}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入 / again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def open_context(args) -> AppContext:
    from desktop.context import open_app

    return open_app(args.db)


def login_as(ctx: AppContext, username: str | None) -> Actor:
    if not username:
        raise UsageError("this command changes data: give --as USER")
    password = secret(PASSWORD_ENV, f"{username} 的密码 / password: ")
    return ctx.services.auth.login(username, password)


def to_jsonable(value):
    if is_dataclass(value):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def print_json(value) -> None:
    print(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def print_table(rows: list[list[object]], headers: list[str]) -> None:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
