"""What the operator is told when nothing was printed, and the way out: save the PDF
(in a folder that exists) or choose another printer. A print that did not happen is
never reported as printed: the words come from the job's Outcome."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.printing.job import Outcome


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def default_folder() -> Path:
    """Documents when it exists (on Windows it always does), else the home folder: never
    the working directory, which on an office PC is the program's own folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if folder and Path(folder).is_dir():
        return Path(folder)
    return Path.home()


class SavePdfDialog:
    """The save dialog, one call tests can replace."""

    @classmethod
    def ask(cls, parent, title: str, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), _tr("Dokumen PDF (*.pdf)"))
        if not path:
            return None
        path = Path(path)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_copy(parent, pdf: Path, file_name: str, title: str) -> Path | None:
    """Ask where, then copy `pdf` there. Returns the saved path, None when cancelled or
    refused (the refusal is shown)."""
    target = SavePdfDialog.ask(parent, title, default_folder() / file_name)
    if target is None:
        return None
    try:
        if target.resolve() != Path(pdf).resolve():
            shutil.copyfile(pdf, target)
    except OSError as exc:
        QMessageBox.warning(parent, _tr("PDF tidak tersimpan"), _tr(
            "Berkas {path} tidak dapat ditulis ({error}). Pilih folder lain.").format(
            path=str(target), error=exc.strerror or exc))
        return None
    return target


class NotPrintedBox:
    """Says at once that nothing was printed and offers what can be done instead."""

    SAVE, CHOOSE, CLOSE = "save", "choose", "close"

    @classmethod
    def ask(cls, parent, outcome: Outcome, can_choose: bool) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("{title} tidak tercetak").format(title=outcome.title),
                          outcome.message, QMessageBox.StandardButton.NoButton, parent)
        box.setInformativeText(_tr("Simpan sebagai PDF untuk dicetak nanti atau dari komputer lain."))
        save = box.addButton(_tr("&Simpan PDF…"), QMessageBox.ButtonRole.AcceptRole)
        choose = box.addButton(_tr("&Pilih printer lain…"), QMessageBox.ButtonRole.ActionRole) if can_choose else None
        close = box.addButton(_tr("&Tutup"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(close)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return cls.SAVE
        if choose is not None and clicked is choose:
            return cls.CHOOSE
        return cls.CLOSE
