"""Cells of the CSV files the office opens in a spreadsheet (the requests export, the
service catalogue). One rule for both: a cell that starts with = + - @ (or a tab or a
carriage return, which Excel skips) would run as a formula, so it is written with a
leading apostrophe, which the spreadsheet shows as text; reading our own file back takes
the apostrophe off again."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def uncell(text: str) -> str:
    """The value `cell` was given: only an apostrophe `cell` itself put there goes."""
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_STARTS else text
