"""Qt widgets, models and dialogs. No business rule lives here: widgets call the domain."""

import sys


def _no_source_scan() -> None:
    """PySide6 reads the source of every module imported after it (`inspect.getsource`) to
    see whether it names PySide6, for its opt-in `from __feature__ import snake_case`
    switches, which this app never uses: 17 ms of the start to the sign-in window, for
    150 modules (bench/coldstart.py). Every module gets the selection a module naming
    PySide6 gets, the default one, without its file being read. Where PySide6 has no such
    hook (another version) nothing changes."""
    import PySide6.QtCore  # noqa: F401 - loads PySide6's support modules
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: True


_no_source_scan()
