"""The one error the scan raises on bad input (reported with exit code 2)."""

from __future__ import annotations


class ScanError(Exception):
    pass
