"""The two executables as a user runs them: `facestack` runs the offline commands itself and
hands every other command, help and usage errors to `facestack-cloud`, found beside it, with
the same output and exit codes. Needs no local cloud."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import BINARY, ROOT

CLOUD = BINARY.parent / "facestack-cloud"


def run(binary: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_command_whichever_executable_starts() -> None:
    light, cloud = run(BINARY, "--help"), run(CLOUD, "--help")
    assert light.returncode == cloud.returncode == 0
    assert light.stdout == cloud.stdout
    for command in ("synth", "diff", "iam", "graph", "fmt", "deploy", "status", "local"):
        assert f"\n  {command} " in light.stdout


def test_a_cloud_command_runs_in_facestack_cloud_with_its_exit_code() -> None:
    usage = run(BINARY, "deploy", "--help")
    assert usage.returncode == 0
    assert "USAGE: facestack deploy" in usage.stdout
    wrong = run(BINARY, "deploy", "--env", "dev", "--no-such-option")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [
        "error: unknown option '--no-such-option' (see 'facestack help')"
    ]
    unknown = run(BINARY, "no-such-command")
    assert unknown.returncode == 2
    assert unknown.stderr == run(CLOUD, "no-such-command").stderr


def test_without_facestack_cloud_offline_commands_run_and_the_rest_is_one_line(
    tmp_path: Path,
) -> None:
    alone = tmp_path / "facestack"
    shutil.copy2(BINARY, alone)
    synth = run(alone, "synth", "--env", "dev", "--check")
    assert synth.returncode == 0, synth.stderr
    for arguments in (("deploy", "--env", "dev"), ("diff", "--env", "dev", "--deployed"), ()):
        result = run(alone, *arguments)
        assert result.returncode == 4
        assert result.stderr == (
            "error: facestack-cloud is not built: run 'swift build' (it is built with facestack)\n"
        )


def test_help_without_a_command_and_completion_scripts_know_every_command() -> None:
    bare = run(BINARY)
    assert bare.returncode == 0
    assert "\n  deploy " in bare.stdout
    assert "\n  synth " in bare.stdout
    local = run(BINARY, "local")
    assert local.returncode == 0
    assert "USAGE: facestack local <subcommand>" in local.stdout
    assert "\n  start " in local.stdout
    script = run(BINARY, "--generate-completion-script", "bash")
    assert script.returncode == 0
    for command in ("synth", "deploy", "drift", "local"):
        assert command in script.stdout


def test_an_older_facestack_cloud_is_run_with_a_warning(tmp_path: Path) -> None:
    light, cloud = tmp_path / "facestack", tmp_path / "facestack-cloud"
    shutil.copy2(BINARY, light)
    shutil.copy2(CLOUD, cloud)
    stat = light.stat()
    os.utime(cloud, (stat.st_atime - 3600, stat.st_mtime - 3600))
    result = run(light, "deploy", "--help")
    assert result.returncode == 0
    assert result.stderr == (
        f"warning: {cloud} is older than this facestack; run 'swift build' to build both\n"
    )
    os.utime(cloud, (stat.st_atime, stat.st_mtime))
    assert run(light, "deploy", "--help").stderr == ""
