"""Domain errors. Every message is Indonesian: it is shown to the operator as is."""

from __future__ import annotations


class DomainError(Exception):
    """An error the user can cause. `field` names the input it concerns, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """Bad input: a NIK, a phone number, an empty name."""


class TransitionError(DomainError):
    """An action the request's current state does not allow."""


class ChangedMeanwhile(TransitionError):
    """Another officer changed the request after this officer's screen showed it."""


class AccessDenied(DomainError):
    """The signed-in officer's roles do not allow the action."""


class StorageError(DomainError):
    """The database could not be written (disk full, read-only, locked)."""
