"""Command line: parses arguments, runs the scan, prints the JSON report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .api import scan, scan_manifest
from .constants import DEFAULT_MAP
from .errors import ScanError

DESCRIPTION = (
    "Finds the boto3 calls a Lambda handler (or any Python entry module) makes, statically."
)


def main(argv: list[str] | None = None) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument(
        "root", type=Path, nargs="?", help="handlers root (the directory on sys.path)"
    )
    parser.add_argument(
        "entries", nargs="*", help="entry module files, dotted names or directories"
    )
    parser.add_argument(
        "--manifest", type=Path, help="scan every function of this handlers manifest.json instead"
    )
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP, help="boto3-iam-map.json")
    parser.add_argument(
        "--repo-root", type=Path, help="paths are reported relative to it (default: the git root)"
    )
    parser.add_argument(
        "--each",
        action="store_true",
        help="scan each entry on its own (as one run per entry would) in this one process, "
        'printing one JSON line per entry: {"entry": ..., "report": ...}',
    )
    parser.add_argument("--fail-on-unresolved", action="store_true")
    arguments = parser.parse_args(argv)
    if (arguments.manifest is None) == (arguments.root is None):
        parser.print_usage(sys.stderr)
        print("scan_handler_calls: give either a handlers root or --manifest", file=sys.stderr)
        return 2
    try:
        if arguments.each:
            if arguments.root is None or not arguments.entries:
                print(
                    "scan_handler_calls: --each needs a handlers root and entries", file=sys.stderr
                )
                return 2
            reports = []
            lines = []
            for entry in arguments.entries:
                report = scan(arguments.root, [entry], arguments.map, arguments.repo_root)
                reports.append(report)
                lines.append(json.dumps({"entry": entry, "report": report}, sort_keys=True))
            sys.stdout.write("".join(line + "\n" for line in lines))
            return (
                1 if arguments.fail_on_unresolved and any(r["unresolved"] for r in reports) else 0
            )
        if arguments.manifest is not None:
            report = scan_manifest(arguments.manifest, arguments.map, arguments.repo_root)
            reports = list(report["functions"].values())
        else:
            report = scan(arguments.root, arguments.entries, arguments.map, arguments.repo_root)
            reports = [report]
    except (ScanError, OSError, json.JSONDecodeError, KeyError, TypeError) as error:
        print(f"scan_handler_calls: {error}", file=sys.stderr)
        return 2
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if arguments.fail_on_unresolved and any(item["unresolved"] for item in reports) else 0
