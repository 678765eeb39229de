"""The security scanners security teams run, over every committed template: checkov finds
nothing that the stack code did not acknowledge with a reason, and README.md lists every
acknowledgement as the templates carry it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import suppressions

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
ENVIRONMENTS = sorted(path.name for path in TEMPLATES.iterdir() if path.is_dir())


def checkov() -> Path:
    """checkov from `make scan-venv` (or FACESTACK_CHECKOV)."""
    default = ROOT / ".facestack" / "scan" / "venv" / "bin" / "checkov"
    path = Path(os.environ.get("FACESTACK_CHECKOV", default))
    if not path.exists():
        pytest.fail(f"checkov not found at {path}: run `make scan-venv`")
    return path


def scan(folder: Path) -> list[dict[str, object]]:
    """checkov's JSON reports on the templates in `folder`: CloudFormation's checks (CKV_AWS_45,
    secrets in a function's environment, among them) and its secrets scan of the files."""
    # checkov is run inside `folder` on ".": it adds each file's path to the objects it parses
    # (a `__file__` key beside a function's variables) and CKV_AWS_45 then scans the path as
    # if it were a variable's value, so an absolute path of 40 characters such as
    # "/work/main/templates/dev/FaceRecognition" read as an AWS secret key, depending on where
    # the repository was cloned.
    result = subprocess.run(
        [
            str(checkov()),
            "--directory",
            ".",
            "--framework",
            "cloudformation",
            "secrets",
            "--output",
            "json",
            "--compact",
            "--skip-download",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    reports = json.loads(result.stdout)
    # A list when several frameworks report; a framework that found nothing to scan is absent.
    return reports if isinstance(reports, list) else [reports]


@pytest.fixture(scope="module")
def reports() -> list[dict[str, object]]:
    """One scan of every template (checkov takes most of a minute on a busy machine)."""
    return scan(TEMPLATES)


@pytest.fixture(scope="module")
def report(reports: list[dict[str, object]]) -> dict[str, object]:
    """The CloudFormation checks' report."""
    (found,) = [report for report in reports if report.get("check_type") == "cloudformation"]
    return found


def test_no_secret_is_written_into_a_template(reports: list[dict[str, object]]) -> None:
    failed = {
        str(report.get("check_type")): report["summary"]["failed"]  # type: ignore[index]
        for report in reports
    }
    assert set(failed.values()) == {0}, failed


def checks(report: dict[str, object], kind: str, environment: str) -> list[dict[str, str]]:
    """The `kind` results (`failed_checks`, `skipped_checks`) in `environment`'s templates."""
    results = report["results"]
    assert isinstance(results, dict)
    return [
        check for check in results[kind] if Path(check["file_path"]).parts[-2:-1] == (environment,)
    ]


def test_checkov_parses_every_template(report: dict[str, object]) -> None:
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["parsing_errors"] == 0
    assert summary["resource_count"] >= 50 * len(ENVIRONMENTS), summary


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_checkov_finds_nothing_unacknowledged(report: dict[str, object], environment: str) -> None:
    failed = [
        f"{check['check_id']} {check['resource']}: {check['check_name']}"
        for check in checks(report, "failed_checks", environment)
    ]
    assert failed == [], "\n".join(failed)
    skipped = {
        (check["check_id"], check["resource"].split(".", 1)[1])
        for check in checks(report, "skipped_checks", environment)
    }
    acknowledged = {
        (item.check, item.resource)
        for item in suppressions.read(TEMPLATES)
        if item.environment == environment
    }
    # Every acknowledgement names a check checkov runs on that resource (no dead suppressions).
    assert acknowledged == skipped


def test_every_acknowledgement_has_a_reason() -> None:
    found = suppressions.read(TEMPLATES)
    assert found, "the templates acknowledge no scanner check"
    assert [item for item in found if len(item.reason.strip()) < 20] == []


def test_readme_lists_every_acknowledgement() -> None:
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text()
    generated = suppressions.table(suppressions.read(TEMPLATES))
    if os.environ.get("FACESTACK_RECORD") == "1":
        readme_path.write_text(suppressions.rewrite(readme, generated))
        return
    listed = suppressions.section(readme)
    assert listed is not None, f"README.md has no {suppressions.BEGIN} section"
    assert listed == generated, (
        "README.md's suppressions differ from templates/: rewrite with FACESTACK_RECORD=1"
    )
