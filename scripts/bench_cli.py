#!/usr/bin/env python3
"""Times facestack's commands as whole processes, beside the floor and the peers (issue 20).

Every command is a process started from here, as a user would start it: wall time from spawn to
exit, and peak memory from the child's rusage (wait4: the largest resident set of the process and
of the children it waited for, as GNU time's %M). The commands of one table run in the same
rounds, alternating (A B C A B C ...), after one warm-up round that is not counted: the machine is
shared and its speed drifts, so the ratios are the result, not the absolute times.

Tables:
  pipeline  facestack-floor, facestack's commands on the committed stack, troposphere and AWS CDK
            (Python) generating the same pipeline (../shared/bench-peers)
  cold      synth and iam review with facestack's caches removed before each run
            (.facestack/assets: the Lambda zips; .facestack/cache: the handler scans and the
            scanner's Python bytecode; .facestack/dependencies, pip's install of the functions'
            pinned packages, is kept)
  copies    N copies of the pipeline in one template: facestack-copies N and troposphere's
            tropo_app.py -n N --mode single

Usage (from the repository's root, after `swift build -c release --static-swift-stdlib` of
facestack, facestack-floor and facestack-copies; `make bench-cli` does both):
  scripts/bench_cli.py [--runs N] [--peer-runs N] [--no-cdk] [--no-peers] [--tables T,...]
                       [--peers DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RELEASE = REPO_ROOT / ".build" / "release"
WORK = REPO_ROOT / ".build" / "bench-cli"
VENV_PYTHON = WORK / "venv" / "bin" / "python"
DEFAULT_PEERS = REPO_ROOT.parent / "shared" / "bench-peers"


@dataclass
class Command:
    """One command of a table: its label, argv, and what to do before each run."""

    label: str
    argv: list[str]
    cwd: Path
    before: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def run(self, record: bool) -> None:
        for path in self.before:
            shutil.rmtree(path, ignore_errors=True)
        environment = {**os.environ, **self.env}
        start = time.perf_counter()
        process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # wait4 reaps the child itself, so its rusage (peak RSS) is this command's alone.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.stderr:
            process.stderr.close()
        if process.returncode != 0:
            last = errors.strip().splitlines()[-1:] or ["(no output)"]
            raise SystemExit(
                f"bench_cli: {self.label} exited {process.returncode}: {last[0]}\n"
                f"  command: {' '.join(self.argv)}"
            )
        if record:
            self.walls.append(wall)
            self.peaks.append(usage.ru_maxrss * 1024)  # Linux reports KiB

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.walls)
        rank = max(1, round(fraction * len(ordered) + 0.5))  # nearest rank
        return ordered[min(rank, len(ordered)) - 1]

    @property
    def median_wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def median_peak(self) -> float:
        return statistics.median(self.peaks)


def measure(commands: list[Command], runs: int) -> None:
    """One warm-up round, then `runs` rounds, each command once per round, in order."""
    for round_index in range(runs + 1):
        for command in commands:
            command.run(record=round_index > 0)
        print(f"  round {round_index}/{runs}", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def mebibytes(size: float) -> str:
    return f"{size / 1048576:.1f} MiB"


def table(title: str, commands: list[Command], baseline: Command | None) -> str:
    """A Markdown table: medians, p95, peak memory and the ratio to `baseline`."""
    ratio_header = f"× {baseline.label}" if baseline else ""
    lines = [
        f"{title}",
        "",
        f"| command | runs | wall p50 | wall p95 | peak RSS p50 | {ratio_header} |",
        "|---|---|---|---|---|---|",
    ]
    for command in commands:
        ratio = f"{command.median_wall / baseline.median_wall:.2f}" if baseline else ""
        lines.append(
            f"| `{command.label}` | {len(command.walls)} | {milliseconds(command.median_wall)} "
            f"| {milliseconds(command.percentile(0.95))} | {mebibytes(command.median_peak)} "
            f"| {ratio} |"
        )
    return "\n".join(lines)


def speedups(pairs: list[tuple[Command, Command]]) -> str:
    """How many times faster the first of each pair is (peer median / facestack median)."""
    lines = []
    for ours, peer in pairs:
        lines.append(
            f"- `{ours.label}` is {peer.median_wall / ours.median_wall:.1f}× faster than "
            f"`{peer.label}` (wall p50), in {ours.median_peak / peer.median_peak:.2f}× its memory"
        )
    return "\n".join(lines)


def prepare_peers(source: Path) -> Path:
    """A writable copy of the peers' apps (the shared folder may be read-only)."""
    if not source.is_dir():
        raise SystemExit(f"bench_cli: {source}: no such folder (the peers' apps); use --peers DIR")
    target = WORK / "peers"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(".venv*", "*.out", "results", "__pycache__", "cdk.context*"),
    )
    if not VENV_PYTHON.exists():
        raise SystemExit(
            f"bench_cli: {VENV_PYTHON} is missing; create it with "
            f"'python3 -m venv {WORK / 'venv'} && {WORK / 'venv/bin/pip'} install -r "
            f"{source / 'requirements.txt'}' (make bench-cli does)"
        )
    return target


def binary(name: str) -> str:
    path = RELEASE / name
    if not path.exists():
        raise SystemExit(
            f"bench_cli: {path} is missing; build it with"
            f" 'swift build -c release --static-swift-stdlib --product {name}'"
        )
    return str(path)


def baseline_commands(binary_path: Path | None, synth_out: str) -> list[Command]:
    """synth and iam review by an earlier build, to compare before and after in one run, and
    that build's floor when it sits beside it (a build made another way, such as without
    `--static-swift-stdlib`, has a floor of its own)."""
    if binary_path is None:
        return []  # main() has checked that a given one exists
    before = str(binary_path.resolve())
    floor = binary_path.resolve().parent / "facestack-floor"
    label = "baseline: facestack-floor"
    floors = [Command(label, [str(floor)], REPO_ROOT)] if floor.exists() else []
    return [
        *floors,
        Command(
            "baseline: facestack synth --env dev",
            [before, "synth", "--env", "dev", "--out", synth_out],
            REPO_ROOT,
        ),
        Command(
            "baseline: facestack iam review --env dev",
            [before, "iam", "review", "--env", "dev"],
            REPO_ROOT,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument(
        "--peer-runs", type=int, default=5, help="timed rounds of the tables with CDK (default 5)"
    )
    parser.add_argument("--copies", type=int, default=50, help="pipelines in one template")
    parser.add_argument("--no-cdk", action="store_true", help="leave AWS CDK out (needs node)")
    parser.add_argument("--no-peers", action="store_true", help="leave troposphere and CDK out")
    parser.add_argument("--tables", default="pipeline,cold,copies", help="which tables to run")
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="the peers' folder")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another facestack binary (an earlier build, its resource bundles and, if it has "
        "one, its facestack-floor beside it) to time beside this one in the pipeline table",
    )
    arguments = parser.parse_args()
    if arguments.baseline is not None and not arguments.baseline.exists():
        raise SystemExit(f"bench_cli: {arguments.baseline}: no such binary (--baseline)")
    tables = set(arguments.tables.split(","))
    unknown = tables - {"pipeline", "cold", "copies"}
    if unknown or arguments.runs < 1 or arguments.peer_runs < 1:
        raise SystemExit(f"bench_cli: unknown tables {sorted(unknown)} or runs < 1")

    facestack = binary("facestack")
    out = WORK / "out"
    out.mkdir(parents=True, exist_ok=True)
    use_cdk = not arguments.no_peers and not arguments.no_cdk
    if use_cdk and shutil.which("node") is None:
        raise SystemExit("bench_cli: AWS CDK needs node on PATH; pass --no-cdk to leave it out")
    peers = None if arguments.no_peers else prepare_peers(arguments.peers)
    cdk_env = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}

    def ours(label: str, *argv: str, before: list[Path] | None = None) -> Command:
        return Command(label, [facestack, *argv], REPO_ROOT, before or [])

    def peer(label: str, *argv: str, env: dict[str, str] | None = None) -> Command:
        assert peers is not None
        return Command(label, [str(VENV_PYTHON), *argv], peers, env=env or {})

    sections: list[str] = []
    results: dict[str, list[dict[str, object]]] = {}

    def report(title: str, commands: list[Command], pairs: list[tuple[Command, Command]]) -> None:
        floor = next((command for command in commands if command.label == "facestack-floor"), None)
        text = table(title, commands, floor)
        if pairs:
            text += "\n\n" + speedups(pairs)
        sections.append(text)
        print(text + "\n", flush=True)
        results[title] = [
            {"label": c.label, "argv": c.argv, "walls": c.walls, "peaks": c.peaks} for c in commands
        ]

    synth_out = str(out / "synth")
    if "pipeline" in tables:
        floor = Command("facestack-floor", [binary("facestack-floor")], REPO_ROOT)
        synth_dev = ours("facestack synth --env dev", "synth", "--env", "dev", "--out", synth_out)
        commands = [
            floor,
            synth_dev,
            ours("facestack synth --all", "synth", "--all", "--out", synth_out),
            ours("facestack diff dev prod", "diff", "dev", "prod"),
            ours("facestack graph --env dev", "graph", "--env", "dev"),
            ours("facestack iam review --env dev", "iam", "review", "--env", "dev"),
            *baseline_commands(arguments.baseline, synth_out),
            ours(
                "facestack fmt --check templates/dev/FaceRecognition.yaml",
                "fmt",
                "--check",
                "templates/dev/FaceRecognition.yaml",
            ),
        ]
        pairs: list[tuple[Command, Command]] = []
        if peers is not None:
            tropo = peer("troposphere (tropo_app.py)", "tropo_app.py", "--outdir", str(out / "t1"))
            commands.append(tropo)
            pairs.append((synth_dev, tropo))
            if use_cdk:
                cdk = peer(
                    "AWS CDK (cdk_app.py)", "cdk_app.py", "--outdir", str(out / "c1"), env=cdk_env
                )
                commands.append(cdk)
                pairs.append((synth_dev, cdk))
        runs = arguments.peer_runs if use_cdk else arguments.runs
        print(f"pipeline: {len(commands)} commands × {runs} rounds", file=sys.stderr)
        measure(commands, runs)
        report("Warm (caches as a second run finds them)", commands, pairs)

    if "cold" in tables:
        facestack_folder = REPO_ROOT / ".facestack"
        clean = [facestack_folder / "assets", facestack_folder / "cache"]
        commands = [
            Command("facestack-floor", [binary("facestack-floor")], REPO_ROOT),
            ours(
                "facestack synth --env dev (cold)",
                "synth",
                "--env",
                "dev",
                "--out",
                synth_out,
                before=clean,
            ),
            ours(
                "facestack iam review --env dev (cold)",
                "iam",
                "review",
                "--env",
                "dev",
                before=clean,
            ),
        ]
        print(f"cold: {len(commands)} commands × {arguments.runs} rounds", file=sys.stderr)
        measure(commands, arguments.runs)
        report(
            "Cold (`.facestack/assets` and `.facestack/cache` removed before each run)",
            commands,
            [],
        )

    if "copies" in tables:
        n = arguments.copies
        copies = binary("facestack-copies")
        commands = [
            Command("facestack-floor", [binary("facestack-floor")], REPO_ROOT),
            Command("facestack-copies 1", [copies, "1", str(out / "copies1.yaml")], REPO_ROOT),
            Command(
                f"facestack-copies {n}", [copies, str(n), str(out / f"copies{n}.yaml")], REPO_ROOT
            ),
        ]
        pairs = []
        if peers is not None:
            tropo = peer(
                f"tropo_app.py -n {n} --mode single",
                "tropo_app.py",
                "-n",
                str(n),
                "--mode",
                "single",
                "--outdir",
                str(out / f"t{n}"),
            )
            commands.append(tropo)
            pairs.append((commands[2], tropo))
        print(f"copies: {len(commands)} commands × {arguments.runs} rounds", file=sys.stderr)
        measure(commands, arguments.runs)
        report(f"{n} copies of the pipeline in one template", commands, pairs)

    load = os.getloadavg()[0]
    footer = f"_Load average at the end: {load:.1f} on {os.cpu_count()} cores._"
    print(footer)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
