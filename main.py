"""Thin shim: `python main.py` does what the installed `layar-ramah` entry point does."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
