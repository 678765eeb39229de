"""Image format detection by magic bytes (no Pillow: store and enroll packages do not ship it)."""

from __future__ import annotations

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Enough bytes to recognise every supported format.
SNIFF_BYTES = 16


def sniff_format(head: bytes) -> str | None:
    """``"JPEG"`` or ``"PNG"`` from the first bytes of a file, ``None`` for anything else."""
    if head.startswith(JPEG_MAGIC):
        return "JPEG"
    if head.startswith(PNG_MAGIC):
        return "PNG"
    return None
