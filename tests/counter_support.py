"""Kept for test modules that import it: `settings_dir` now lives in conftest.py, where
it is autouse, so every test runs with its own QSettings folder."""

from conftest import settings_dir  # noqa: F401 (fixture)
