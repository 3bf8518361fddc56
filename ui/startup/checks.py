"""Before the main window: the error log and hook, one instance per database
(QLockFile), and the database check with its dialog (corrupt, unreadable, not ours:
offer the newest good backup or quit; never an empty database in its place). The same
dialog comes up when the background check of every page finds the open file damaged."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from layar_ramah import backup, startup
from layar_ramah import db as dbmod
from layar_ramah.clock import SystemClock
from layar_ramah.engine import connections, is_server_url
from layar_ramah.errors import DomainError
from layar_ramah.wording import format_datetime_id
from ui.startup import error_handler
from ui.startup.integrity import DONE, IDLE, IntegrityWatch, StatusLine, active_window, show_in_window
from ui.widgets.background import run_with_progress

log = logging.getLogger("layar_ramah.startup")


def tr(text: str) -> str:
    return QCoreApplication.translate("StartupChecks", text)


# --------------------------------------------------------------------------- one instance

def acquire_lock(db_path: Path) -> QLockFile | None:
    """Hold `<db>.lock` for the app's lifetime; None when another instance holds it.
    A lock left by a process that died (power cut) is stale and taken over."""
    candidates = [Path(str(db_path) + ".lock")]
    digest = hashlib.sha1(os.path.normcase(str(Path(db_path).resolve())).encode()).hexdigest()[:16]
    candidates.append(dbmod.data_dir() / "locks" / f"{digest}.lock")  # the database folder may be read-only
    for path in candidates:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        if lock.tryLock(0):
            return lock
        if lock.error() == QLockFile.LockFailedError:
            return None
    return None


class AlreadyOpen:
    @classmethod
    def ask(cls, db_path: Path) -> None:
        QMessageBox.information(
            None, tr("Layar Ramah sudah terbuka"),
            tr("Layar Ramah sudah terbuka untuk berkas data ini:\n{path}\n\n"
               "Gunakan jendela yang sudah terbuka (lihat bilah tugas). Dua jendela pada "
               "berkas yang sama dapat membingungkan antrean.").format(path=db_path))


# --------------------------------------------------------------------------- the dialog

def describe_backup(info: backup.BackupInfo, summary: backup.DbSummary | None = None) -> str:
    """Two lines (HTML): when it was made, and what it holds (`summary` as read off the
    GUI thread with the check; read here only when not given)."""
    summary = summary if summary is not None else backup.summarize(info.path)
    made = tr("Dibuat: {when} ({kind})").format(
        when=format_datetime_id(info.taken_at), kind=backup.KIND_LABELS[info.kind].lower())
    if summary is None:
        return made
    holds = tr("Isi: {requests} permohonan").format(requests=f"{summary.requests:,}".replace(",", "."))
    if summary.last_event_at is not None:
        holds += tr(", catatan terakhir {when}").format(when=format_datetime_id(summary.last_event_at))
    return f"{made}<br>{holds}"


class StartupDialog(QDialog):
    RESTORE, NEW, QUIT = "restore", "new", "quit"

    def __init__(self, check: startup.StartupCheck, parent=None):
        super().__init__(parent)
        self.check = check
        self.choice, self.chosen = self.QUIT, None
        self.setWindowTitle(tr("Layar Ramah — berkas data"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignTop)
        head.addWidget(icon)
        title = QLabel(tr("Berkas data tidak dapat dibuka") if check.status != startup.MISSING
                       else tr("Berkas data tidak ditemukan"))
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        texts = QVBoxLayout()
        texts.addWidget(title)
        message = QLabel(check.message)
        message.setWordWrap(True)
        texts.addWidget(message)
        path_label = QLabel(str(check.path))
        path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        path_label.setStyleSheet("color: #555;")
        path_label.setWordWrap(True)
        texts.addWidget(path_label)
        head.addLayout(texts, 1)
        layout.addLayout(head)

        box = QFrame()
        box.setFrameShape(QFrame.StyledPanel)
        box.setStyleSheet("QFrame { background: #f4f7fb; border-radius: 4px; }")
        inner = QVBoxLayout(box)
        if check.backup is not None:
            offer = QLabel(tr("<b>Cadangan baik yang terbaru:</b><br>{text}").format(
                text=describe_backup(check.backup, check.backup_summary)))
            note = tr("Apa pun yang dicatat setelah cadangan itu dibuat perlu dicatat ulang. "
                      "Berkas yang sekarang tidak dihapus: disimpan apa adanya di folder cadangan.")
        else:
            offer = QLabel(tr("<b>Tidak ada cadangan yang baik</b> di {folder}.").format(
                folder=backup.backup_folder(check.path)))
            note = tr("Berkas tidak diubah. Bila ada cadangan di flashdisk, pilih dengan "
                      "«Pilih cadangan lain…», atau hubungi pengelola aplikasi.")
        offer.setWordWrap(True)
        inner.addWidget(offer)
        note_label = QLabel(note)
        note_label.setWordWrap(True)
        inner.addWidget(note_label)
        layout.addWidget(box)

        buttons = QHBoxLayout()
        self.focus_button = None
        if check.backup is not None:  # the way out most people need: default and focused
            self.focus_button = QPushButton(tr("Pulihkan dari cadangan ini"))
            self.focus_button.setDefault(True)
            self.focus_button.clicked.connect(lambda: self._done(self.RESTORE, check.backup.path))
        if check.status == startup.MISSING:
            new = QPushButton(tr("Mulai dengan data kosong"))
            new.clicked.connect(lambda: self._done(self.NEW))
            buttons.addWidget(new)
        buttons.addStretch(1)
        other = QPushButton(tr("Pilih cadangan lain…"))
        other.clicked.connect(self._choose_other)
        buttons.addWidget(other)
        if self.focus_button is not None:
            buttons.addWidget(self.focus_button)
        quit_button = QPushButton(tr("Keluar"))
        quit_button.clicked.connect(lambda: self._done(self.QUIT))
        buttons.addWidget(quit_button)
        layout.addLayout(buttons)
        if self.focus_button is not None:
            self.setTabOrder(self.focus_button, quit_button)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.focus_button is not None:
            self.focus_button.setFocus()

    def _done(self, choice: str, chosen: Path | None = None) -> None:
        self.choice, self.chosen = choice, chosen
        self.accept()

    def _choose_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("Pilih berkas cadangan"), str(backup.backup_folder(self.check.path)),
            tr("Cadangan Layar Ramah (*.sqlite3);;Semua berkas (*)"))
        if not name:
            return
        problem = backup.check_copy(name)
        if problem is not None:
            QMessageBox.warning(self, tr("Cadangan tidak dapat dipakai"), problem)
            return
        self._done(self.RESTORE, Path(name))

    @classmethod
    def ask(cls, check: startup.StartupCheck, parent=None) -> tuple[str, Path | None]:
        dialog = cls(check, parent)
        dialog.exec()
        return dialog.choice, dialog.chosen


def show_message(title: str, text: str, critical: bool = True) -> None:
    """One place for the start-up messages, so tests can replace it."""
    (QMessageBox.critical if critical else QMessageBox.information)(None, title, text)


def _checked(path: Path, full: bool) -> startup.StartupCheck:
    """The start-up check. The cheap one (header and schema) runs here; what reads whole
    files (every page after an unclean shutdown, the search for a good backup) runs off
    the GUI thread behind a progress dialog."""
    if full:
        return run_with_progress(None, tr("Memeriksa berkas data"), lambda report: startup.check_database(path),
                                 tr("Aplikasi tidak ditutup dengan benar terakhir kali. Memeriksa keutuhan "
                                    "berkas data sebelum dibuka…"))
    check = startup.check_database(path, full=False, find_backup=False)
    if check.ok and not (check.status == startup.NEW and backup.list_backups(backup.backup_folder(path),
                                                                             path.stem)):
        return check
    if check.status == startup.NEWER_SCHEMA:
        return check
    return run_with_progress(None, tr("Memeriksa berkas data"), lambda report: startup.with_backup(check),
                             tr("Mencari cadangan yang baik…"))


def check_and_repair(path: Path, clock, full: bool = True) -> bool:
    """True when the app may go on to open `path`. Never leaves an empty database in
    place of a file that exists; a restore keeps the current file aside first. `full`:
    read every page now (after an unclean shutdown); otherwise only the header and
    schema, and the background check (ui/startup/integrity.py) reads the rest."""
    check = _checked(path, full)
    log.info("pemeriksaan awal %s: %s (%s)", path, check.status, check.detail)
    if check.ok:
        return True
    if check.status == startup.NEWER_SCHEMA:
        show_message(tr("Versi aplikasi terlalu lama"), check.message)
        return False
    while True:
        choice, chosen = StartupDialog.ask(check)
        if choice == StartupDialog.QUIT:
            return False
        if choice == StartupDialog.NEW and check.status == startup.MISSING:
            return True
        if choice == StartupDialog.RESTORE and chosen is not None:
            try:
                from ui.startup.restore_flow import restore_with_progress  # a restore: rare, not at every start
                result = restore_with_progress(None, path, chosen, clock, backup.AT_STARTUP)
            except DomainError as exc:
                log.warning("pemulihan gagal: %s", exc.message)
                show_message(tr("Pemulihan gagal"), exc.message)
                check = _checked(path, True)
                if check.ok:
                    return True
                continue
            dbmod.close_database()  # open_session opens it again with the session's clock
            log.info("dipulihkan dari %s; berkas lama disimpan sebagai %s", chosen, result.saved_current)
            show_message(tr("Data dipulihkan"), tr(
                "Data dipulihkan dari cadangan:\n{source}\n\nBerkas lama disimpan di:\n{saved}").format(
                source=chosen, saved=result.saved_current or "—"), critical=False)
            return True


class StartupGuard:
    """What `main()` holds until the app ends: the lock, the error handler, the mark of
    an open database (left behind only by an unclean end) and the background check."""

    def __init__(self, lock: QLockFile, handler: error_handler.ErrorHandler, path: Path,
                 watch: IntegrityWatch | None = None, clock=None):
        self.lock, self.handler, self.path, self.watch = lock, handler, path, watch
        self.clock = clock or SystemClock()
        self.window = None
        self.stopped = False  # the user chose to quit over a damaged file
        self._released = False
        if watch is not None:
            watch.finished.connect(self._checked)

    def status_line(self):
        """The sign-in window's line about the background check; painting it starts the check."""
        return StatusLine(self.watch) if self.watch is not None and self.watch.state == IDLE else None

    def started(self, window) -> None:
        """The main window is up: automatic backups begin (ui/backup_actions.py), and the
        status bar shows the background check while it runs."""
        self.window = window
        controller = getattr(window, "backup_controller", None)
        if self.watch is None or self.watch.state == DONE:
            if controller is not None and (self.watch is None or self.watch.result.ok):
                controller.start_automatic()
            return
        show_in_window(self.watch, window)
        if controller is not None:
            # only a file found sound is copied, and never two reads of the whole file at once
            self.watch.finished.connect(lambda check: controller.start_automatic() if check.ok else None)

    def _checked(self, check: startup.StartupCheck) -> None:
        if check.ok or check.status == startup.INTERRUPTED or self.stopped:
            return
        repair_open_file(self, check)

    def stop(self) -> None:
        """Close every window: the app ends, the file stays as it is."""
        self.stopped = True
        app = QApplication.instance()
        for widget in app.topLevelWidgets() if app is not None else ():
            if widget.isVisible():
                widget.close()

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        if self.watch is not None:
            self.watch.cancel()
        if not is_server_url(self.path):  # a server has no file to mark
            startup.mark_closed(self.path)
        if self.lock.isLocked():
            self.lock.unlock()
        self.handler.uninstall()


def repair_open_file(guard: StartupGuard, check: startup.StartupCheck) -> None:
    """The background check found the open file damaged: the start-up dialog, over
    whatever is open. Restore (nobody may need to sign in for it, as at start) or quit."""
    log.warning("pemeriksaan latar belakang: %s (%s)", check.status, check.detail)
    while True:
        choice, chosen = StartupDialog.ask(check, active_window())
        if choice != StartupDialog.RESTORE or chosen is None:
            guard.stop()
            return
        window = guard.window
        officer = window.session.officer if window is not None else None
        try:
            # the file cannot be trusted: as at start, no one need sign in to restore it
            from ui.startup.restore_flow import restore_with_progress  # a restore: rare, not at every start
            result = restore_with_progress(active_window(), guard.path, chosen, guard.clock, backup.AT_STARTUP)
        except DomainError as exc:
            log.warning("pemulihan gagal: %s", exc.message)
            show_message(tr("Pemulihan gagal"), exc.message)
            continue
        log.info("dipulihkan dari %s; berkas rusak disimpan sebagai %s", chosen, result.saved_current)
        if window is not None:
            from ui.startup.backup_actions import after_restore
            after_restore(window, officer, chosen, result)
        else:
            show_message(tr("Data dipulihkan"), tr(
                "Data dipulihkan dari cadangan:\n{source}\n\nBerkas lama disimpan di:\n{saved}").format(
                source=chosen, saved=result.saved_current or "—"), critical=False)
        return


def database_path(args) -> Path | str:
    """What this start opens: the demo file, --db (a file, or a postgresql:// server), the
    office server this PC was set up for in Administrasi, or the file in the data folder."""
    if args.demo:
        return dbmod.demo_db_path()
    if args.db:
        return str(args.db).strip() if is_server_url(args.db) else Path(args.db)
    server = connections.remembered(dbmod.data_dir())
    return server[0].url if server is not None else dbmod.default_db_path()


def prepare(args, clock=None) -> StartupGuard | None:
    """Log and hook, lock, check. None: the app should exit (already open, or the user
    chose to quit); the user has been told why. The check of every page runs now only
    when the last session did not end cleanly; otherwise in the background, started by
    the first paint of the sign-in window (`StartupGuard.status_line`)."""
    handler = error_handler.install(dbmod.data_dir())
    path = database_path(args)
    if is_server_url(path):
        return _prepare_server(path, handler, clock)
    lock = acquire_lock(path)
    if lock is None:
        log.info("sudah terbuka: %s", path)
        AlreadyOpen.ask(path)
        handler.uninstall()
        return None
    clock = clock or SystemClock()
    watch = None
    # the demo database is rebuilt by open_demo when it is unusable: nothing to ask
    if not args.demo:
        unclean = not startup.closed_cleanly(path)
        if unclean:
            log.info("penutupan terakhir tidak bersih: pemeriksaan penuh sebelum dibuka")
        if not check_and_repair(path, clock, full=unclean):
            lock.unlock()
            handler.uninstall()
            return None
        if not unclean and path.exists() and path.stat().st_size > 0:
            watch = IntegrityWatch(path)
        startup.mark_open(path, clock.now())
    guard = StartupGuard(lock, handler, path, watch, clock)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(guard.release)  # the lock file goes with the app
    return guard


def _prepare_server(url: str, handler, clock) -> StartupGuard | None:
    """Several PCs share a server database, so no file lock and no page check here (the
    server keeps its own pages; its copies are checked by restoring them): only one
    instance per PC and server database."""
    lock = acquire_lock(dbmod.data_dir() / "locks" / hashlib.sha1(url.encode()).hexdigest()[:16])
    if lock is None:
        from layar_ramah.engine.postgresql import describe, parse_url
        AlreadyOpen.ask(describe(parse_url(url)))  # never the password a --db URL may carry
        handler.uninstall()
        return None
    guard = StartupGuard(lock, handler, url, None, clock or SystemClock())
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(guard.release)
    return guard
