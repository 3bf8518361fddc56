"""The SLA of one request, recomputed from its events every time.

The clock starts when the documents are declared complete (or the Kasi's corrected
time), pauses while the documents are returned, and stops at finished (or cancel).
Only office working time counts, on the calendar version in force when it started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from layar_ramah.calendar.worktime import NoWorkingTime, OfficeCalendar

START = "request.completed"
CORRECTION = "request.complete_corrected"
PAUSE = "request.returned"
RESUME = "request.resumed"
STOPS = {"request.finished": "finished", "request.cancelled": "cancelled"}
SLA_EVENT_TYPES = (START, CORRECTION, PAUSE, RESUME, *STOPS)

DEFAULT_WARNING_FRACTION = 0.2
DEFAULT_WARNING_CAP_MINUTES = 15.0


def warning_seconds(sop_minutes: float, fraction: float = DEFAULT_WARNING_FRACTION,
                    cap_minutes: float = DEFAULT_WARNING_CAP_MINUTES) -> float:
    """How much working time left counts as "little" (the warning state) for this SOP."""
    return min(fraction * sop_minutes * 60.0, cap_minutes * 60.0)


def running_state(remaining_seconds: float, warning: float) -> str:
    """The state of a clock that has not stopped: the one home of the thresholds. The
    queue, the waiting-room screen and the detail panel all ask it (through SlaRecord.status
    or LiveSla.state), so a row and the TV never disagree about its colour."""
    if remaining_seconds < 0:
        return "breached"
    return "warning" if remaining_seconds <= warning else "on_track"


# The rule in the words the screens show, so that an operator can tell why one row is
# yellow and the next, with the same time left but a longer SOP, is still green.
def warning_rule_words(fraction: float, cap_minutes: float) -> str:
    return (f"kuning («Hampir habis») bila sisa waktunya {fraction * 100:g} % dari waktu SOP layanan itu "
            f"atau kurang, paling lama {cap_minutes:g} menit sebelum batas")


def warning_words(threshold_seconds: float) -> str:
    """One row's own threshold: "kuning («Hampir habis») saat sisa waktunya 12 menit atau kurang"."""
    from layar_ramah.wording import duration_words
    return f"kuning («Hampir habis») saat sisa waktunya {duration_words(round(threshold_seconds))} atau kurang"


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None
    reason: str


@dataclass(frozen=True)
class SlaStatus:
    state: str                     # not_started / on_track / warning / breached / met / missed / cancelled
    remaining_seconds: float | None  # working seconds left; negative once late
    worked_seconds: float
    due_at: datetime | None
    running: bool                  # the clock is counting right now
    frozen: str | None             # why it is not counting: paused / stopped / break / closed / not_started


@dataclass
class SlaRecord:
    sop_minutes: float
    calendar: OfficeCalendar
    complete_at: datetime | None = None
    recorded_complete_at: datetime | None = None  # the first recorded time, before corrections
    pauses: list[Pause] = field(default_factory=list)
    stopped_at: datetime | None = None
    stop_kind: str | None = None
    warning_seconds: float = 0.0

    @classmethod
    def from_events(cls, events, sop_minutes: float, calendar: OfficeCalendar,
                    warn_seconds: float | None = None) -> "SlaRecord":
        """`events`: (type, at, payload) tuples in the order they were appended."""
        record = cls(sop_minutes, calendar,
                     warning_seconds=warning_seconds(sop_minutes) if warn_seconds is None else warn_seconds)
        for type_, at, payload in events:
            if type_ == START:
                record.complete_at = record.recorded_complete_at = at
            elif type_ == CORRECTION:
                record.complete_at = datetime.fromisoformat(payload["complete_at"])
            elif type_ == PAUSE:
                record.pauses.append(Pause(at, None, payload.get("reason", "")))
            elif type_ == RESUME and record.pauses and record.pauses[-1].end is None:
                last = record.pauses[-1]
                record.pauses[-1] = Pause(last.start, at, last.reason)
            elif type_ in STOPS:
                record.stopped_at, record.stop_kind = at, STOPS[type_]
        return record

    @property
    def sop_seconds(self) -> float:
        return self.sop_minutes * 60.0

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None and self.stopped_at is None

    def spans(self) -> list[tuple[datetime, datetime | None]]:
        """Intervals in which the clock ran (end None: still running)."""
        if self.complete_at is None:
            return []
        spans, start = [], self.complete_at
        for pause in self.pauses:
            if pause.start < start:
                # a pause before a corrected (earlier) start, or wall-clock trouble:
                # never count time twice or backwards
                if pause.end is None:
                    return spans  # still returned: nothing runs, whatever the clock said
                start = max(start, pause.end)
                continue
            spans.append((start, pause.start))
            if pause.end is None:
                return spans
            start = max(pause.end, pause.start)
        spans.append((start, self.stopped_at))
        return spans

    def worked_seconds(self, now: datetime) -> float:
        pos = self.calendar.position
        total = 0.0
        frozen_at = self.stopped_at or (self.pauses[-1].start if self.paused else None)
        whole = frozen_at is not None and now >= frozen_at
        for start, end in self.spans():
            # Frozen and looked at from after: every span counts whole (as LiveSla does),
            # even one a wall-clock step back made end "after" the stop.
            stop = end if whole and end is not None else now if end is None or end > now else end
            total += max(0.0, pos(stop) - pos(start))
        return total

    def due_at(self) -> datetime | None:
        """The moment the worked time reaches the SOP: past or, while the clock runs,
        projected. None while paused or once stopped within the SOP."""
        needed = self.sop_seconds
        pos = self.calendar.position
        for start, end in self.spans():
            length = None if end is None else max(0.0, pos(end) - pos(start))
            if length is not None and length < needed:
                needed -= length
                continue
            if end is None and self.paused:
                return None
            try:
                return self.calendar.add_working_minutes(start, needed / 60.0)
            except NoWorkingTime:
                return None  # never due: the workflow refuses to start a clock on such a calendar
        return None

    def status(self, now: datetime) -> SlaStatus:
        if self.complete_at is None:
            if self.stop_kind == "cancelled":
                return SlaStatus("cancelled", None, 0.0, None, False, "stopped")
            return SlaStatus("not_started", None, 0.0, None, False, "not_started")
        worked = self.worked_seconds(now)
        remaining = self.sop_seconds - worked
        due = self.due_at()
        if self.stopped_at is not None:
            if self.stop_kind == "cancelled":
                state = "cancelled"
            else:
                state = "met" if remaining >= -0.5 else "missed"
            return SlaStatus(state, remaining, worked, due, False, "stopped")
        state = running_state(remaining, self.warning_seconds)
        if self.paused:
            return SlaStatus(state, remaining, worked, due, False, "paused")
        reason = self.calendar.closed_reason(now)
        return SlaStatus(state, remaining, worked, due, reason is None, reason)

    def live(self) -> "LiveSla":
        """A fast view for the once-a-second tick: remaining = due_position - position(now)."""
        return LiveSla(self)


class LiveSla:
    """Precomputed per refresh so each tick costs one position() per calendar, not per row."""

    __slots__ = ("record", "running", "due_position", "frozen_remaining", "warning_seconds", "calendar",
                 "max_remaining")

    def __init__(self, record: SlaRecord):
        self.record = record
        self.calendar = record.calendar
        self.warning_seconds = record.warning_seconds
        spans = record.spans()
        self.running = bool(spans) and spans[-1][1] is None and not record.paused
        if self.running:
            start = spans[-1][0]
            worked_before = record.worked_seconds(start)
            self.due_position = self.calendar.position(start) + record.sop_seconds - worked_before
            self.max_remaining = record.sop_seconds - worked_before  # a clock behind start: no negative time
            self.frozen_remaining = None
        else:
            self.due_position = None
            # Not running: every span is closed. Sum them rather than measure up to the stop
            # or the last pause, which a wall-clock step back can place before a span's end.
            pos = self.calendar.position
            self.frozen_remaining = (
                record.sop_seconds - sum(max(0.0, pos(end) - pos(start)) for start, end in spans)
                if record.complete_at else None
            )

    def state(self, remaining: float) -> str:
        """on_track / warning / breached for `remaining` working seconds (once a tick)."""
        return running_state(remaining, self.warning_seconds)

    def remaining(self, now_position: float) -> float | None:
        if self.running:
            return min(self.due_position - now_position, self.max_remaining)
        return self.frozen_remaining
