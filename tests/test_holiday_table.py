"""The national holidays table read at start-up is what the `holidays` package says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from layar_ramah.calendar import holiday_table


@pytest.fixture
def fresh_table():
    holiday_table._read_table.cache_clear()
    holiday_table._table.cache_clear()
    yield
    holiday_table._read_table.cache_clear()
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
        package = holiday_table.corrected(year, holiday_table.from_package(year))
        assert holiday_table.national_names(year) == package, year
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
    holiday_table._read_table.cache_clear()
    holiday_table._table.cache_clear()
    assert holiday_table.national_names(2026) == {date(2026, 1, 1): "x"}
    # Nor a missing or damaged one.
    other.write_text("{not json")
    holiday_table._read_table.cache_clear()
    holiday_table._table.cache_clear()
    assert holiday_table.national_names(2026) == {date(2026, 1, 1): "x"}
    assert asked == [holiday_table.LAST_YEAR + 1, 2026, 2026]


def test_the_version_check_without_the_wheel_record_asks_importlib_metadata(monkeypatch):
    monkeypatch.setattr(holiday_table, "installed_version", lambda: "9.9")
    assert holiday_table._is_installed("9.9")  # no holidays-9.9.dist-info: the metadata says so
    assert not holiday_table._is_installed("9.8")


def test_an_older_package_than_the_tables_still_gets_the_tables_cuti_bersama(fresh_table, monkeypatch, tmp_path):
    """holidays 0.60 (the floor) knows no 2026 cuti bersama: with it the due times would move
    by a week. The table answers for the years it covers unless the package is newer: here a
    table written by a later release than the one installed."""
    later = tmp_path / "table.json"
    later.write_text(json.dumps({"holidays_version": "0.300", "years": {
        "2026": {"2026-03-20": "Cuti Bersama Hari Raya Idul Fitri", "2026-12-24": "Cuti Bersama Hari Raya Natal"}}}))
    monkeypatch.setattr(holiday_table, "table_path", lambda: later)
    holiday_table._read_table.cache_clear()
    asked = []
    monkeypatch.setattr(holiday_table, "from_package", lambda year: asked.append(year) or {})
    names = holiday_table.national_names(2026)
    assert names == {date(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
                     date(2026, 12, 24): "Cuti Bersama Hari Raya Natal"}
    assert asked == []
    holiday_table.national_names(2027)  # not in that table: the package
    assert asked == [2027]


def test_a_newer_package_than_the_tables_is_asked_for_every_year(fresh_table, monkeypatch, tmp_path):
    older = tmp_path / "table.json"  # written by 0.50; the installed package is newer
    older.write_text(json.dumps({"holidays_version": "0.50", "years": {"2026": {"2026-01-02": "y"}}}))
    monkeypatch.setattr(holiday_table, "table_path", lambda: older)
    monkeypatch.setattr(holiday_table, "from_package", lambda year: {date(year, 8, 17): "Kemerdekaan"})
    assert holiday_table.national_names(2026) == {date(2026, 8, 17): "Kemerdekaan"}


def test_no_package_at_all_still_has_the_tables_years(fresh_table, monkeypatch):
    monkeypatch.setattr(holiday_table.importlib.util, "find_spec", lambda name: None)

    def no_package(year):
        raise ImportError("holidays")
    monkeypatch.setattr(holiday_table, "from_package", no_package)
    assert date(2026, 8, 17) in holiday_table.national_names(2026)


@pytest.mark.parametrize(("version", "newer"), [("0.109", False), ("0.60", False), ("0.110", True),
                                               ("1.0", True), ("0.109.1", True), ("0.109rc1", False)])
def test_versions_compare_as_numbers_not_text(version, newer):
    assert holiday_table.is_newer(version, "0.109") is newer


def test_1_june_2016_is_no_holiday_pancasila_day_is_one_from_2017(fresh_table):
    """Keppres 24/2016, signed on 1 June 2016, made the day a national holiday from 2017 on."""
    assert date(2016, 6, 1) not in holiday_table.national_names(2016)
    assert holiday_table.national_names(2017)[date(2017, 6, 1)] == "Hari Lahir Pancasila"


def test_the_package_is_corrected_the_same_way_when_it_answers(fresh_table, monkeypatch):
    monkeypatch.setattr(holiday_table, "_table", lambda: None)  # as with a newer package
    monkeypatch.setattr(holiday_table, "from_package",
                        lambda year: {date(year, 6, 1): "Hari Lahir Pancasila", date(year, 8, 17): "Kemerdekaan"})
    assert date(2016, 6, 1) not in holiday_table.national_names(2016)
    assert date(2018, 6, 1) in holiday_table.national_names(2018)


def test_the_stated_floor_is_the_one_pyproject_requires():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"holidays>={holiday_table.PACKAGE_FLOOR}"' in pyproject
    assert holiday_table.is_newer(holiday_table.table_version(), holiday_table.PACKAGE_FLOOR)


def test_the_bundled_table_itself_lists_no_holiday_on_1_june_2016():
    """The file a reader (or an older copy of this code) opens is right, not only what
    national_names() makes of it."""
    years = json.loads(holiday_table.table_path().read_text(encoding="utf-8"))["years"]
    assert "2016-06-01" not in years["2016"]
    assert years["2017"]["2017-06-01"] == "Hari Lahir Pancasila"


def test_with_the_floor_package_installed_2026_keeps_the_tables_cuti_bersama(fresh_table, monkeypatch, tmp_path):
    """An office PC with holidays 0.60 (the floor): its Indonesia has no 2026 cuti bersama,
    yet the due times are the table's, where 24 December 2026 is no working day."""
    from importlib.machinery import ModuleSpec
    (tmp_path / "holidays-0.60.dist-info").mkdir()
    spec = ModuleSpec("holidays", None, origin=str(tmp_path / "holidays" / "__init__.py"))
    monkeypatch.setattr(holiday_table.importlib.util, "find_spec", lambda name: spec)
    monkeypatch.setattr(holiday_table, "installed_version", lambda: "0.60")
    monkeypatch.setattr(holiday_table, "from_package", lambda year: {date(year, 12, 25): "Hari Raya Natal"})
    names = holiday_table.national_names(2026)
    assert names[date(2026, 12, 24)] == "Cuti Bersama Hari Raya Natal"
    assert names[date(2026, 3, 20)] == "Cuti Bersama Hari Raya Idul Fitri"
