"""Calling citizens to a counter: the actions, this PC's counter and voice, playback."""
