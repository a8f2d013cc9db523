"""The `counterdesk` command: argument parsing and wiring, nothing else.

Exit codes: 0 done, 1 refused or invalid input, 2 usage error."""

from __future__ import annotations

import argparse
import sys

from desktop import __version__
from desktop.cli import gui
from desktop.cli.common import EXIT_USAGE, UsageError, fail
from desktop.domain.errors import CounterDeskError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with a short hint
        self.print_usage(sys.stderr)
        print(f"用法错误 / usage error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def starts_the_window(argv: list[str]) -> bool:
    """`counterdesk [--db URL] [gui [--lang L]]`: the counter window and nothing else. It is parsed
    with the window's commands only, because registering every command imports every command's
    rules (the exam, tally and queue domains: ~150 ms of a cold start the clerk would wait for)."""
    options = {"--db"}  # --lang belongs to gui, so it is the window's only after "gui"
    tokens = iter(argv)
    for token in tokens:
        name = token.split("=", 1)[0]
        if name in options:
            if "=" not in token:
                next(tokens, None)
        elif token == "gui" and "--lang" not in options:
            options = {"--lang"}
        else:
            return False
    return True


def build_parser(*, window_only: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(prog="counterdesk", description="CounterDesk 车驾管业务窗口服务台")
    parser.add_argument("--version", action="version", version=f"counterdesk {__version__}")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the database "
                        "(default: COUNTERDESK_DB, else an SQLite file in the user data dir)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    gui.register(sub)
    if window_only:
        return parser
    from desktop.cli import admin, backup, documents, exams, queue, tallies, vehicles

    admin.register(sub)
    documents.register(sub)
    imports = queue.register(sub)
    vehicles.register(sub, imports)
    exams.register(sub, imports)
    tallies.register(sub)
    backup.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(window_only=starts_the_window(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    try:
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"用法错误 / usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CounterDeskError as exc:
        return fail(exc)
    except KeyboardInterrupt:
        print("已取消 / cancelled", file=sys.stderr)
        return 1
