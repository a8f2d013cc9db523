"""store/driver.py: statements on the driver's cursor (SQLite's 叫号 and audit entries) are guarded and
fail as SQLAlchemy's statements fail, so the callers' error handling sees what it always sees."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from desktop.store import driver
from desktop.store.guards import NumberRefused, TextRefused

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_driver_statements_are_guarded_and_fail_as_sqlalchemys(hall):
    with hall.ctx.session_factory() as session, session.begin():
        conn = session.connection()
        assert driver.execute(conn, "SELECT last_id FROM audit_head WHERE id = ?", (1,))[0] >= 1
        with pytest.raises(TextRefused):
            driver.execute(conn, "SELECT ?", ("a\x00b",))
        with pytest.raises(NumberRefused):
            driver.execute(conn, "SELECT ?", (2**70,))
        with pytest.raises(exc.OperationalError):
            driver.execute(conn, "SELECT no_such_column FROM audit_head")
        with pytest.raises(exc.IntegrityError):  # the head's id is unique
            driver.execute(conn, "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '')")
    assert hall.services.audit.verify(hall.admin).ok
