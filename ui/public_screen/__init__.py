"""The waiting-room screen: a TV-sized board of the queue, opened from the counter window."""
