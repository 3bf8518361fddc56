"""The evaluation report: its figures (`evaluation`) and its tables for screen, PDF and CSV (`tables`)."""
