"""Opening the office's PostgreSQL server at start: with the password this PC keeps
(layar_ramah.engine.connections), or asked for when the server wants one the app does not
have or refuses the one kept. Three tries; then the start stops with the server's reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit

from layar_ramah import db as dbmod
from layar_ramah.engine import connections
from layar_ramah.engine.postgresql import ConnectionFailed, describe, parse_url

TRIES = 3


def tr(text: str) -> str:
    return QCoreApplication.translate("ServerPassword", text)


def ask_password(where: str, why: str) -> str | None:
    """The password for the server (masked); None when the operator cancels."""
    dialog = QInputDialog()
    dialog.setWindowTitle(tr("Kata sandi server basis data"))
    dialog.setLabelText(tr("{why}\n\nKata sandi untuk {where}:").format(why=why, where=where))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText(tr("Masuk"))
    dialog.setCancelButtonText(tr("Batal"))
    return dialog.textValue() if dialog.exec() else None


def open_server(url: str, clock, ask=ask_password) -> None:
    """Open the server database at `url` as the current database (ConnectionFailed when
    it cannot be, the operator having been asked for a password where that helps)."""
    password = None
    kept = connections.remembered(dbmod.data_dir())
    if kept is not None and kept[0].url == url:
        password = kept[1]
    for attempt in range(TRIES + 1):
        try:
            dbmod.open_database(url, clock, password=password)
            return
        except ConnectionFailed as exc:
            if not exc.needs_password or attempt == TRIES:
                raise
            password = ask(describe(parse_url(url)), exc.message)
            if password is None:
                raise
