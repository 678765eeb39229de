"""The Lambda bootstrap (local/facestack_lambda/bootstrap.py) against a Runtime API on loopback:
a fresh process, and a spare that is handed its function's environment on standard input."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BOOTSTRAP = Path(__file__).resolve().parents[1] / "facestack_lambda" / "bootstrap.py"
HANDLER = """
import os, sys
PRELOADED = "botocore" in sys.modules  # True on a spare, False in a fresh interpreter
if os.environ.get("IMPORT_BOTO3", "1") == "1":
    import boto3
import urllib3
def handler(event, context):
    return {
        "event": event,
        "function": context.function_name,
        "key": os.environ.get("AWS_ACCESS_KEY_ID"),
        "cwd": os.getcwd(),
        "boto3": getattr(sys.modules.get("boto3"), "__file__", None),
        "path": sys.path[:3],
        "urllib3": urllib3.__file__,
        "hash_randomization": sys.flags.hash_randomization,
        "preloaded": PRELOADED,
    }
"""


class RuntimeAPI:
    """Lambda's Runtime API for one invocation: hands out ``event``, keeps the response."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.event = json.dumps(event).encode()
        self.responses: list[dict[str, Any]] = []
        self.environments: list[str] = []
        self.done = threading.Event()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api.environments.append(self.headers.get("Facestack-Environment", ""))
                if api.done.is_set():  # a second `next`: hold it until the test ends
                    self.server.shutdown_request(self.request)  # type: ignore[attr-defined]
                    return
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", "r-1")
                self.send_header("Lambda-Runtime-Deadline-Ms", "9999999999999")
                self.send_header("Content-Length", str(len(api.event)))
                self.end_headers()
                self.wfile.write(api.event)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                api.responses.append({"path": self.path, "body": json.loads(body)})
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                api.done.set()

            def log_message(self, *arguments: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def api() -> Iterator[RuntimeAPI]:
    runtime = RuntimeAPI({"image": "input/a.jpg"})
    yield runtime
    runtime.server.shutdown()


def function(tmp_path: Path, own: str | None = None) -> tuple[Path, dict[str, str]]:
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text(HANDLER)
    if own == "boto3":  # a package that bundles an SDK of its own
        (code / "boto3").mkdir()
        (code / "boto3" / "__init__.py").write_text("import urllib3\nOWN = True\n")
    elif own == "urllib3":  # a dependency of the SDK, as requests brings urllib3 2
        (code / "urllib3").mkdir()
        (code / "urllib3" / "__init__.py").write_text("OWN = True\n")
    environment = {
        "_HANDLER": "app.handler",
        "AWS_LAMBDA_FUNCTION_NAME": "detect",
        "AWS_ACCESS_KEY_ID": "ASIAFUNCTIONROLE",
        "FACESTACK_LAMBDA_ENVIRONMENT": "env-1",
        "PYTHONPATH": str(code),
        "LAMBDA_TASK_ROOT": str(code),
        "PATH": os.environ["PATH"],
        "TZ": ":UTC",
    }
    return code, environment


def run_spare(
    api: RuntimeAPI, assignment: dict[str, Any], base: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A spare as the runtime starts it: nothing of a function's, stdin a socket."""
    runtime_end, spare_end = socket.socketpair()
    environment = {
        "PATH": os.environ["PATH"],
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "FACESTACK_LAMBDA_SPARE": "1",
        "TZ": ":UTC",
        **(base or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-s", "-P", str(BOOTSTRAP)],
        env=environment,
        stdin=spare_end.fileno(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=BOOTSTRAP.parent,
    )
    spare_end.close()
    # The spare waits: no request reaches the Runtime API before its assignment.
    assert not api.done.wait(1.0)
    assert api.environments == []
    runtime_end.sendall(json.dumps(assignment).encode() + b"\n")
    runtime_end.close()
    return process


def finish(api: RuntimeAPI, process: subprocess.Popen[bytes]) -> dict[str, Any]:
    try:
        assert api.done.wait(30), process.stdout.read().decode() if process.stdout else ""
    finally:
        process.kill()
        process.wait(10)
    (response,) = api.responses
    assert response["path"] == "/2018-06-01/runtime/invocation/r-1/response"
    body: dict[str, Any] = response["body"]
    return body


def test_a_spare_runs_the_function_it_is_handed_as_a_fresh_process_would(
    api: RuntimeAPI, tmp_path: Path
) -> None:
    code, environment = function(tmp_path)
    environment["AWS_LAMBDA_RUNTIME_API"] = api.address

    answer = finish(api, run_spare(api, {"environment": environment, "cwd": str(code)}))

    assert answer["event"] == {"image": "input/a.jpg"}
    assert answer["function"] == "detect"
    assert answer["key"] == "ASIAFUNCTIONROLE"
    assert answer["cwd"] == str(code)
    assert answer["path"][0] == str(code)
    # The boto3 it imported while it waited: the interpreter's, not one of the function's.
    assert "site-packages" in answer["boto3"]
    assert "site-packages" in answer["urllib3"]
    assert answer["hash_randomization"] == 1
    assert answer["preloaded"] is True
    # Every `next` carries the assigned environment: the first, and the second the bootstrap
    # may send after its response before the test stops it.
    assert api.environments[0] == "env-1"
    assert set(api.environments) == {"env-1"}
    assert len(api.environments) <= 2


def test_the_runtimes_base_variables_keep_the_spare(api: RuntimeAPI, tmp_path: Path) -> None:
    # As the runtime starts both (a locale the machine may lack: Python coerces LC_CTYPE itself).
    base = {"LANG": "en_US.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    code, environment = function(tmp_path)
    environment |= {"AWS_LAMBDA_RUNTIME_API": api.address, **base}

    answer = finish(api, run_spare(api, {"environment": environment, "cwd": str(code)}, base))

    assert answer["preloaded"] is True


def test_a_function_with_its_own_sdk_gets_a_fresh_interpreter(
    api: RuntimeAPI, tmp_path: Path
) -> None:
    code, environment = function(tmp_path, own="boto3")
    environment["AWS_LAMBDA_RUNTIME_API"] = api.address

    answer = finish(api, run_spare(api, {"environment": environment, "cwd": str(code)}))

    assert answer["boto3"] == str(code / "boto3" / "__init__.py")
    assert answer["key"] == "ASIAFUNCTIONROLE"


def test_a_function_with_its_own_copy_of_an_sdk_dependency_gets_a_fresh_interpreter(
    api: RuntimeAPI, tmp_path: Path
) -> None:
    code, environment = function(tmp_path, own="urllib3")
    environment["AWS_LAMBDA_RUNTIME_API"] = api.address
    environment["IMPORT_BOTO3"] = "0"  # this urllib3 is no SDK's

    answer = finish(api, run_spare(api, {"environment": environment, "cwd": str(code)}))

    assert answer["urllib3"] == str(code / "urllib3" / "__init__.py")


def test_variables_read_at_an_interpreters_start_get_a_fresh_interpreter(
    api: RuntimeAPI, tmp_path: Path
) -> None:
    code, environment = function(tmp_path)
    environment["AWS_LAMBDA_RUNTIME_API"] = api.address
    environment["PYTHONHASHSEED"] = "0"

    answer = finish(api, run_spare(api, {"environment": environment, "cwd": str(code)}))

    assert answer["hash_randomization"] == 0
    assert answer["preloaded"] is False
    assert answer["key"] == "ASIAFUNCTIONROLE"


def test_a_spare_retired_before_use_ends_quietly(api: RuntimeAPI) -> None:
    runtime_end, spare_end = socket.socketpair()
    process = subprocess.Popen(
        [sys.executable, "-s", "-P", str(BOOTSTRAP)],
        env={"PATH": os.environ["PATH"], "AWS_LAMBDA_RUNTIME_API": api.address}
        | {"FACESTACK_LAMBDA_SPARE": "1"},
        stdin=spare_end.fileno(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    spare_end.close()
    runtime_end.close()

    output, _ = process.communicate(timeout=30)

    assert process.returncode == 0, output.decode()
    assert api.environments == []
