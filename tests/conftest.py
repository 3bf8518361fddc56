import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime

import pytest

from layar_ramah import workflow as wf
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.models import ServiceType, Village
from layar_ramah.officers import create_officer


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


@pytest.fixture
def clock():
    # Monday 23 November 2026, 08:00 — an ordinary working morning.
    return ManualClock(office_time(2026, 11, 23, 8, 0))


@pytest.fixture
def database(tmp_path, clock):
    path = tmp_path / "test.sqlite3"
    open_database(path, clock)
    yield path
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
