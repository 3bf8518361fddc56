"""What Qt draws itself speaks Indonesian too: the right-click menu of a text field, the
standard buttons of a message or a dialog, Qt's own file dialog (Linux; Windows shows its
own, in the language of Windows), the day names of the date fields. The translation is ours
(resources/i18n/qtbase_id.ts) and the compiled .qm beside it must be that file compiled.
The suite installs it as the app does (conftest.py, qt_in_indonesian)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from shutil import which

from PySide6.QtCore import QDate, QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QTreeView,
    QWizard,
    QWizardPage,
)

from ui import i18n
from ui.main_window import MainWindow
from ui.session import Session

ROOT = Path(__file__).resolve().parents[1]


def plain(text: str) -> str:
    """A label as read: without its mnemonic mark and the shortcut after the tab."""
    return text.split("\t")[0].replace("&", "")


def lrelease() -> str:
    beside = Path(sys.executable).with_name("pyside6-lrelease")  # the venv's, also when not activated
    found = str(beside) if beside.exists() else which("pyside6-lrelease")
    assert found, "pyside6-lrelease comes with PySide6-Essentials"
    return found


def test_the_shipped_qm_is_the_ts_file_compiled(tmp_path):
    fresh = tmp_path / "qtbase_id.qm"
    subprocess.run([lrelease(), "-silent", str(ROOT / "resources/i18n/qtbase_id.ts"), "-qm", str(fresh)],
                   check=True)
    assert fresh.read_bytes() == i18n.qm_path().read_bytes(), "pyside6-lrelease resources/i18n/qtbase_id.ts"


def test_the_right_click_menu_of_a_text_field_in_the_app_is_indonesian(qtbot, staff, clock, settings_dir):
    window = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    search = window.queue.search
    QApplication.clipboard().setText("A-001")
    qtbot.keyClicks(search, "Siti")
    search.selectAll()
    at = QPoint(40, search.height() // 2)
    QApplication.sendEvent(search, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, search.mapToGlobal(at)))
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    labels = [plain(a.text()) for a in menu.actions() if not a.isSeparator()]
    assert labels == ["Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"]
    menu.close()


def test_a_multi_line_field_has_the_same_words(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit
    note = QPlainTextEdit("catatan")
    qtbot.addWidget(note)
    labels = [plain(a.text()) for a in note.createStandardContextMenu().actions() if not a.isSeparator()]
    assert labels == ["Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"]


def test_a_message_with_standard_buttons_says_ya_tidak_batal(qtbot):
    Button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Layar Ramah", "Simpan perubahan?",
                      Button.Yes | Button.No | Button.Cancel)
    qtbot.addWidget(box)
    assert {plain(box.button(b).text()) for b in (Button.Yes, Button.No, Button.Cancel)} == {"Ya", "Tidak", "Batal"}
    box.setStandardButtons(Button.Ok | Button.Save | Button.Close)
    assert [plain(box.button(b).text()) for b in (Button.Ok, Button.Save, Button.Close)] == ["OK", "Simpan", "Tutup"]


def test_a_dialog_of_the_app_with_qts_own_buttons_says_batal(qtbot, clock):
    from ui.admin.special_period_dialog import SpecialPeriodDialog
    dialog = SpecialPeriodDialog(None, clock.local_now().date())
    qtbot.addWidget(dialog)
    box = dialog.findChild(QDialogButtonBox)
    assert plain(box.button(QDialogButtonBox.StandardButton.Cancel).text()) == "Batal"


def test_a_wizard_with_qts_own_buttons_says_kembali_lanjut_selesai(qtbot):
    wizard = QWizard()
    qtbot.addWidget(wizard)
    for _ in range(2):
        wizard.addPage(QWizardPage())
    Which = QWizard.WizardButton
    assert [plain(wizard.buttonText(b)) for b in (Which.BackButton, Which.NextButton, Which.FinishButton,
                                                   Which.CancelButton)] == ["< Kembali", "Lanjut >", "Selesai", "Batal"]


def test_qts_own_file_dialog_opened_by_the_app_is_indonesian(qtbot, tmp_path, staff, clock):
    """The logo chooser of the office profile, as it opens on Linux (Windows: the system's)."""
    from ui.admin.office_profile_page import LogoChooser
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen["labels"] = {plain(label.text()) for label in dialog.findChildren(QLabel) if label.text()}
        seen["buttons"] = {plain(button.text()) for button in dialog.findChildren(QPushButton) if button.text()}
        seen["tips"] = {button.toolTip() for button in dialog.findChildren(QToolButton)}
        tree = dialog.findChild(QTreeView)
        seen["columns"] = [tree.model().headerData(c, tree.header().orientation()) for c in range(4)]
        dialog.reject()
    parent = QLabel()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, look)
    assert LogoChooser.ask(parent) is None
    assert {"Cari di:", "Nama berkas:", "Jenis berkas:"} <= seen["labels"]
    assert {"Buka", "Batal"} <= seen["buttons"]
    assert {"Kembali", "Maju", "Folder Induk", "Buat Folder Baru"} <= seen["tips"]
    assert seen["columns"] == ["Nama", "Ukuran", "Jenis", "Tanggal Diubah"]


def test_the_date_fields_name_the_days_and_months_in_indonesian(qtbot, staff, clock, settings_dir):
    from PySide6.QtWidgets import QCalendarWidget, QDateEdit
    edit = QDateEdit(QDate(2026, 11, 23))
    edit.setDisplayFormat("dddd, dd/MM/yyyy")  # as the deliveries list shows its day
    edit.setCalendarPopup(True)
    qtbot.addWidget(edit)
    assert edit.text() == "Senin, 23/11/2026"
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2026, 8, 17))
    calendar.show()
    assert "Agustus" in {button.text() for button in calendar.findChildren(QToolButton)}
