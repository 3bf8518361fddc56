"""A counter PC in a process of its own, for the tests of several PCs on one PostgreSQL
database (tests/test_pg_counters.py): it opens the database as the app does, says
"ready", waits for "go" on stdin (so two of them start at the same moment), registers
N citizens one after another and prints each ticket after its transaction committed.

    python tests/pg_clients.py URL N OFFICER_ID
    python tests/pg_clients.py URL complete REQUEST_ID OFFICER_ID   (one action, then "done")
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGISTER_AT = datetime.fromisoformat("2026-11-23T09:00:00+07:00")  # every PC the same second


def register_many(url: str, count: int, officer_id: int) -> None:
    from layar_ramah import workflow as wf
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import open_database
    from layar_ramah.models import Officer, ServiceType, Village

    clock = ManualClock(REGISTER_AT)
    open_database(url, clock)
    counter = wf.Ctx(Officer.get_by_id(officer_id), clock)
    petugas = next(o for o in Officer.select() if "petugas" in o.role_set)
    service = ServiceType.get(ServiceType.code == "SKPSK")
    village = Village.select().first()
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    for i in range(count):
        request = wf.register(counter, applicant_name=f"Warga {officer_id}-{i}", nik="3516155203850002",
                              phone="0812-3456-7890", address="Dusun Krajan No. 5", village=village,
                              rt="2", rw="1", service=service, officer=petugas)
        print(f"{request.id} {request.ticket}", flush=True)
    print("done", flush=True)


def complete(url: str, request_id: int, officer_id: int) -> None:
    from layar_ramah import workflow as wf
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import open_database
    from layar_ramah.models import Officer

    clock = ManualClock(REGISTER_AT)
    open_database(url, clock)
    wf.complete(wf.Ctx(Officer.get_by_id(officer_id), clock), request_id)
    print("done", flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "complete":
        complete(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    else:
        register_many(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
