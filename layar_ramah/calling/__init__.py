"""Calling a citizen to a counter (loket): the counters themselves, the words and the
audio of the spoken call, and the office's sound setting. The call itself is an event on
the request, written by workflow/calls.py and read back by queries/calls.py."""
