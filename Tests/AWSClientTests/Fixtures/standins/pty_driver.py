#!/usr/bin/env python3
"""Plays the person at a terminal for the MFA prompt test.

Opens a pseudo-terminal, prints the path of its terminal side, waits for the prompt on it,
types ``CODE`` and Enter, then prints, as JSON, what the terminal showed before and after
the code was typed (with echo off, the code itself must not appear).

Usage: ``python3 pty_driver.py CODE``.
"""

from __future__ import annotations

import json
import os
import select
import sys
import time


def read_until(master: int, marker: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen += os.read(master, 1024)
            except OSError:
                break
    return seen


def main() -> None:
    code = sys.argv[1]
    master, terminal = os.openpty()
    print(os.ttyname(terminal), flush=True)
    # Generous: under a loaded CI machine the prompt can take many seconds to appear. The code is
    # typed the moment it does, as a paste would be: the prompt turns echo off before it asks.
    before = read_until(master, b": ", 45)
    os.write(master, code.encode() + b"\n")
    after = read_until(master, b"\n", 5)
    print(json.dumps({"before": before.decode(), "after": after.decode()}), flush=True)
    os.close(terminal)


if __name__ == "__main__":
    main()
