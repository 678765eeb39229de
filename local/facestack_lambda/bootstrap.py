"""A Lambda execution environment's runtime for Python, as the local cloud runs it.

It speaks AWS Lambda's Runtime API (``GET /2018-06-01/runtime/invocation/next``, ``POST
.../response``, ``POST .../error``, ``POST /2018-06-01/runtime/init/error``) to the address in
``AWS_LAMBDA_RUNTIME_API``, exactly as Lambda's own runtime interface client does, so the
function's code runs unchanged: ``_HANDLER`` (``app.handler``) is imported from
``LAMBDA_TASK_ROOT`` once (the cold start), then called once per invocation with the event and a
context object (request id, function name and ARN, memory, log group and stream, remaining
time). An unhandled exception is reported in Lambda's error shape (``errorType``,
``errorMessage``, ``stackTrace``), so Step Functions' ``Retry`` and ``Catch`` match the
exception's class name as on AWS. The local runtime enforces the timeout by ending this process.

Every request carries ``Facestack-Environment`` (``FACESTACK_LAMBDA_ENVIRONMENT``) so that one
runtime can serve many execution environments on one port. Standard output and standard error
share one pipe to the runtime, which writes them to the function's log group; after each
invocation the bootstrap writes a marker line (``MARKER`` and the request id) once the
function's own output is flushed, so the runtime knows which lines belong to which invocation.

A spare (``FACESTACK_LAMBDA_SPARE=1``) is started before any function needs it, with nothing
of a function's — no credentials, no code on its path — and imports the Lambda runtime's boto3
(``PYTHONPATH``) while it waits. The runtime hands it to the next cold start: one JSON line on
standard input, ``{"environment": {...}, "cwd": "..."}``, becomes its environment, working
directory and path, and it goes on as a fresh process would. A function whose own path carries
a module the spare has already imported (``boto3``, ``urllib3``, ...) of its own, or variables
read only when an interpreter starts (``PYTHON*``, ``LD_*``, the locale, botocore's import-time
switches) that differ from the spare's, gets a fresh interpreter instead (``execve``), so it
runs as it would on Lambda.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
import urllib.request
from typing import Any

API = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
ENVIRONMENT = os.environ.get("FACESTACK_LAMBDA_ENVIRONMENT", "")
MARKER = "\x1efacestack-end "
# Variables an interpreter (or botocore's import) reads once, at its start.
STARTUP_PREFIXES = ("PYTHON", "LD_", "LC_")
STARTUP_VARIABLES = frozenset({"LANG", "LANGUAGE", "AWS_NEW_RETRIES_2026", "BOTO_DISABLE_CRT"})


class LambdaContext:
    """The context object Lambda passes to a Python handler."""

    def __init__(self, request_id: str, deadline_ms: int, function_arn: str) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _init_error(error: BaseException) -> dict[str, Any]:
    """Lambda's names for what goes wrong before the first invocation."""
    document = _error(error)
    handler = os.environ.get("_HANDLER", "")
    module, _, function = handler.rpartition(".")
    if isinstance(error, SyntaxError):
        document["errorType"] = "Runtime.UserCodeSyntaxError"
    elif isinstance(error, ImportError) and not isinstance(error, AttributeError):
        document["errorType"] = "Runtime.ImportModuleError"
        document["errorMessage"] = f"Unable to import module '{module}': {error}"
    elif isinstance(error, AttributeError) and function in str(error):
        document["errorType"] = "Runtime.HandlerNotFound"
        document["errorMessage"] = f"Handler '{function}' missing on module '{module}'"
    return document


def _request(
    method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(  # noqa: S310 (the runtime's own loopback address)
        API + path, data=body, method=method
    )
    request.add_header("Facestack-Environment", ENVIRONMENT)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=None) as response:  # noqa: S310
        return dict(response.headers.items()), response.read()


def _error(error: BaseException) -> dict[str, Any]:
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)),
    }


def _post_error(path: str, error: BaseException) -> None:
    document = _init_error(error)
    _request(
        "POST",
        path,
        json.dumps(document).encode(),
        {"Lambda-Runtime-Function-Error-Type": f"Runtime.{document['errorType']}"},
    )


def _end(request_id: str) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, f"{MARKER}{request_id}\n".encode())


def _load_handler() -> Any:
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    module_name, _, function_name = os.environ["_HANDLER"].rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, function_name)


def _become_assigned() -> None:
    """A spare's wait: boto3 imported, then its function's configuration from standard input."""
    global ENVIRONMENT

    # What the spare saves the cold start (Python's own start is the rest).
    for module in ("boto3", "boto3.session", "botocore.session"):
        importlib.import_module(module)

    line = sys.stdin.readline()
    if not line:  # the runtime retired the spare before using it
        raise SystemExit(0)
    assigned = json.loads(line)
    environment: dict[str, str] = assigned["environment"]
    os.chdir(assigned["cwd"])
    path = [entry for entry in environment.get("PYTHONPATH", "").split(":") if entry]
    added = [entry for entry in path if entry not in sys.path]
    if _shadows_imported(added) or _startup_differs(environment):
        # A fresh interpreter imports the function's own modules and reads those variables.
        command = [sys.executable, "-s", "-P", __file__]
        os.execve(sys.executable, command, environment)  # noqa: S606 (this bootstrap, again)
    os.environ.clear()
    os.environ.update(environment)
    time.tzset()
    sys.path[:0] = added
    sys.stdin.close()
    ENVIRONMENT = environment.get("FACESTACK_LAMBDA_ENVIRONMENT", "")


def _shadows_imported(entries: list[str]) -> bool:
    """Whether a path entry provides a top-level module the spare has imported already."""
    imported = {name.partition(".")[0] for name in sys.modules}
    for entry in entries:
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            module = name.partition(".")[0]
            is_module = name.endswith((".py", ".so", ".pyc")) or os.path.isdir(
                os.path.join(entry, name)
            )
            if is_module and module in imported:
                return True
    return False


def _startup_differs(environment: dict[str, str]) -> bool:
    """Whether the function's variables read at an interpreter's start differ from the spare's.

    Only the function's own are compared: the runtime starts spares and functions with the same
    base variables, so one the spare has and the function lacks was set by the interpreter
    itself (``LC_CTYPE=C.UTF-8``, PEP 538's locale coercion), as a fresh one would set it."""
    return any(
        value != os.environ.get(name)
        for name, value in environment.items()
        if (name.startswith(STARTUP_PREFIXES) or name in STARTUP_VARIABLES) and name != "PYTHONPATH"
    )


def main() -> None:
    if os.environ.get("FACESTACK_LAMBDA_SPARE") == "1":
        _become_assigned()
    try:
        handler = _load_handler()
    except Exception as error:  # an init error ends the environment, as on Lambda
        sys.stderr.write(json.dumps(_init_error(error)) + "\n")
        _post_error("/init/error", error)
        raise SystemExit(1) from error
    while True:
        headers, body = _request("GET", "/invocation/next")
        request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        context = LambdaContext(
            request_id,
            int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
            headers.get("Lambda-Runtime-Invoked-Function-Arn", ""),
        )
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("Lambda-Runtime-Trace-Id", "")
        started = time.monotonic()
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            payload = json.dumps(result).encode()
        except Exception as error:
            elapsed = f"{(time.monotonic() - started) * 1000:.3f}"
            document = _error(error)
            document["requestId"] = request_id
            sys.stderr.write(json.dumps(document) + "\n")
            _end(request_id)
            _request(
                "POST",
                f"/invocation/{request_id}/error",
                json.dumps(document).encode(),
                {
                    "Lambda-Runtime-Function-Error-Type": "Unhandled",
                    "Facestack-Duration-Ms": elapsed,
                },
            )
            continue
        elapsed = f"{(time.monotonic() - started) * 1000:.3f}"
        _end(request_id)
        _request(
            "POST",
            f"/invocation/{request_id}/response",
            payload,
            {"Facestack-Duration-Ms": elapsed},
        )


if __name__ == "__main__":
    main()
