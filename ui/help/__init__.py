"""Bantuan: the About box with the version, the app's icon, and the self-check dialog."""
