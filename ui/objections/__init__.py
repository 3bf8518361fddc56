"""The objection scheme: filing a keberatan and the Kasi Pelayanan's kroscek."""
