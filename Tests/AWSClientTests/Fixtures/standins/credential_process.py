#!/usr/bin/env python3
"""A ``credential_process`` for the tests: prints what its arguments say, as a real one would.

    credential_process.py KEY_ID SECRET [--token T] [--expires-in SECONDS] [--version N]
    credential_process.py --fail MESSAGE [--status N]
    credential_process.py --garbage

Each run appends one line to the file named by ``FACESTACK_PROCESS_LOG`` when it is set, so a
test can count how often the chain ran it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timedelta, timezone


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("key_id", nargs="?")
    parser.add_argument("secret", nargs="?")
    parser.add_argument("--token")
    parser.add_argument("--expires-in", type=int)
    parser.add_argument("--version", type=int, default=1)
    parser.add_argument("--fail")
    parser.add_argument("--status", type=int, default=1)
    parser.add_argument("--garbage", action="store_true")
    args = parser.parse_args()
    log = os.environ.get("FACESTACK_PROCESS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write("ran\n")
    if args.fail:
        print(args.fail, file=sys.stderr)
        return args.status
    if args.garbage:
        print("this is not json")
        return 0
    answer: dict[str, object] = {
        "Version": args.version,
        "AccessKeyId": args.key_id,
        "SecretAccessKey": args.secret,
    }
    if args.token:
        answer["SessionToken"] = args.token
    if args.expires_in is not None:
        expires = datetime.now(timezone.utc) + timedelta(seconds=args.expires_in)
        answer["Expiration"] = expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
