"""Berkas → Cadangkan sekarang… / Pulihkan dari cadangan…, and the automatic backup:
one a day (at start when the day has none yet; a timer asks every half hour whether one
is due).

Copies run on a worker thread (layar_ramah.backup uses plain sqlite3 there, never the
window's connection); a restore runs its long steps off the GUI thread as well, and only
the swap of the file on it (ui/startup/restore_flow.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from layar_ramah import backup
from layar_ramah import db as dbmod
from layar_ramah.errors import DomainError
from layar_ramah.officers import officer_by_id
from ui.widgets import permissions
from ui.widgets.background import next_turn

log = logging.getLogger("layar_ramah.backup")
CHECK_INTERVAL_MS = 30 * 60 * 1000


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupActions", text)


class _Signals(QObject):
    done = Signal(object)    # BackupInfo or None
    failed = Signal(str)     # Indonesian message


class _Job(QRunnable):
    def __init__(self, fn, signals: _Signals):
        super().__init__()
        self.fn, self.signals = fn, signals

    def run(self) -> None:
        try:
            result = self.fn()
        except DomainError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported, never lost on a worker thread
            log.exception("cadangan gagal")
            self.signals.failed.emit(tr("Cadangan gagal: {error}").format(error=exc))
        else:
            self.signals.done.emit(result)


def show_box(parent, kind: str, title: str, text: str) -> None:
    """The controller's message boxes, in one place tests can replace."""
    getattr(QMessageBox, kind)(parent, title, text)


def choose_folder(parent) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, tr("Pilih folder tujuan cadangan (misalnya flashdisk)"))
    return Path(name) if name else None


class BackupController(QObject):
    finished = Signal(object, str)  # (BackupInfo or None, error message or "")

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.db_path = Path(window.db_path) if window.db_path and str(window.db_path) != ":memory:" else None
        # what this window copies: its file, or on the office server pg_dump copies (engine.backups)
        self.copies = dbmod.engine().backups(self.db_path)
        self.busy = False
        self._warned_day = None
        # no parent: a copy still running when the window goes away emits into nothing
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._manual = False  # the copy running is one an officer asked for
        self._busy_label = None

        menu = window.menus["berkas"]
        self.backup_action = QAction(tr("Cadangkan sekarang…"), window)
        self.backup_action.setStatusTip(tr("Salin data ke folder lain, misalnya flashdisk"))
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction(tr("Pulihkan dari cadangan…"), window)
        self.restore_action.triggered.connect(self.restore)
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        self.backup_action.setEnabled(self.copies is not None)
        self.restore_action.setEnabled(self.copies is not None and self.copies.restorable)
        if self.copies is not None and not self.copies.restorable:
            self.restore_action.setStatusTip(tr("Data di server kantor dipulihkan di komputer server "
                                                "(README, bagian Jaringan kantor)"))
        # offered only to who may use them; the domain checks again below the UI
        permissions.gate(window, self.backup_action, "export_full")
        permissions.gate(window, self.restore_action, "administer")

        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)

    # --- automatic --------------------------------------------------------------------
    def start_automatic(self) -> None:
        """Called by main() once the window exists and the file was found sound (not by
        install, so windows built in tests stay quiet): the day's copy if it has none yet,
        then the half-hourly check. Not for the demo. Starting the app again the same day
        copies nothing: one copy a day, not one per start."""
        if self.copies is not None and not self.window.session.demo:
            self.timer.start()
            QTimer.singleShot(0, self.tick)

    def tick(self) -> None:
        now = self.window.clock.now()
        if not self.busy and self.copies.due(now):
            policy = backup.policy_in_force()  # as the office set it, read here: in force at the next copy
            self._run(lambda: self.copies.daily(now, policy))

    # --- menu actions -----------------------------------------------------------------
    def backup_now(self) -> None:
        ctx = self.window.ctx()
        try:
            ctx.require("export_full")  # a full copy carries every citizen's NIK
        except DomainError as exc:
            self.window.show_refusal(exc)
            return
        if self.busy:
            self.window.show_notice(tr("Cadangan sedang dibuat, tunggu sebentar."))
            return
        folder = choose_folder(self.window)
        if folder is None:
            return
        now = self.window.clock.now()
        self._manual = True
        # the domain records who carried the copy away before the copy gets its name
        policy = backup.policy_in_force()
        self._run(lambda: self.copies.to_folder(folder, now, ctx, policy))

    def restore(self) -> None:
        ctx = self.window.ctx()
        try:
            ctx.require("administer")
        except DomainError as exc:
            self.window.show_refusal(exc)
            return
        if self.busy:
            self.window.show_notice(tr("Cadangan sedang dibuat, tunggu sebentar lalu ulangi."))
            return
        # the dialogs (with QStyle, ~6 ms to import) are needed on a restore, not at start
        from ui.startup.restore_dialog import ConfirmRestore, RestoreDialog, confirmation_text
        from ui.startup.restore_flow import restore_with_progress
        chosen = RestoreDialog.ask(self.db_path, self.window)
        if chosen is None:
            return
        officer = ctx.actor

        def confirm(staged) -> bool:
            return ConfirmRestore.ask(self.window, confirmation_text(
                self.db_path, chosen, (staged.current, staged.summary)))

        try:
            result = restore_with_progress(self.window, self.db_path, chosen, self.window.clock, ctx, confirm)
        except DomainError as exc:
            self.window.show_refusal(exc)
            return
        if result is None:
            return
        log.info("dipulihkan dari %s oleh %s; berkas lama: %s", chosen, officer.name, result.saved_current)
        # every screen reads the restored file in the next turn of the loop, not in the swap's
        next_turn(self.window, lambda: after_restore(self.window, officer, chosen, result))

    # --- worker -----------------------------------------------------------------------
    def _run(self, fn) -> None:
        if self.busy:
            return
        self.busy = True
        self._show_busy(True)
        QThreadPool.globalInstance().start(_Job(fn, self._signals))

    def _show_busy(self, busy: bool) -> None:
        """A copy of a ten-year file takes a while in the background: the status bar says so."""
        if busy and self._busy_label is None:
            self._busy_label = QLabel(tr("Membuat cadangan di latar belakang…"), self.window)
            self._busy_label.setObjectName("backup_status")
            self.window.statusBar().addPermanentWidget(self._busy_label)
        elif not busy and self._busy_label is not None:
            self.window.statusBar().removeWidget(self._busy_label)
            self._busy_label.deleteLater()
            self._busy_label = None

    def _on_done(self, info) -> None:
        self.busy = False
        self._show_busy(False)
        manual, self._manual = self._manual, False
        if info is not None:
            log.info("cadangan tersimpan: %s", info.path)
            if manual:
                show_box(self.window, "information", tr("Cadangan tersimpan"),
                         tr("Cadangan tersimpan dan sudah diperiksa:\n{path}").format(path=info.path))
            else:
                self.window.show_notice(tr("Cadangan otomatis tersimpan: {name}").format(name=info.path.name))
        self.finished.emit(info, "")

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self._show_busy(False)
        manual, self._manual = self._manual, False
        log.warning("cadangan gagal: %s", message)
        today = self.window.clock.local_now().date()
        if manual or self._warned_day != today:
            # an automatic failure is shown once a day, not at every half-hour check
            if not manual:
                self._warned_day = today
            show_box(self.window, "warning", tr("Cadangan gagal"), message)
        self.finished.emit(None, message)


def after_restore(window, officer, chosen: Path, result) -> None:
    """Every screen reads the restored data; an officer the restored data does not know
    may not go on acting (the app closes)."""
    window.refresh()
    next_turn(window, window.data_written.emit)  # the other screens, in a turn of their own
    same = officer_by_id(officer.id) if officer is not None else None
    if same is None or not same.active or same.name != officer.name:
        show_box(window, "information", tr("Data dipulihkan"), tr(
            "Data dipulihkan. Akun yang sedang masuk tidak ada di data cadangan, jadi "
            "aplikasi ditutup. Buka kembali lalu masuk dengan akun yang ada."))
        window.close()
        return
    window.show_notice(tr("Data dipulihkan dari {name}. Data sebelumnya disimpan sebagai {saved}.")
                       .format(name=Path(chosen).name,
                               saved=result.saved_current.name if result.saved_current else "—"))


def install(window) -> None:
    window.backup_controller = BackupController(window)
