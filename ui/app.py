"""The Qt bootstrap: arguments, database, sign-in, main window. `main.py` and the
installed `layar-ramah` entry point both call `main()`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from layar_ramah import db as dbmod
from layar_ramah.clock import OFFICE_TZ, SystemClock
from layar_ramah.engine import is_server_url
from layar_ramah.errors import StorageError


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="layar-ramah", description="Layar Ramah — loket pelayanan kecamatan")
    parser.add_argument("--db", help="buka berkas database lain, atau server kantor: "
                                     "postgresql://pengguna@server/nama_basis_data")
    parser.add_argument("--demo", action="store_true", help="buka hari demo (database terpisah)")
    parser.add_argument("--public-screen", action="store_true",
                        help="langsung tampilkan layar ruang tunggu (tanpa masuk), layar penuh")
    parser.add_argument("--self-check", action="store_true",
                        help="periksa kelengkapan aplikasi tanpa layar (basis data demo sementara), lalu keluar")
    parser.add_argument("--self-check-dir", type=Path, help="folder hasil --self-check (bawaan: folder sementara)")
    # Qt's own options (e.g. -platform) pass through untouched
    args, _unknown = parser.parse_known_args(argv)
    return args


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    QCoreApplication.setOrganizationName("LayarRamah")
    QCoreApplication.setApplicationName("Layar Ramah")
    from ui import i18n
    i18n.install(app)  # Qt's own menus, buttons and dialogs in Indonesian
    from ui.style import apply_style
    apply_style(app)
    from ui.help.about import app_icon
    app.setWindowIcon(app_icon())  # every window and the taskbar
    return app


def open_session(args):
    """Open the right database and clock; returns (path, clock, demo_day or None)."""
    if args.demo:
        from layar_ramah.demo import open_demo
        demo = open_demo(dbmod.demo_db_path(), SystemClock().now().astimezone(OFFICE_TZ).date())
        dbmod.open_database(demo.path, demo.clock)
        return demo.path, demo.clock, demo.day
    from ui.startup.checks import database_path
    target = database_path(args)
    clock = SystemClock()
    if is_server_url(target):
        from ui.startup.server_password import open_server
        open_server(target, clock)
    else:
        dbmod.open_database(target, clock)
    return target, clock, None


def build_main_window(path: Path, clock, demo_day: date | None, officer=None, read_after_paint: bool = False):
    from ui.account.signin_dialog import wait_for_preload
    wait_for_preload()
    from ui.main_window import MainWindow
    from ui.session import Session
    session = Session(clock, officer, demo=demo_day is not None)
    # the database file, for what lives beside it (backups, slips); a server has none
    return MainWindow(session, db_path=None if is_server_url(str(path)) else path, read_after_paint=read_after_paint)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    args = parse_args(argv[1:])
    if args.self_check:
        from ui.startup.self_check import main as self_check
        return self_check(args)
    app = create_application(argv)
    from ui.pc_settings import apply_backup_folder
    apply_backup_folder()  # this PC's backup folder, where the start-up check looks for a good copy
    if args.public_screen:
        from ui.public_screen.standalone import run
        return run(app, args)
    from ui.widgets.interpreter import tune
    tune()  # the GUI thread gets the interpreter lock promptly; full collections wait for a quiet moment
    # error log and hook, one instance per database, the database checked
    from ui.startup.checks import prepare
    guard = prepare(args)  # held until exit: it owns the lock
    if guard is None:
        return 1
    try:
        try:
            path, clock, demo_day = open_session(args)
        except StorageError as exc:  # the server cannot be reached, refused us, is not ours
            from ui.startup.checks import show_message
            show_message(QCoreApplication.translate("App", "Basis data tidak dapat dibuka"), exc.message)
            return 1
        from ui.account.signin import first_officer
        # the sign-in window paints first; its status line then starts the background
        # check of every page of the file (ui/startup/integrity.py)
        officer = first_officer(clock, demo=demo_day is not None, status=guard.status_line())
        if officer is None or guard.stopped:
            return 0
        window = build_main_window(path, clock, demo_day, officer, read_after_paint=True)
        guard.started(window)  # automatic backups begin; the check's status moves to the window
        window.show()
        from ui.startup.chain_check import start_background_check
        start_background_check(window)  # warns if the event chain was tampered with
        return app.exec()
    finally:
        guard.release()  # a clean end: the next start need not read every page first
