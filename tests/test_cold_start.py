"""What the window leaves for later so that it paints sooner (bench/run.py, "cold start"),
and that leaving it for later changes nothing the operator sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from layar_ramah import workflow as wf
from layar_ramah.models import Request
from tests.conftest import office_time
from ui.counter.queue_model import ID_ROLE, NAME, TICKET
from ui.main_window import MainWindow
from ui.session import Session

ROOT = Path(__file__).resolve().parents[1]

# A fresh interpreter builds and paints the window on a new database: this test process
# has long imported everything.
CHILD = r"""
import json, sys
from datetime import datetime
from pathlib import Path
from PySide6.QtCore import QTimer
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.db import open_database
from layar_ramah.officers import create_officer
from ui.app import build_main_window, create_application
app = create_application(sys.argv[:1])
clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=OFFICE_TZ))
path = Path(sys.argv[1])
open_database(path, clock)
operator = create_officer(None, name="Dewi Anggraini", roles=("operator",), now=clock.now())
window = build_main_window(path, clock, None, operator)
window.show()
QTimer.singleShot(300, app.quit)
app.exec()
print(json.dumps({name: name in sys.modules for name in ("reportlab", "holidays", "PIL", "ui.startup.restore_dialog",
                                                         "ui.public_screen.screen", "ui.counter.register_dialog")}))
"""


def test_the_window_starts_without_the_printing_and_holidays_libraries(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "fresh.sqlite3")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert not any(loaded.values()), loaded  # each is imported by the action that needs it


def test_queue_order_without_sorting_is_the_sorted_order(qtbot, staff, clock, make_request, counter):
    waiting = make_request(nik="3516150505800001")
    clock.set(office_time(2026, 11, 23, 8, 10))
    running = make_request(nik="3516150505800002", applicant_name="Bayu Saputra")
    wf.complete(counter, running)
    priority = make_request(nik="3516155203450004", vulnerability="elderly", applicant_name="Ani Lestari")
    window = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(window)
    table, proxy = window.queue.table, window.queue.proxy

    def ids():
        return [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]

    queue_order = [priority.id, running.id, waiting.id]
    assert table.horizontalHeader().sortIndicatorSection() == TICKET and ids() == queue_order
    table.sortByColumn(TICKET, Qt.SortOrder.DescendingOrder)
    assert ids() == queue_order[::-1]
    table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)  # Ani, Bayu, Siti
    assert ids() == [priority.id, running.id, waiting.id] and proxy.sortColumn() == NAME
    table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert ids() == [waiting.id, running.id, priority.id]
    table.sortByColumn(TICKET, Qt.SortOrder.AscendingOrder)
    assert ids() == queue_order
    window.queue.search.setText("Bayu")
    window.queue.search.setText("")  # rows let back in by a filter come back in their place
    assert ids() == queue_order
    # the tooltips, built when first asked for
    index = proxy.index(0, TICKET)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Jalur prioritas")
    assert Request.get_by_id(priority.id).lane == "P"


def test_the_dashboard_builds_its_tables_when_first_shown(qtbot, staff, clock):
    window = MainWindow(Session(clock, staff["kasi"]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.dashboard._views is None  # nothing of it painted at start
    window.tabs.setCurrentWidget(window.dashboard)
    QApplication.processEvents()
    services = window.dashboard.views["services"]
    assert services.isVisible() and services.width() > 600  # laid out like the rest of the tab
    assert services.height() < 200  # no room kept for a scroll bar it does not need


SIGN_IN_CHILD = r"""
import json, sys
from datetime import datetime
from pathlib import Path
from PySide6.QtCore import QTimer
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.db import open_database
from layar_ramah.officers import create_officer
from ui.app import create_application
from ui.account.signin_dialog import SignInDialog
app = create_application(sys.argv[:1])
clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=OFFICE_TZ))
open_database(Path(sys.argv[1]), clock)
create_officer(None, name="Dewi Anggraini", roles=("operator",), now=clock.now())
seen = {}
paint = SignInDialog.paintEvent
def first_paint(self, event):
    seen.setdefault("at_first_paint", "ui.main_window" in sys.modules)
    paint(self, event)
SignInDialog.paintEvent = first_paint
dialog = SignInDialog(clock)
dialog.show()
poll = QTimer()
poll.timeout.connect(lambda: "ui.main_window" in sys.modules and app.quit())
poll.start(20)
QTimer.singleShot(20000, app.quit)  # a safety net only
app.exec()
seen["while_waiting"] = "ui.main_window" in sys.modules
print(json.dumps(seen))
"""


def test_the_counter_window_is_imported_while_the_sign_in_window_waits_not_before_it_paints(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", SIGN_IN_CHILD, str(tmp_path / "fresh.sqlite3")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"at_first_paint": False, "while_waiting": True}


def test_at_the_start_the_window_paints_before_it_reads_the_queue_and_the_rows_follow(
        qtbot, database, staff, clock, make_request, settings_dir):
    from PySide6.QtCore import QEvent, QObject

    from ui.app import build_main_window
    for name in ("Siti Rahayu", "Bambang Sutrisno"):
        make_request(applicant_name=name)
    window = build_main_window(database, clock, None, staff["operator"], read_after_paint=True)
    qtbot.addWidget(window)
    at_paint = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint and not at_paint:
                at_paint.append(window.queue.model.rowCount())
            return False
    watch = FirstPaint()
    window.installEventFilter(watch)
    assert window.queue.model.rowCount() == 0  # built, not read
    window.show()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 2)
    assert at_paint == [0]  # on screen first, the read in the next turn of the loop
