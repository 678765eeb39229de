"""Decoding images and cropping faces, with Pillow (only the detect package ships it)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Rekognition accepts at most 5 MB of image bytes; a crop re-encoded as JPEG stays far below.
# Very small crops are scaled up so that the face keeps enough pixels to be searched.
MIN_CROP_SIDE = 160
MAX_CROP_SIDE = 1920
CROP_JPEG_QUALITY = 90

# Decompression bombs: refuse images over Pillow's own limit (about 89 megapixels) before decoding.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485


class UndecodableImage(ValueError):
    """The bytes start like a JPEG or PNG but Pillow cannot decode them."""


@dataclass(frozen=True)
class BoundingBox:
    """Rekognition's bounding box: ratios of the image's width and height."""

    left: float
    top: float
    width: float
    height: float

    @classmethod
    def from_rekognition(cls, box: dict[str, float]) -> BoundingBox:
        return cls(
            left=float(box.get("Left", 0.0)),
            top=float(box.get("Top", 0.0)),
            width=float(box.get("Width", 0.0)),
            height=float(box.get("Height", 0.0)),
        )

    @property
    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)


def decode(data: bytes) -> Image.Image:
    """Decodes an image as Rekognition sees it; raises ``UndecodableImage`` if Pillow cannot.

    Rekognition applies a JPEG's Exif orientation before it reports bounding boxes, and ignores
    orientation in PNGs, so only JPEGs are transposed here.
    """
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise UndecodableImage(
                f"image has {image.width}x{image.height} pixels, more than {MAX_PIXELS}"
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise UndecodableImage(f"cannot decode image: {error}") from error
    if image.format == "JPEG":
        return ImageOps.exif_transpose(image)
    return image


def crop_face(image: Image.Image, box: BoundingBox, margin: float) -> bytes:
    """JPEG bytes of the face's box grown by ``margin`` (a ratio of the box) on every side.

    The crop is clamped to the image; tiny crops are scaled up and huge ones down so that the
    bytes always fit Rekognition's limits.
    """
    width, height = image.size
    grow_x = box.width * margin
    grow_y = box.height * margin
    left = max(0, int((box.left - grow_x) * width))
    top = max(0, int((box.top - grow_y) * height))
    right = min(width, round((box.left + box.width + grow_x) * width))
    bottom = min(height, round((box.top + box.height + grow_y) * height))
    if right - left < 1 or bottom - top < 1:
        raise ValueError(f"bounding box {box} is outside the {width}x{height} image")
    crop = image.crop((left, top, right, bottom))
    if crop.mode not in ("RGB", "L"):
        crop = crop.convert("RGB")
    shortest, longest = min(crop.size), max(crop.size)
    if shortest < MIN_CROP_SIDE:
        scale = MIN_CROP_SIDE / shortest
        crop = crop.resize(
            (max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
            Image.Resampling.LANCZOS,
        )
    elif longest > MAX_CROP_SIDE:
        crop.thumbnail((MAX_CROP_SIDE, MAX_CROP_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    crop.save(out, format="JPEG", quality=CROP_JPEG_QUALITY)
    return out.getvalue()
