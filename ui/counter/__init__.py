"""The counter queue: the live table, its detail panel and timeline, the actions on a request,
registration with its ticket, and the reason dialog."""
