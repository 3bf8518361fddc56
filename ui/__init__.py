"""Qt widgets, models and dialogs. No business rule lives here: widgets call the domain."""
