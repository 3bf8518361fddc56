"""The table of contents of the counter window: each feature adds its menus, toolbar
buttons and tabs through `install(window)`, in this order. The counter queue itself
(`ui/counter/`) is the window's own centre and is built by `main_window.py`.

The modules are imported here by name, not looked up from strings, so that a bundler
(PyInstaller) sees every feature the window can load."""

from __future__ import annotations

from ui.account import actions as account
from ui.admin import actions as admin
from ui.calling import actions as calling
from ui.deliveries import actions as deliveries
from ui.help import actions as help_actions
from ui.objections import actions as objections
from ui.privacy import actions as privacy
from ui.public_screen import actions as public_screen
from ui.reports import actions as reports
from ui.reports import closing_actions as closing_sheet
from ui.search import actions as search_all
from ui.startup import backup_actions, chain_check
from ui.widgets import interpreter

FEATURES = (
    account,          # signed-in officer, lock, password
    chain_check,      # "Periksa keutuhan riwayat"
    privacy,          # request export, anonymisation
    backup_actions,   # backup now, restore
    public_screen,    # the waiting-room screen
    calling,          # loket, Panggil / berikutnya / ulang, the spoken call
    objections,       # keberatan and kroscek
    deliveries,       # home delivery, the Pengantaran tab, slips
    admin,            # office profile, calendar, catalogue, villages, officers
    reports,          # SKM survey, Evaluasi tab, report export
    closing_sheet,    # Rekap harian with the chain's code; Periksa dengan rekap
    search_all,       # search every year (the queue's Enter, Ctrl+Shift+F)
    help_actions,     # self-check, About (with the version), the version in the status bar
    interpreter,      # Python's full garbage collection while the counter is quiet
)


def install_all(window) -> None:
    for feature in FEATURES:
        feature.install(window)
