"""The old import path of the office calendar, kept for scripts outside the app:
`from layar_ramah.worktime import OfficeCalendar` still works. The code is in
`layar_ramah.calendar.worktime`."""

from layar_ramah.calendar.worktime import OfficeCalendar  # noqa: F401
