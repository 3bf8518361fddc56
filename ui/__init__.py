"""Qt widgets, models and dialogs. No business rule lives here: widgets call the domain."""

# Before any Qt call: PySide6 6.12.0 on Python < 3.12 drops a reference to None/True on
# every void call and signal emit, which aborts a long-running process (refcount_guard).
from . import refcount_guard as _refcount_guard

_refcount_guard.install()
