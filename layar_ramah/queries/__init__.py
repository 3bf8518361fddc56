"""The read side: what the screens show, read without writing (`requests`, `deliveries`)."""
