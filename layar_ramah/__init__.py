"""Layar Ramah: the domain and persistence of the counter app. Never imports Qt."""

__version__ = "0.1.0"
