"""The spoken call as text: numbers read the way people say them, and the sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layar_ramah.calling.words import (
    NUMBER_TOKENS,
    call_sentence,
    number_tokens,
    number_words,
    split_ticket,
    ticket_words,
)

DIGITS = {w: i for i, w in enumerate(
    ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"))}


def read_back(words: str) -> int:
    """An independent reader of Indonesian numbers, the way a listener adds them up: a digit
    waits for its multiplier; "se-" words are one of their unit."""
    total, pending, thousands = 0, 0, 0
    for word in words.split():
        if word in DIGITS:
            pending = DIGITS[word]
        elif word in ("sepuluh", "sebelas", "seratus", "seribu"):
            value = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}[word]
            if value == 1000:
                thousands, total = total + 1000, 0
            else:
                total += value
        elif word == "belas":
            total, pending = total + pending + 10, 0
        elif word == "puluh":
            total, pending = total + pending * 10, 0
        elif word == "ratus":
            total, pending = total + pending * 100, 0
        elif word == "ribu":
            thousands, total, pending = (total + pending) * 1000, 0, 0
        else:
            raise AssertionError(f"not a number word: {word}")
    return thousands + total + pending


@pytest.mark.parametrize("n, words", [
    (0, "nol"), (1, "satu"), (7, "tujuh"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
    (19, "sembilan belas"), (20, "dua puluh"), (21, "dua puluh satu"), (45, "empat puluh lima"),
    (99, "sembilan puluh sembilan"), (100, "seratus"), (101, "seratus satu"), (110, "seratus sepuluh"),
    (111, "seratus sebelas"), (115, "seratus lima belas"), (120, "seratus dua puluh"),
    (200, "dua ratus"), (305, "tiga ratus lima"), (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"), (1001, "seribu satu"), (1100, "seribu seratus"), (2000, "dua ribu"),
    (11000, "sebelas ribu"), (100000, "seratus ribu"),
    (999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"),
])
def test_numbers_are_read_the_way_people_say_them(n, words):
    assert number_words(n) == words


def test_every_number_to_999_reads_back_as_itself_in_known_words_only():
    seen = set()
    for n in range(1000):
        words = number_words(n)
        assert read_back(words) == n, words
        assert set(words.split()) <= set(NUMBER_TOKENS), words
        # "satu puluh", "satu ratus", "satu belas" are never said: sepuluh, seratus, sebelas
        assert "satu puluh" not in words and "satu ratus" not in words and "satu belas" not in words
        assert ("nol" in words) == (n == 0)
        seen.add(words)
    assert len(seen) == 1000


@given(st.integers(min_value=0, max_value=999_999))
def test_numbers_up_to_a_million_read_back_too(n):
    words = number_words(n)
    assert read_back(words) == n
    assert not words.startswith("satu ribu")  # one thousand is "seribu"


@pytest.mark.parametrize("bad", [-1, 1_000_000, 1.5, "12", True, None])
def test_what_is_not_a_readable_number_is_refused(bad):
    with pytest.raises(ValueError):
        number_tokens(bad)


@pytest.mark.parametrize("ticket, words", [
    ("A-012", "A dua belas"), ("P-101", "P seratus satu"), ("A-001", "A satu"),
    ("A-100", "A seratus"), ("P-010", "P sepuluh"), ("A-1000", "A seribu"), ("a012", "A dua belas"),
])
def test_the_ticket_is_its_letter_then_its_number_without_zeros(ticket, words):
    assert ticket_words(ticket) == words


@pytest.mark.parametrize("bad", ["", "A-", "012", "AB-012", "A-01x", None])
def test_what_is_not_a_ticket_is_refused(bad):
    with pytest.raises(ValueError):
        split_ticket(bad)


def test_the_whole_sentence_says_the_ticket_and_the_counter():
    assert call_sentence("A-012", 1) == "Nomor antrean A dua belas, silakan ke loket satu."
    assert call_sentence("P-101", 12) == "Nomor antrean P seratus satu, silakan ke loket dua belas."
    assert call_sentence("A-999", 3) == ("Nomor antrean A sembilan ratus sembilan puluh sembilan, "
                                         "silakan ke loket tiga.")
