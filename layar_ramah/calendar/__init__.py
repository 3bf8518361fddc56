"""The office calendar: working time (`worktime`), its versions over time (`versions`), the
admin's edits to it (`admin`) and the bundled national holiday table (`holiday_table`)."""
