import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime

import pytest

from layar_ramah import workflow as wf
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.models import ServiceType, Village
from layar_ramah.officers import create_officer

import pg_server


def close_leftover_qt() -> None:
    """Close every window a test left open and wait for background jobs, so that no
    timer or pool thread of one test runs into the next one's database."""
    from PySide6.QtCore import QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(10000)
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.close()
        widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # run the deleteLater()s now
    QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture(scope="session", autouse=True)
def qt_in_indonesian(qapp):
    """As ui.app.create_application starts the app: Qt's own menus and buttons in Indonesian,
    Indonesian day and month names (ui/i18n.py), for every test, whatever runs first."""
    from ui import i18n
    i18n.install(qapp)


@pytest.fixture(autouse=True)
def no_leftover_qt():
    yield
    close_leftover_qt()


def office_time(*args) -> datetime:
    """An aware datetime on the office's wall clock: office_time(2026, 11, 23, 9, 0)."""
    return datetime(*args, tzinfo=OFFICE_TZ)


def another_pc(write) -> None:
    """`write` committed through a connection of its own, as a second counter PC would."""
    import threading

    from layar_ramah import db as dbmod

    def work():
        with dbmod.thread_connection():
            write()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def loaded(qtbot, view):
    """`view` once what it reads off the GUI thread (its `loads`, ui/widgets/background.Latest)
    is on screen: waited for by its signal, never a sleep."""
    qtbot.waitUntil(lambda: not view.loads.busy, timeout=20000)
    return view


@pytest.fixture(autouse=True)
def default_backup_folder():
    """A backup folder chosen in Pengaturan (ui/pc_settings) is process-wide: put it back."""
    yield
    from layar_ramah import backup
    backup.use_folder(None)


@pytest.fixture
def clock():
    # Monday 23 November 2026, 08:00 — an ordinary working morning.
    return ManualClock(office_time(2026, 11, 23, 8, 0))


ENGINES = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_engines: the module's tests run on SQLite and on a real PostgreSQL server")
    config.addinivalue_line("markers", "sqlite_only: a test of the SQLite file itself (in a both_engines module)")
    config.addinivalue_line("markers", "pg_only: the database fixtures open the PostgreSQL test server")


def pytest_generate_tests(metafunc):
    """A module marked both_engines runs every test that opens a database twice:
    test_x[sqlite] on a file, test_x[postgresql] on the session's server."""
    marked = metafunc.definition.get_closest_marker
    if "engine_name" in metafunc.fixturenames and marked("both_engines") and not marked("sqlite_only"):
        metafunc.parametrize("engine_name", ENGINES, indirect=True)


@pytest.fixture(scope="session")
def pg():
    """One PostgreSQL server for the whole session (tests/pg_server.py). Without the
    server programs the PostgreSQL tests are skipped, saying why; CI sets
    LAYAR_RAMAH_REQUIRE_POSTGRES=1, which makes that a failure."""
    reason = pg_server.missing_reason()
    if reason is not None:
        if os.environ.get("LAYAR_RAMAH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    server = pg_server.PgServer()
    yield server
    server.stop()


@pytest.fixture
def engine_name(request):
    if request.node.get_closest_marker("pg_only"):
        return "postgresql"
    return getattr(request, "param", "sqlite")


@pytest.fixture
def database(tmp_path, clock, engine_name, request):
    """The open database: a new SQLite file, or (both_engines, [postgresql]) the test
    server's database as a new office's. Yields the file's path or the server's URL."""
    target = tmp_path / "test.sqlite3" if engine_name == "sqlite" else request.getfixturevalue("pg").fresh_url()
    open_database(target, clock)
    yield target
    close_leftover_qt()  # before the connection closes: no timer may reach a closed database
    close_database()


@pytest.fixture
def staff(database, clock):
    """An admin, a Kasi Pelayanan, two service officers and an operator."""
    admin = create_officer(None, name="Admin", roles=("admin",), now=clock.now())
    ctx = wf.Ctx(admin, clock)
    return {
        "admin": admin,
        "kasi": create_officer(ctx, name="Sri Wahyuningsih", roles=("kasi_pelayanan",),
                               nip="197503142000032004"),
        "petugas": create_officer(ctx, name="Ahmad Fauzi", roles=("petugas",)),
        "petugas2": create_officer(ctx, name="Rina Puspitasari", roles=("petugas",)),
        "operator": create_officer(ctx, name="Dewi Anggraini", roles=("operator",)),
        "camat": create_officer(ctx, name="Bambang Hermanto", roles=("camat",)),
    }


@pytest.fixture
def counter(staff, clock):
    return wf.Ctx(staff["operator"], clock)


@pytest.fixture
def make_request(counter, staff):
    """Register a request with sensible defaults; keyword arguments override."""
    def make(**overrides):
        fields = dict(
            applicant_name="Siti Rahayu", nik="3516155203850002", phone="0812-3456-7890",
            address="Dusun Krajan No. 5", village=Village.get(Village.code == "35.16.15.2017"),
            rt="2", rw="1", service=ServiceType.get(ServiceType.code == "SKPSK"),
            vulnerability="none", officer=staff["petugas"],
        )
        fields.update(overrides)
        return wf.register(counter, **fields)
    return make


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory):
    """QSettings (window geometry, column widths, last officer) in a fresh folder per test:
    a test never reads what another test, or the user, left behind."""
    from PySide6.QtCore import QSettings
    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder
