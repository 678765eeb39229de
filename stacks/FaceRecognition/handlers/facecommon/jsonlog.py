"""Structured JSON logs: one JSON object per line on stdout.

Every record carries the function name and, while a request is being handled, the image id, the
Step Functions execution id and the request id, taken from context variables so that concurrent
requests of the service do not mix them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# Treated as immutable: every change sets a new dict, so the shared default is never mutated.
_EMPTY: dict[str, Any] = {}
_CONTEXT: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar(
    "facestack_log_context", default=_EMPTY
)

# Attributes every LogRecord has; anything else came in through ``extra=`` and is logged.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line with the request context merged in."""

    def __init__(self, component: str) -> None:
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "component": self.component,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_CONTEXT.get())
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, separators=(",", ":"))


class _StdoutHandler(logging.Handler):
    """Writes to whatever ``sys.stdout`` is at emit time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stdout.write(self.format(record) + "\n")
            sys.stdout.flush()
        except Exception:
            self.handleError(record)


def configure(component: str, level: str) -> None:
    """Route the root logger to stdout as JSON (replacing the Lambda runtime's handler)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = _StdoutHandler()
    handler.setFormatter(JsonFormatter(component))
    root.addHandler(handler)
    root.setLevel(level)
    # botocore logs credentials resolution and retries at INFO/DEBUG; keep them quiet.
    for noisy in ("botocore", "boto3", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


@contextlib.contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add ``fields`` (``None`` values are dropped) to every record logged inside the block."""
    merged = {**_CONTEXT.get(), **{k: v for k, v in fields.items() if v is not None}}
    token = _CONTEXT.set(merged)
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def bind(**fields: Any) -> None:
    """Add fields to the current context (for values learnt mid-request, like the image id).

    Only call it inside a ``log_context`` block or a ``scoped`` function, which undo it.
    """
    _CONTEXT.set({**_CONTEXT.get(), **{k: v for k, v in fields.items() if v is not None}})


def scoped(function: F) -> F:
    """Runs ``function`` in its own log context, so that its ``bind`` calls end with it."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with log_context():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
