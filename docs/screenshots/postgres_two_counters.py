"""How docs/screenshots/postgres_two_counters*.png are made: three PCs of one office on one
PostgreSQL database, each a process of its own (counter 1, counter 2, the waiting-room
screen on its own, reading the database itself). Counter 1 presses "Panggil berikutnya" (a
call is a write: an event); one second later the three windows are photographed, each
counter with the called request selected, and each says whether it shows the call.

    python docs/screenshots/postgres_two_counters.py postgresql://kantor:…@server/empty_db

The database must be empty: the demo office is moved into it first (layar_ramah/engine/pg_move.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 23)


def child(role: str, url: str, folder: Path, at: str) -> int:
    from PySide6.QtCore import QTimer

    from layar_ramah import workflow as wf
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import open_database
    from layar_ramah.models import Counter, Officer
    from ui.app import build_main_window, create_application

    app = create_application(sys.argv[:1])
    clock = ManualClock(datetime.fromisoformat(at))
    open_database(url, clock)
    if role == "screen":
        from ui.public_screen.screen import PublicScreen
        window = PublicScreen(clock)
        window.show_on(None, windowed=True)
        def shows(ticket, _id):  # the call is up large, or waits its turn behind one that is
            calls = window.model.calls
            return any(c is not None and c.ticket == ticket for c in [calls.current, *calls.waiting])
    else:
        who = "Dewi Anggraini" if role == "counter1" else "Dra. Sri Wahyuningsih"
        window = build_main_window(url, clock, None, Officer.get(Officer.name == who))
        window.resize(1366, 768)
        window.show()
        shows = lambda _ticket, request_id: window.queue.select_request(request_id)  # noqa: E731
    (folder / f"{role}.ready").touch()

    def look() -> None:
        clock.set(clock.now() + timedelta(milliseconds=100))
        if role == "counter1" and (folder / "write").exists() and not (folder / "written").exists():
            request = wf.call_next(window.ctx(), Counter.get(Counter.number == 1))
            window.refresh()
            (folder / "written").write_text(f"{request.ticket} {request.id}")
        if (folder / "shoot").exists():
            ticket, request_id = (folder / "written").read_text().split()
            seen = shows(ticket, int(request_id))
            for _ in range(3):  # the detail panel's new text is laid out in the next turns of the loop
                app.processEvents()
            window.grab().save(str(OUT / f"postgres_two_counters_{role}.png"))
            (folder / f"{role}.done").write_text(f"shows {ticket}" if seen else f"does not show {ticket}")
            app.quit()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(100)
    return app.exec()


def main(url: str) -> int:
    from layar_ramah.db import close_database
    from layar_ramah.demo import build_demo
    from layar_ramah.engine.pg_move import move
    from layar_ramah.models import Event, db  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = folder / "demo.sqlite3"
        build_demo(demo, DAY)
        close_database()
        print(move(demo, url, progress=lambda _t: None).summary())
        import sqlite3
        last = sqlite3.connect(demo).execute("SELECT MAX(at) FROM event").fetchone()[0]
        at = (datetime.fromisoformat(last[:19] + "+00:00") + timedelta(minutes=2)).isoformat()
        procs = [subprocess.Popen([sys.executable, __file__, "--child", role, url, str(folder), at])
                 for role in ("counter1", "counter2", "screen")]
        while not all((folder / f"{r}.ready").exists() for r in ("counter1", "counter2", "screen")):
            time.sleep(0.1)
        time.sleep(1.0)
        (folder / "write").touch()
        while not (folder / "written").exists():
            time.sleep(0.05)
        time.sleep(1.0)  # the other PCs have one second
        (folder / "shoot").touch()
        for proc in procs:
            proc.wait(timeout=60)
        print(f"counter 1 called {(folder / 'written').read_text().split()[0]}; one second later:")
        for role in ("counter1", "counter2", "screen"):
            print(f"  {role}: {(folder / f'{role}.done').read_text()}")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2], sys.argv[3], Path(sys.argv[4]), sys.argv[5]))
    sys.exit(main(sys.argv[1]))
