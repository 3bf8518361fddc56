"""Strategies for hostile input: random Unicode, very long strings, control
characters, SQL-looking text, and values of the wrong type."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from layar_ramah.errors import DomainError

SQL_LOOKING = [
    "Robert'); DROP TABLE request;--", "' OR '1'='1", "1; DELETE FROM event", "\"; UPDATE officer SET roles='admin'",
    "%", "_", "\\", "NULL", "null", "None", "'", '"', "`", "--", "/* */", "SELECT * FROM event",
]
CONTROL = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Co"]), min_size=1, max_size=20)
LONG = st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=4), st.integers(80, 30000))
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=10), CONTROL, st.text(max_size=10)),
    LONG,
    st.sampled_from(SQL_LOOKING),
)
WRONG_TYPE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=20),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(object()), st.just(date(2026, 11, 23)), st.just(datetime(2026, 11, 23, 9, 0)),
)
ANY = st.one_of(TEXT, WRONG_TYPE)

# with a database: examples share one file (each is one transaction or a refusal)
DB_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                              HealthCheck.data_too_large, HealthCheck.large_base_example])
PURE_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                HealthCheck.large_base_example])

REFUSED = object()


def attempt(fn, *args, **kwargs):
    """The result, or REFUSED for a DomainError. Anything else propagates: the test fails."""
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        assert isinstance(exc.message, str) and exc.message
        return REFUSED
