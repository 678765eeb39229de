"""Test images made with Pillow: a grey background with solid-coloured "faces".

The fake Rekognition recognises a face by its colour, so a test decides which faces an image
shows, where they are and who they are.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

BACKGROUND = (128, 128, 128)

RED = (220, 40, 40)
GREEN = (40, 180, 60)
BLUE = (40, 60, 220)
YELLOW = (230, 210, 40)
MAGENTA = (200, 40, 200)
CYAN = (40, 200, 210)
ORANGE = (240, 140, 30)
PALETTE = (RED, GREEN, BLUE, YELLOW, MAGENTA, CYAN, ORANGE)


@dataclass(frozen=True)
class Face:
    """A face drawn at pixel box ``(left, top, width, height)``."""

    color: tuple[int, int, int]
    box: tuple[int, int, int, int]


def picture(
    faces: list[Face] | tuple[Face, ...] = (),
    size: tuple[int, int] = (800, 600),
    image_format: str = "PNG",
) -> bytes:
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    for face in faces:
        left, top, width, height = face.box
        draw.rectangle((left, top, left + width - 1, top + height - 1), fill=face.color)
    out = io.BytesIO()
    image.save(out, format=image_format, **({"quality": 95} if image_format == "JPEG" else {}))
    return out.getvalue()
