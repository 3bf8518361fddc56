"""Compile the Windows installer (installer/layar_ramah.nsi) against a built bundle:

    pyinstaller --noconfirm layar_ramah.spec
    python installer/build_installer.py            # → dist/LayarRamah-<version>-setup.exe

The version is layar_ramah.__version__, the one place it is written. Runs on Windows
(the release workflow) and on Linux (.ci/run, against the Linux bundle: proof that the
script compiles; that installer is not meant to be run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from layar_ramah import __version__  # noqa: E402

SCRIPT = ROOT / "installer" / "layar_ramah.nsi"


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        candidate = Path(base or "") / "NSIS" / "makensis.exe"
        if base and candidate.is_file():
            return str(candidate)
    sys.exit("makensis not found: apt-get install nsis (Linux) or choco install nsis (Windows)")


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "LayarRamah", help="the bundle's folder")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the installer goes")
    parser.add_argument("--quick", action="store_true",
                        help="zlib instead of LZMA: a larger installer, compiled in seconds (CI)")
    args = parser.parse_args(argv)
    if not args.dist.is_dir():
        sys.exit(f"no bundle at {args.dist}: run pyinstaller --noconfirm layar_ramah.spec first")
    args.out.mkdir(parents=True, exist_ok=True)
    command = [find_makensis(), "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={__version__}",
               f"-DDIST={args.dist.resolve()}", f"-DOUTDIR={args.out.resolve()}"]
    subprocess.run(command + (["-DQUICK"] if args.quick else []) + [str(SCRIPT)], check=True)
    installer = args.out / f"LayarRamah-{__version__}-setup.exe"
    print(f"{installer} ({installer.stat().st_size / 2**20:.1f} MiB)")
    return installer


if __name__ == "__main__":
    main()
