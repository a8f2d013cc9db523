"""One PC starting against a database that is behind: opens the app (which migrates) and prints the
revision it sees."""

from __future__ import annotations

import sys

from desktop.context import open_app
from desktop.store import migrate

if __name__ == "__main__":
    ctx = open_app(sys.argv[1])
    try:
        print(migrate.current_revision(ctx.engine))
    finally:
        ctx.dispose()
