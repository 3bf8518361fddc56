"""Crash-loop bench: kill a writing process with SIGKILL N times at random
moments and check after each kill that nothing was lost or corrupted, and that no full
personal-data export or "Cadangkan sekarang" copy exists without its event.

    python bench/crash_loop.py --kills 1000 [--seed 7] [--keep DIR]
    python bench/crash_loop.py --kills 1000 --db postgresql://kantor@localhost/kosong
                                          (an empty server database: counter PCs killed mid-write)

Prints e.g. "crash loop: 1000 kills, 0 lost, 0 corrupt, 0 broken chains, 48.2 s (...);
350 full exports and manual backups, 0 without their event; ..."; exits 1 when anything
was lost or damaged or an export was found without its event.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from crash_child import CrashLoop  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="leave the database in this folder")
    parser.add_argument("--db", help="an empty PostgreSQL database (postgresql://...) instead of a file")
    args = parser.parse_args(argv)
    if args.db:
        loop = CrashLoop(args.db, seed=args.seed).run(args.kills)
        print(loop.summary())
        for problem in loop.problems[:20]:
            print("  " + problem)
        return 1 if loop.problems else 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        loop = CrashLoop(folder / "crash.sqlite3", seed=args.seed).run(args.kills)
    print(loop.summary())
    for problem in loop.problems[:20]:
        print("  " + problem)
    return 1 if loop.problems else 0


if __name__ == "__main__":
    sys.exit(main())
