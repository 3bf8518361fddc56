"""Feature modules that add their menus, toolbar buttons and panels to the main window.

Each module named here has `install(window: MainWindow) -> None`. Keeping the list here
lets each feature live in its own file without every feature editing main_window.py.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "ui.account_actions", "ui.chain_check", "ui.privacy_actions",  # issue 5
    "ui.backup_actions",
    "ui.public_screen_actions",
    "ui.objection_actions",  # objection, kroscek, home delivery, slips (issue 4)
    "ui.admin_actions",  # office profile, calendar, catalogue, villages, officers (issue 6)
    "ui.report_actions",  # SKM survey, evaluation report PDF/CSV, dashboard (issue 8)
]


def install_all(window) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
