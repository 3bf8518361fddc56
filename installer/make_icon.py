"""Render the app's icon from its SVG sources into the PNGs the window uses and the .ico
the Windows bundle, installer and shortcuts use. Run after editing the artwork:

    python installer/make_icon.py

The small sizes come from their own drawing (resources/icon/layar-ramah-small.svg): a
scaled-down 256 px picture turns to mush at 16 px. Qt renders the SVG (QtSvg is in
PySide6-Essentials); Pillow writes the .ico with one exact frame per size.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icon"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # what Windows asks an .ico for (100-200 % scaling)
SMALL_UP_TO = 32
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the window icon's sizes (ui/help/about.py)


def render(svg: Path, size: int) -> Image.Image:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> None:
    QGuiApplication(sys.argv[:1])
    frames = {size: render(FOLDER / ("layar-ramah-small.svg" if size <= SMALL_UP_TO else "layar-ramah.svg"),
                           size) for size in SIZES}
    for size in PNG_SIZES:
        frames[size].save(FOLDER / f"layar-ramah-{size}.png", optimize=True)
    largest = frames[max(SIZES)]
    largest.save(FOLDER / "layar-ramah.ico", sizes=[(s, s) for s in SIZES],
                 append_images=[frames[s] for s in SIZES if s != max(SIZES)])
    print(f"{FOLDER}: {len(PNG_SIZES)} PNG, layar-ramah.ico with {len(SIZES)} sizes")


if __name__ == "__main__":
    main()
