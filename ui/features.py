"""Feature modules that add their menus, toolbar buttons and panels to the main window.

Each module named here has `install(window: MainWindow) -> None`. Keeping the list here
lets each feature live in its own file without every feature editing main_window.py.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
]


def install_all(window) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
