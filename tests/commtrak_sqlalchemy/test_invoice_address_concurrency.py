"""Two sessions assign one invoice address to one customer at once: the loser is told why.

The race is staged, not hoped for. Session A assigns the invoice address and stays
open; session B, in a thread, assigns the same address to the same customer. B's
existence check cannot see A's uncommitted link, so B inserts, and on PostgreSQL and
MariaDB that insert waits on A's row. The test waits until the database reports B
waiting for a lock, then commits A: B's insert now breaks the link table's primary key,
and B must get ``Conflict("invoice_address_id", "already_assigned")``, the rule the
service documents, whatever the database calls the key (MariaDB says only ``PRIMARY``).

On SQLite ``BEGIN IMMEDIATE`` serializes writers: B waits before it reads, then finds
A's link and, assigning twice changing nothing, succeeds. Either way exactly one link
remains.
"""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import Connection, text

from commtrak import Actor, Address, CommtrakError, Conflict, Store
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.system()
#: How long the test waits for the database to show B waiting on A's row.
LOCK_WAIT_SECONDS = 30.0

#: How each database shows another session of this database inserting a link: on
#: PostgreSQL, waiting for a lock; on MariaDB, whose ``innodb_trx`` may not list a
#: waiting transaction yet, running the ``INSERT`` (a one-row insert still running
#: here is waiting for session A's row).
_WAITING = {
    "postgresql": (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %invoice_address_links%'"
    ),
    "mysql": (
        "SELECT count(*) FROM information_schema.processlist"
        " WHERE db = DATABASE() AND id <> CONNECTION_ID() AND command = 'Query'"
        " AND info LIKE 'INSERT INTO %invoice_address_links%'"
    ),
}


def _waiting_sessions(connection: Connection, dialect: str) -> int:
    query = _WAITING["mysql" if dialect in ("mysql", "mariadb") else dialect]
    count: int = connection.execute(text(query)).scalar_one()
    connection.rollback()  # a fresh snapshot for the next poll (MariaDB's repeatable read)
    return count


def _wait_for_a_lock_wait(backend: SqlBackend, outcome: list[str]) -> None:
    dialect = backend.engine.dialect.name
    if dialect == "sqlite":  # B waits in BEGIN IMMEDIATE; SQLite cannot show it
        time.sleep(0.5)
        return
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    with backend.engine.connect() as connection:
        while _waiting_sessions(connection, dialect) == 0:
            assert not outcome, f"session B ended without waiting for session A: {outcome}"
            assert time.monotonic() < deadline, "session B never waited on session A's row"
            time.sleep(0.02)


def test_a_lost_race_to_assign_an_invoice_address_is_already_assigned(
    shared_store: Store,
) -> None:
    with shared_store.session(actor=ACTOR) as s:
        insurer = s.customers.add(name="Insurer", address=Address(line1="1 St", postcode="6000"))
        tenant = s.customers.add(name="Tenant", address=Address(line1="2 St", postcode="6000"))
        address = s.invoice_addresses.add(
            insurer.id, name="Claims Dept", address=Address(line1="3 St")
        )
    outcome: list[str] = []

    def assign_in_session_b(invoice_address_id: uuid.UUID) -> None:
        try:
            with shared_store.session(actor=ACTOR) as b:
                b.invoice_addresses.assign(invoice_address_id, tenant.id)
        except Conflict as conflict:
            outcome.append(f"{conflict.field}/{conflict.rule}")
        except CommtrakError as error:
            outcome.append(f"{type(error).__name__}: {error}")
        except Exception as error:  # anything else is the bug this test is here to show
            outcome.append(f"UNDOCUMENTED {type(error).__name__}: {error}")
        else:
            outcome.append("ok")

    racer = threading.Thread(target=assign_in_session_b, args=(address.id,))
    with shared_store.session(actor=ACTOR) as a:
        a.invoice_addresses.assign(address.id, tenant.id)
        racer.start()
        _wait_for_a_lock_wait(shared_store.backend, outcome)  # type: ignore[arg-type]
    racer.join(timeout=LOCK_WAIT_SECONDS)
    assert not racer.is_alive()

    backend = shared_store.backend
    assert isinstance(backend, SqlBackend)
    serialized = backend.engine.dialect.name == "sqlite"
    assert outcome == (["ok"] if serialized else ["invoice_address_id/already_assigned"])
    with shared_store.session(actor=ACTOR) as s:
        assert s.invoice_addresses.usage(address.id).customer_ids == tuple(
            sorted((insurer.id, tenant.id), key=str)
        )
