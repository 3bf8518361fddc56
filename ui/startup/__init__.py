"""Before and beside the window: start-up checks, the setup wizard, the error handler,
backups and restore, and the check of the event chain."""
