"""`LayarRamah --public-screen`: start straight into the waiting-room screen.

For the installer's "Layar Ruang Tunggu" shortcut: a PC by the waiting-room TV, or a
second start on the counter PC. No sign-in (the screen shows initials only and offers no
action) and no instance lock (it only reads, beside the counter app on the same file;
SQLite's WAL lets it). A damaged or missing file is reported, never repaired from here:
that is the counter app's dialog. Esc closes the screen, F11 leaves full screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from layar_ramah import startup
from layar_ramah.engine import is_server_url
from layar_ramah.errors import StorageError


def tr(text: str) -> str:
    return QCoreApplication.translate("PublicScreenStandalone", text)


def choose_screen(screens, primary):
    """The TV: the monitor that is not the primary one when there are several."""
    others = [s for s in screens if s is not primary]
    return others[0] if others else primary


class Refusal:
    @classmethod
    def ask(cls, text: str) -> None:
        QMessageBox.warning(None, tr("Layar ruang tunggu"), text)


def open_screen(args):
    """The screen, shown full-screen; None (the user told why) when the data cannot be read."""
    from ui.app import open_session
    from ui.startup.checks import database_path
    path = database_path(args)
    if not args.demo and not is_server_url(path):  # a server keeps its own pages: nothing to check here
        check = startup.check_database(path)
        if check.status in (startup.NEW, startup.MISSING):
            Refusal.ask(tr("Belum ada data Layar Ramah di:\n{path}\n\nJalankan Layar Ramah di komputer loket "
                           "lebih dulu, atau arahkan pintasan ini ke berkas datanya dengan --db.").format(path=path))
            return None
        if not check.ok:
            Refusal.ask(tr("Berkas data tidak dapat dibaca:\n{path}\n\n{message}\n\nBuka Layar Ramah di "
                           "komputer loket untuk memulihkannya.").format(path=path, message=check.message))
            return None
    try:
        _path, clock, _day = open_session(args)
    except StorageError as exc:  # the office server cannot be reached or refused this PC
        Refusal.ask(exc.message)
        return None
    from ui.public_screen.screen import PublicScreen
    screen = PublicScreen(clock)
    screen.show_on(choose_screen(QGuiApplication.screens(), QGuiApplication.primaryScreen()))
    return screen


def run(app, args) -> int:
    from layar_ramah import db as dbmod
    from ui.startup import error_handler
    handler = error_handler.install(dbmod.data_dir())
    try:
        screen = open_screen(args)
        return app.exec() if screen is not None else 1
    finally:
        handler.uninstall()
