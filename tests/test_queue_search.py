"""The queue's search box finds a ticket the way an operator says it: "a 12", "a3",
"A-012", "p1". One rule (queries.lookup.ticket_search_matches) for every search."""

from __future__ import annotations

import pytest

from layar_ramah.queries import requests as queries
from layar_ramah.queries.lookup import ticket_search_matches
from ui.counter.queue_model import TICKET, QueueModel
from ui.counter.queue_proxy import QueueProxy


@pytest.mark.parametrize(("typed", "ticket", "found"), [
    ("a 12", "A-012", True), ("a3", "A-003", True), ("A-012", "A-012", True), ("a012", "A-012", True),
    ("A 003", "A-003", True), ("a-3", "A-003", True), ("12", "A-012", True), ("012", "A-012", True),
    ("p1", "P-001", True), ("a1", "A-012", False), ("a12", "A-120", False), ("a3", "A-030", False),
    ("p3", "A-003", False), ("a", "A-012", True), ("b3", "A-003", False), ("a 1001", "A-1001", True),
    ("0012", "A-012", False), ("0001", "A-001", False), ("", "A-001", False), ("siti", "A-001", False),
])
def test_a_ticket_is_found_by_its_letter_and_number_however_typed(typed, ticket, found):
    assert ticket_search_matches(typed, ticket) is found


@pytest.fixture
def proxy(qtbot, make_request, clock):
    for i in range(13):
        make_request(nik=f"35161552038500{i + 10}")   # A-001 … A-013
    make_request(nik="3516155203850099", vulnerability="elderly")  # P-001
    model = QueueModel(clock)
    model.set_rows(queries.queue_rows("counter", clock.local_now().date(), clock.now()))
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    yield proxy
    model.timer.stop()


def found(proxy, text: str) -> list[str]:
    proxy.set_text(text)
    return sorted(proxy.index(r, TICKET).data().lstrip("★ ") for r in range(proxy.rowCount()))


def test_the_search_box_keeps_the_promise_of_its_docstring(proxy):
    assert found(proxy, "a 12") == ["A-012"]
    assert found(proxy, "a3") == ["A-003"]
    assert found(proxy, "A-012") == ["A-012"]
    assert found(proxy, "p1") == ["P-001"]
    assert found(proxy, "a1") == ["A-001"]
    assert found(proxy, "Siti") == sorted(f"A-{i:03d}" for i in range(1, 14)) + ["P-001"]
