"""Qt's own words in Indonesian: the text fields' right-click menu (Salin, Tempel...), the
standard buttons (Ya, Tidak, Batal...), the wizard's buttons, Qt's own file dialog, and the
day and month names in the date fields and their calendar.

Our own screens are written in Indonesian; what Qt draws itself is English unless a
translation is loaded, and Qt ships none for Indonesian. resources/i18n/qtbase_id.ts is
ours (Qt's source strings, context by context); the compiled qtbase_id.qm sits beside it
so the bundle needs no Qt tool (pyside6-lrelease rebuilds it: tests/test_qt_indonesian.py
fails when the two differ). The file dialogs are the system's own on Windows, in the
language of Windows; elsewhere Qt draws its own, translated here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from layar_ramah.resources import resources_dir

QM_NAME = "qtbase_id.qm"
INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)

_installed: QTranslator | None = None


def qm_path():
    return resources_dir() / "i18n" / QM_NAME


def install(app: QCoreApplication) -> QTranslator:
    """Load the Indonesian Qt translation (once) and make Indonesian the default locale
    (day and month names, the calendar's first day of the week)."""
    global _installed
    QLocale.setDefault(INDONESIAN)
    if _installed is None:
        translator = QTranslator(app)
        if not translator.load(str(qm_path())):
            raise FileNotFoundError(f"Terjemahan Qt tidak dapat dibaca: {qm_path()}")
        _installed = translator
    app.installTranslator(_installed)
    return _installed


def uninstall(app: QCoreApplication) -> None:
    """Back to Qt's English (tests that check a widget as Qt alone draws it)."""
    if _installed is not None:
        app.removeTranslator(_installed)
