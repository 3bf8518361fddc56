"""The administration screens: office profile, calendar, service catalogue, villages,
officers, and the history of their changes. Only admins reach them (ui/admin_actions.py)."""
