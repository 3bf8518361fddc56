"""The record as evidence: the checks that say whether the history in the file is still the
one the app wrote, and the anchors outside the file that a rewrite of it cannot reach.

- `seals`: the hash chain itself, fast enough for ten years (full, incremental, up to an event).
- `records`, `reference`: every fact column a screen, slip or report shows, re-derived from
  the events and compared with the row (a row edited with sqlite3 is named in Indonesian).
- `head`: the chain's head (event id, hash) and whether the live history still holds one
  written down earlier (`head()`, `matches_head()`, re-exported here for the closing sheet).
- `anchors`: the chain head each backup copied, compared with the live chain.
- `closing`: the daily closing sheet's figures and its code, and checking a code against the chain.
- `check`: one check that runs them all and remembers where it ended (the checkpoint).

Everything here only reads, apart from the checkpoint and the anchor files; nothing imports Qt.
"""

from layar_ramah.evidence.head import Head, HeadMatch, clean_hash, head, matches_head  # noqa: E402

__all__ = ["Head", "HeadMatch", "clean_hash", "head", "matches_head"]
