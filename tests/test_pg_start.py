"""Starting on the office server: `--db postgresql://…`, or the server this PC was set up
for in Administrasi, remembered on this PC with its password kept apart from the settings
file (never as plain text in it) and readable only by this user; a password the server
asks for is asked of the operator, a refused one asked again."""

from __future__ import annotations

import json
import os
import stat
import sys
from types import SimpleNamespace

import pytest

from layar_ramah import db as dbmod
from layar_ramah.db import close_database
from layar_ramah.engine import connections
from layar_ramah.engine.connections import SECRET_NAME, SETTINGS_NAME, ServerAddress
from layar_ramah.engine.postgresql import ConnectionFailed
from layar_ramah.errors import ValidationError
from layar_ramah.models import Request
from ui.startup.checks import database_path
from ui.startup.server_password import open_server

import pg_server


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setattr(dbmod, "data_dir", lambda: folder)
    return folder


def args(db=None, demo=False):
    return SimpleNamespace(db=db, demo=demo)


def test_the_server_is_remembered_on_this_pc_without_its_password_in_the_settings_file(data_dir):
    address = ServerAddress("192.168.1.10", 5432, "layar_ramah", "kantor")
    connections.remember(data_dir, address, "rahasia-kantor-123")
    settings = (data_dir / SETTINGS_NAME).read_text(encoding="utf-8")
    assert json.loads(settings) == {"host": "192.168.1.10", "port": 5432, "dbname": "layar_ramah", "user": "kantor"}
    assert "rahasia" not in settings
    if sys.platform != "win32":  # elsewhere: a file of its own, only this user may read it
        for name in (SETTINGS_NAME, SECRET_NAME):
            assert stat.S_IMODE(os.stat(data_dir / name).st_mode) == 0o600
    assert connections.remembered(data_dir) == (address, "rahasia-kantor-123")
    assert database_path(args()) == "postgresql://kantor@192.168.1.10:5432/layar_ramah"
    assert database_path(args(db="postgresql://lain@server/x")) == "postgresql://lain@server/x"  # --db wins
    connections.forget(data_dir)
    assert connections.remembered(data_dir) is None
    assert database_path(args()) == dbmod.default_db_path()  # back to the file on this PC


@pytest.mark.parametrize("typed, field", [
    (("", "5432", "layar", "kantor"), "host"),
    (("server kantor", "5432", "layar", "kantor"), "host"),
    (("server", "54x", "layar", "kantor"), "port"),
    (("server", "70000", "layar", "kantor"), "port"),
    (("server", "5432", " ", "kantor"), "dbname"),
    (("server", "5432", "layar", ""), "user"),
])
def test_a_wrong_server_address_is_named_at_its_field(typed, field):
    with pytest.raises(ValidationError) as refused:
        connections.clean(*typed)
    assert refused.value.field == field


@pytest.mark.pg_only
def test_the_start_asks_for_the_password_the_server_wants_and_again_when_refused(pg, data_dir, clock):
    url = pg.url(password=False)
    asked = []

    def operator(where, why):
        asked.append(why)
        return "salah" if len(asked) == 1 else pg_server.APP_PASSWORD

    open_server(url, clock, ask=operator)
    try:
        assert len(asked) == 2 and "meminta kata sandi" in asked[0] and "ditolak" in asked[1]
        assert Request.select().count() == 0 and dbmod.engine().kind == "postgresql"
    finally:
        close_database()


@pytest.mark.pg_only
def test_the_remembered_password_opens_the_server_without_asking(pg, data_dir, clock):
    address = ServerAddress("127.0.0.1", pg.port, pg.dbname, pg_server.APP_USER)
    connections.remember(data_dir, address, pg_server.APP_PASSWORD)
    target = database_path(args())
    open_server(target, clock, ask=lambda *_: pytest.fail("asked although the PC keeps the password"))
    try:
        assert dbmod.engine().label == address.label and dbmod.engine().kind == "postgresql"
    finally:
        close_database()


@pytest.mark.pg_only
def test_a_cancelled_password_stops_the_start_with_the_servers_reason(pg, data_dir, clock):
    with pytest.raises(ConnectionFailed) as stopped:
        open_server(pg.url(password=False), clock, ask=lambda *_: None)
    assert "meminta kata sandi" in stopped.value.message


@pytest.mark.pg_only
def test_administrasi_tests_and_remembers_the_server_for_this_pc(pg, data_dir, database, staff, clock, qtbot, tmp_path):
    from ui.admin.server_page import ServerPage
    from ui.session import Session
    page = ServerPage(Session(clock, staff["admin"]))
    qtbot.addWidget(page)
    page.resize(1100, 680)
    assert "Sekarang data dibaca dari server" in page.now.text() and "berkas di komputer ini" in page.now.text()
    page.host.setText("127.0.0.1")
    page.port.setText("70000")
    page.test_button.click()
    assert "1–65535" in page.errors.labels["port"].text() and not connections.remembered(data_dir)
    page.port.setText(str(pg.port))
    page.dbname.setText(pg.dbname)
    page.user.setText(pg_server.APP_USER)
    page.password.setText("salah")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled() and "Menghubungi" not in page.result.text(), timeout=10_000)
    assert "ditolak" in page.result.text()
    page.password.setText(pg_server.APP_PASSWORD)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.result.text().startswith("Tersambung"), timeout=10_000)
    assert "data Layar Ramah dengan 0 permohonan" in page.result.text()
    page.save_button.click()
    assert connections.remembered(data_dir) == (
        ServerAddress("127.0.0.1", pg.port, pg.dbname, pg_server.APP_USER), pg_server.APP_PASSWORD)
    assert pg_server.APP_PASSWORD not in (data_dir / SETTINGS_NAME).read_text() and page.password.text() == ""
    assert f"Saat dibuka berikutnya: server kantor@127.0.0.1:{pg.port}" in page.now.text()
    page.grab().save(str(tmp_path / "server_page.png"))
    page.local_button.click()
    assert connections.remembered(data_dir) is None and "berkas di komputer ini" in page.now.text()


def test_administrasi_moves_this_pcs_file_into_an_empty_server_and_remembers_it(
        pg, data_dir, make_request, staff, clock, qtbot, tmp_path):
    from ui.admin.server_page import ServerPage
    from ui.session import Session
    make_request(applicant_name="Warga Berkas Lama")  # the office's file, with a request in it
    page = ServerPage(Session(clock, staff["admin"]))
    qtbot.addWidget(page)
    assert page.move_button.isEnabled()  # the app runs on a file: there is something to move
    empty = pg.new_database()
    page.host.setText("127.0.0.1")
    page.port.setText(str(pg.port))
    page.dbname.setText(empty)
    page.user.setText(pg_server.APP_USER)
    page.password.setText(pg_server.APP_PASSWORD)
    page.move_button.click()
    assert page.result.text().startswith("Pindah selesai") and "tutup lalu buka kembali" in page.result.text()
    assert dbmod.engine().kind == "sqlite" and Request.select().count() == 1  # the app stays on its file
    assert connections.remembered(data_dir)[0].dbname == empty
    open_server(database_path(args()), clock, ask=lambda *_: pytest.fail("asked"))
    try:
        assert [r.applicant_name for r in Request.select()] == ["Warga Berkas Lama"]
    finally:
        close_database()
