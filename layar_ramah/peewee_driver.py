"""peewee without the PostgreSQL driver until a server database is opened.

peewee imports psycopg (and with it asyncio) when it is itself imported: 130 ms of a
start that opens the office's SQLite file and never talks to a server, which is what most
counter PCs do (bench/coldstart.py: the start to the painted sign-in window). So peewee is
first imported here, from the package's own `__init__`, with psycopg hidden, and
`load()` hands the driver to peewee before the PostgreSQL engine makes its database
(engine/postgresql.py). It sets what peewee's import would have set; the PostgreSQL
tests run through it, and pyproject.toml pins the peewee major version it was read on.
"""

from __future__ import annotations

import sys


def import_without_driver() -> None:
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return  # imported already (a tool or a test imported peewee first): nothing to save
    sys.modules["psycopg"] = None  # `import psycopg` inside peewee raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


def load() -> None:
    """Give peewee the psycopg 3 driver (idempotent)."""
    import peewee
    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb
    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle, adapter.txn_inerror = TransactionStatus.IDLE, TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
