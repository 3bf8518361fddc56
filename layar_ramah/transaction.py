"""One write, the same way everywhere: who acts and when (`Ctx`), one transaction per
action with storage failures in Indonesian (`transaction`), and re-reading a row inside it
(`fetch`, `reload`). The workflow, admin, auth, privacy, backups and surveys all write
through these."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from layar_ramah import engine as engines
from layar_ramah.access import require
from layar_ramah.clock import Clock
from layar_ramah.errors import ChangedMeanwhile, StorageError, ValidationError
from layar_ramah.models import Officer, Request
from layar_ramah.validation import is_row_id


@dataclass
class Ctx:
    """Who acts and what time it is. Every event's actor is `actor`: no anonymous write."""

    actor: Officer
    clock: Clock

    def now(self):
        return self.clock.now()

    def require(self, permission: str) -> None:
        """Checked against the officer as stored now, not the object the session has held
        since sign-in: an officer deactivated, demoted or given a temporary password
        since then (from the admin window or another counter PC) acts no more."""
        self.actor = current_officer(self.actor)
        require(self.actor, permission)


def current_officer(actor) -> Officer | None:
    """The stored row of `actor`; None for nobody, or for an officer no longer in the file."""
    officer_id = getattr(actor, "id", None)
    return Officer.get_or_none(Officer.id == officer_id) if is_row_id(officer_id) else None


@contextmanager
def transaction():
    """One write, serialised against every other writer of the database (the engine's
    write_transaction: ticket numbers, chain head). Any failure rolls everything back;
    storage failures become StorageError in Indonesian."""
    engine = engines.current()
    try:
        with engine.write_transaction():
            yield
    except (peewee.PeeweeException, *engine.read_errors) as exc:
        cause = engine.root_cause(exc)
        if isinstance(cause, StorageError):  # an inner transaction() already said it
            raise cause from None
        message = engine.storage_message(cause)
        if message is not None:
            raise StorageError(message) from cause
        if cause is not exc:
            raise cause from None
        raise


def fetch(model, value, field: str, message: str):
    """Re-read a row inside the transaction (another process may have moved it); an
    unknown or hostile id is refused with `message`, not crashed on."""
    row_id = value.id if isinstance(value, model) else value if is_row_id(value) else None
    row = model.get_or_none(model.id == row_id) if row_id is not None else None
    if row is None:
        raise ValidationError(message, field=field)
    return row


@dataclass(frozen=True)
class Shown:
    """A request as the officer's screen showed it when they chose an action. Another
    officer (at another counter PC) may have moved it since; the action then is refused,
    saying who did what, instead of being applied to a request the officer has not seen.
    The window passes `Shown.of(request)`; the domain's own calls pass the id."""

    id: int
    state: str

    @classmethod
    def of(cls, request) -> Shown:
        return cls(request.id, request.state)


def reload(request: Request | Shown | int) -> Request:
    row = fetch(Request, request.id if isinstance(request, Shown) else request,
                "request", "Permohonan tidak ditemukan.")
    if isinstance(request, Shown) and row.state != request.state:
        raise ChangedMeanwhile(changed_meanwhile(row))
    return row


def changed_meanwhile(row: Request) -> str:
    """What the officer is told when the request moved under them: the last change, by
    whom and when, and its state now."""
    from layar_ramah.clock import OFFICE_TZ
    from layar_ramah.labels import EVENT_LABELS, STATE_LABELS
    from layar_ramah.models import Event
    last = (Event.select(Event.type, Event.at, Event.actor).where(Event.request == row.id)
            .order_by(Event.id.desc()).first())
    what = ""
    if last is not None:
        who = Officer.get_or_none(Officer.id == last.actor_id) if last.actor_id else None
        what = (f": «{EVENT_LABELS.get(last.type, last.type)}»{f' oleh {who.name}' if who else ''} pukul "
                f"{last.at.astimezone(OFFICE_TZ):%H.%M}")
    return (f"Permohonan {row.ticket} baru saja diubah petugas lain{what} (sekarang "
            f"«{STATE_LABELS.get(row.state, row.state)}»). Tindakan ini tidak dijalankan. Periksa "
            "permohonan itu di layar, lalu ulangi bila masih perlu.")
