"""The version where people look for it, and the app's icon.

The number is defined once, `layar_ramah.__version__` (pyproject reads it, the PyInstaller
spec puts it in the .exe's file properties, the installer's name carries it); this module
shows it in the About box, the status bar and the log's first line (`build_line`).
"""

from __future__ import annotations

import platform
import sys
from functools import lru_cache
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox

from layar_ramah import __version__
from layar_ramah.labels import SLA_LABELS
from layar_ramah.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # resources/icon/, drawn by installer/make_icon.py


def tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def build_line() -> str:
    """One line saying exactly what runs: for the log and for a report to the IT person."""
    kind = tr("bundel Windows") if getattr(sys, "frozen", False) and sys.platform == "win32" else \
        tr("bundel") if getattr(sys, "frozen", False) else tr("dari kode sumber")
    return (f"Layar Ramah {__version__} ({kind}; Python {platform.python_version()}, Qt {qVersion()}, "
            f"PySide6 {pyside_version}, {platform.system()} {platform.release()})")


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icon", f"layar-ramah-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def about_box(window) -> QMessageBox:
    from layar_ramah import db as dbmod
    box = QMessageBox(window)
    box.setWindowTitle(tr("Tentang Layar Ramah"))
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setText(tr("<p style='font-size:14pt'><b>Layar Ramah</b> versi {version}</p>"
                   "<p>Layanan Antar Surat ke Rumah: antrean layanan kecamatan dengan hitung mundur "
                   "waktu SOP, keberatan, dan pengantaran surat ke rumah warga.</p>").format(version=__version__))
    rows = (
        (tr("Status SOP"), ", ".join(SLA_LABELS.values())),
        # the file, or the office server (never its password)
        (tr("Data"), str(getattr(window, "db_path", "") or (dbmod.engine().label if dbmod.is_open() else "—"))),
        (tr("Folder data dan log"), str(dbmod.data_dir())),
        (tr("Perangkat lunak"), f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"),
    )
    box.setInformativeText("<table>" + "".join(
        f"<tr><td style='padding-right:10px'>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
        + "</table>")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_about(window) -> None:
    about_box(window).exec()
