"""Hiding what the signed-in officer's roles may not do. The rule itself lives in the
domain (layar_ramah.access); this only keeps the window from offering a refusal.

    action = QAction(self.tr("Putuskan keberatan…"), window)
    window.add_request_action(action, permissions.allowed(window, "decide_objection", is_open))
    permissions.gate(window, action, "decide_objection")   # hidden for other roles
"""

from __future__ import annotations

from typing import Callable

from layar_ramah import access
from layar_ramah.models import Officer


def current_officer(window) -> Officer | None:
    """Re-read: an admin may have changed the roles since sign-in."""
    officer = window.session.officer
    return Officer.get_or_none(Officer.id == officer.id) if officer is not None else None


def can(window, permission: str) -> bool:
    return access.can(current_officer(window), permission)


def gate(window, action, permission: str) -> None:
    """Show `action` only while the signed-in officer holds `permission`; re-checked
    whenever someone else signs in."""
    def update(*_args) -> None:
        action.setVisible(can(window, permission))
    update()
    window.session.officer_changed.connect(update)


def allowed(window, permission: str, enabled_when: Callable | None = None) -> Callable:
    """An `enabled_when` for add_request_action that also asks for `permission`."""
    def check(request) -> bool:
        return can(window, permission) and (enabled_when is None or bool(enabled_when(request)))
    return check
