"""Who acts at start-up. The sign-in issue replaces the body with the setup wizard and the
password dialog; until then the demo signs in as its operator."""

from __future__ import annotations

from layar_ramah.models import Officer


def first_officer(clock, demo: bool):
    query = Officer.select().where(Officer.active)
    if demo:
        return query.where(Officer.roles.contains("operator")).first() or query.first()
    return query.where(Officer.roles.contains("admin")).first() or query.first()
