"""A restore as the user sees it: every long step off the GUI thread behind a progress
dialog (copy and check the backup; confirm; keep the current file; bring an older backup
to this version; give the current file a second name), then the swap, which takes
milliseconds, on the GUI thread (it closes and reopens the database under every screen);
the replaced file's blocks are freed after it, off the GUI thread (restore.hold_old).
Used by Berkas → Pulihkan, by the start-up dialog, and when the background check finds
the open file damaged."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication

from layar_ramah import restore
from ui.widgets.background import Task, run_with_progress


def tr(text: str) -> str:
    return QCoreApplication.translate("RestoreFlow", text)


def restore_with_progress(parent, db_path: Path, backup_path: Path, clock, ctx,
                          confirm: Callable[[restore.Staged], bool] | None = None) -> restore.RestoreResult | None:
    """None when `confirm` declines (nothing changed). A refusal raises its DomainError,
    with the database as it was. `ctx`: an admin's, or backup.AT_STARTUP when the file
    cannot be used and no one can sign in (at start, or found damaged in the background)."""
    actor_name = restore.require(ctx)
    title = tr("Pulihkan dari cadangan")
    staged = run_with_progress(parent, title, lambda report: restore.stage(db_path, backup_path, report),
                               tr("Menyalin cadangan…"))
    if confirm is not None and not confirm(staged):
        restore.discard(staged)
        return None
    now = clock.now()
    # the search index's background fill writes to the file being replaced: it stops first
    search = getattr(parent, "search_all", None)

    def prepare(report):
        if search is not None:
            search.stop_fill()
        saved = restore.keep_current(db_path, now, report=report)
        restore.migrate_staged(staged, report)
        restore.hold_old(db_path)  # the swap below then frees nothing on the GUI thread
        return saved

    try:
        saved = run_with_progress(parent, title, prepare, tr("Menyimpan data yang sekarang sebagai cadangan…"))
    except BaseException:
        restore.discard(staged)
        restore.release_old(db_path)
        if search is not None:
            search.resume_fill()
        raise
    try:
        return restore.swap(staged, clock, saved, actor_name)
    finally:
        Task(lambda: restore.release_old(db_path)).start()
        if search is not None:
            search.resume_fill()
