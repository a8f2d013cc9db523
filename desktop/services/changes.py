"""The change marker: every data-changing call writes one audit entry, and the chain's head row
holds the id of the last one. Reading that one row (a primary-key lookup, a plain read on SQLite,
no write lock) tells a counter, the kiosk or the display board that another process changed
something, so they refresh within a poll interval instead of on a slow timer."""

from __future__ import annotations

from sqlalchemy import select

from desktop.store.engine import READ_ONLY
from desktop.store.models import AuditHead


class ChangeService:
    def __init__(self, session_factory) -> None:
        self._engine = session_factory.kw["bind"]

    def marker(self) -> int:
        """The id of the newest audit entry: it grows with every change, in any process."""
        with self._engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            return conn.execute(select(AuditHead.last_id).where(AuditHead.id == 1)).scalar_one_or_none() or 0
