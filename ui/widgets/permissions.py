"""Hiding what the signed-in officer's roles may never do: an operator is not offered the
Kasi's kroscek at all. The rule itself lives in the domain (layar_ramah.access); whether an
action may happen to the selected request now is workflow.allowed_actions (the window
enables its request actions from that answer).

    permissions.gate(window, action, "decide_objection")   # hidden for other roles
"""

from __future__ import annotations

from layar_ramah import access


def can(window, permission: str) -> bool:
    """Does the signed-in officer, as stored now, hold `permission`?"""
    return access.can(window.session.current_officer(), permission)


def gate(window, action, permission: str) -> None:
    """Show `action` only while the signed-in officer holds `permission`; re-checked
    whenever someone else signs in."""
    def update(*_args) -> None:
        action.setVisible(can(window, permission))
    update()
    window.session.officer_changed.connect(update)
