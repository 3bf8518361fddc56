"""A guard against a PySide6 6.12.0 reference-count bug on Python < 3.12.

Measured here (shiboken6/PySide6 6.12.0, CPython 3.11.7): every call of a void Qt method
(`label.setText(...)`, `timer.stop()`, `beginResetModel()`) gives back `None` without a
new reference, and every `Signal.emit()` does the same with `True`. CPython then counts
down the refcount of `None`/`True` a little each time; when one reaches zero the process
aborts ("Fatal Python error: bool_dealloc" / "none_dealloc"). `True` starts near a few
hundred references, so a window that emits once a second dies within minutes.

Python 3.12 made these singletons immortal (PEP 683), which hides the bug. On older
CPython this module does the same by hand: it adds 2**40 to their reference counts, so
the stray decrements can never reach zero (the objects are never freed anyway). The
real fix is a PySide6 without the bug, or Python 3.12+; this keeps the app alive until
then and does nothing where it is not needed.
"""

from __future__ import annotations

import ctypes
import platform
import sys

_HEADROOM = 1 << 40  # 35 years at 1000 stray decrements a second
_installed = False


def needed() -> bool:
    return platform.python_implementation() == "CPython" and sys.version_info < (3, 12)


def install() -> bool:
    """Raise the refcounts of None, True and False once per process; True if done."""
    global _installed
    if _installed or not needed():
        return False
    for singleton in (None, True, False):
        # CPython < 3.12: a PyObject starts with its Py_ssize_t ob_refcnt at id(obj)
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _installed = True
    return True
