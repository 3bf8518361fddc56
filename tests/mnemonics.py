"""Who answers Alt+letter in a window: the tests' walker of mnemonics.

Qt gives an underlined letter (the "&" in a text) to a menu-bar title, a button, a check or
radio box, a checkable group box, a tab and a label with a buddy. Two of them with the same
letter in one window make Alt+letter ambiguous (Qt then activates neither, or only cycles
focus); a button whose shortcut was set to something else keeps its underline but Alt+letter
does nothing. Widgets on different pages of a stack (a tab, a wizard page) are never visible
together, so they may share a letter; entries inside one menu are checked among themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("Pe&tugas" -> "t"), None without one."""
    i = 0
    while True:
        i = text.find("&", i)
        if i < 0 or i + 1 >= len(text):
            return None
        if text[i + 1] == "&":
            i += 2
            continue
        return text[i + 1].casefold()


@dataclass(frozen=True)
class Owner:
    letter: str
    what: str          # "button «&Simpan PDF…»"
    pages: tuple       # ((stack id, page index), …) of the stacks it sits in


def _pages(widget: QWidget, root: QWidget) -> tuple:
    out = []
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not root:
        if isinstance(parent, QStackedWidget):
            out.append((id(parent), parent.indexOf(child)))
        child, parent = parent, parent.parentWidget()
    return tuple(out)


def _together(a: Owner, b: Owner) -> bool:
    """Can both be on screen at once: on the same page of every stack they share."""
    pa, pb = dict(a.pages), dict(b.pages)
    return all(pa[k] == pb[k] for k in pa.keys() & pb.keys())


def _window_of(widget: QWidget, root: QWidget) -> bool:
    """Is `widget` part of `root`'s own window (not a separate window parented to it)?"""
    w = widget
    while w is not None and w is not root:
        if w.isWindow():
            return False
        w = w.parentWidget()
    return w is root


def owners(root: QWidget) -> tuple[list[Owner], list[str]]:
    """Every Alt+letter owner of `root`'s window, and the dead mnemonics found on the way."""
    found, dead = [], []
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            letter = mnemonic(action.text())
            if letter and action.isVisible():
                found.append(Owner(letter, f"menu «{action.text()}»", ()))
    for widget in root.findChildren(QWidget):
        if not _window_of(widget, root) or isinstance(widget, QMenu):
            continue
        text, what = None, None
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            continue  # a toolbar's button: its action's shortcut, no mnemonic of its own
        if isinstance(widget, QAbstractButton):
            text, what = widget.text(), "button"
            letter = mnemonic(text)
            if letter and widget.shortcut() != QKeySequence(f"Alt+{letter.upper()}"):
                dead.append(f"{what} «{text}»: Alt+{letter.upper()} underlined, but its key is "
                            f"{widget.shortcut().toString() or 'none'}")
                continue
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text, what = widget.title(), "group"
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text, what = widget.text(), "label"
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                letter = mnemonic(widget.tabText(i))
                if letter:
                    found.append(Owner(letter, f"tab «{widget.tabText(i)}»", _pages(widget, root)))
            continue
        letter = mnemonic(text or "")
        if letter:
            found.append(Owner(letter, f"{what} «{text}»", _pages(widget, root)))
    return found, dead


def clashes(root: QWidget) -> list[str]:
    """Each pair of owners of one letter that can be on screen together, and every dead
    mnemonic; for a main window also the entries of each menu among themselves."""
    found, problems = owners(root)
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.letter == b.letter and _together(a, b):
                problems.append(f"Alt+{a.letter.upper()}: {a.what} and {b.what}")
    if isinstance(root, QMainWindow):
        for top in root.menuBar().actions():
            if top.menu() is not None:
                problems += menu_clashes(top.menu())
    return problems


def menu_clashes(menu: QMenu) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = mnemonic(action.text())
        if letter:
            if letter in seen:
                problems.append(f"menu «{menu.title()}», Alt+{letter.upper()}: «{seen[letter]}» and "
                                f"«{action.text()}»")
            seen[letter] = action.text()
        if action.menu() is not None:
            problems += menu_clashes(action.menu())
    return problems
