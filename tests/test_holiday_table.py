"""The national holidays table read at start-up is what the `holidays` package says."""

from __future__ import annotations

import json
from datetime import date

import pytest

from layar_ramah.calendar import holiday_table


@pytest.fixture
def fresh_table():
    holiday_table._table.cache_clear()
    yield
    holiday_table._table.cache_clear()


def test_the_shipped_table_is_the_installed_package_year_by_year(fresh_table):
    data = json.loads(holiday_table.table_path().read_text(encoding="utf-8"))
    if data["holidays_version"] != holiday_table.installed_version():
        # A newer holidays release (new cuti bersama decrees) was installed: the table is
        # not trusted and the package answers; `python -m layar_ramah.calendar.holiday_table`
        # writes the table again for the fast start.
        assert holiday_table._table() is None
    else:
        assert holiday_table._table() is not None  # the table is used, not the package
    for year in range(holiday_table.FIRST_YEAR, holiday_table.LAST_YEAR + 1):
        assert holiday_table.national_names(year) == holiday_table.from_package(year), year
    assert holiday_table.national_names(2026)[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"


def test_years_outside_the_table_and_another_version_ask_the_package(fresh_table, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(holiday_table, "from_package", lambda year: asked.append(year) or {date(year, 1, 1): "x"})
    assert holiday_table.national_names(holiday_table.LAST_YEAR + 1) == {date(holiday_table.LAST_YEAR + 1, 1, 1): "x"}
    assert holiday_table.national_names(2026) != {date(2026, 1, 1): "x"}  # from the table
    assert asked == [holiday_table.LAST_YEAR + 1]

    # A table written by another version of the package is not trusted.
    other = tmp_path / "table.json"
    other.write_text(json.dumps({"holidays_version": "0.0.1", "years": {"2026": {"2026-01-02": "y"}}}))
    monkeypatch.setattr(holiday_table, "table_path", lambda: other)
    holiday_table._table.cache_clear()
    assert holiday_table.national_names(2026) == {date(2026, 1, 1): "x"}
    # Nor a missing or damaged one.
    other.write_text("{not json")
    holiday_table._table.cache_clear()
    assert holiday_table.national_names(2026) == {date(2026, 1, 1): "x"}
    assert asked == [holiday_table.LAST_YEAR + 1, 2026, 2026]


def test_the_version_check_without_the_wheel_record_asks_importlib_metadata(monkeypatch):
    monkeypatch.setattr(holiday_table, "installed_version", lambda: "9.9")
    assert holiday_table._is_installed("9.9")  # no holidays-9.9.dist-info: the metadata says so
    assert not holiday_table._is_installed("9.8")
