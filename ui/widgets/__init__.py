"""Parts several features share: field errors, notes, date editors, permission gates, the scan field."""
