"""Building the window's actions the same way in every feature: a status tip, the
shortcut in the tooltip, and a slot that receives the window."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def window_action(window, text: str, shortcut: str | None, tip: str, name: str, slot) -> QAction:
    """A QAction on `window` (texts already translated) that calls `slot(window)`."""
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
    action.triggered.connect(lambda _checked=False: slot(window))
    return action


def written(window, notice: str) -> None:
    """After a dialog wrote through the domain: refresh every view, then say what happened."""
    window.after_write()
    window.show_notice(notice)
