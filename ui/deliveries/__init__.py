"""Home delivery: the Pengantaran tab, its scan field and slips, approval and outcome dialogs."""
