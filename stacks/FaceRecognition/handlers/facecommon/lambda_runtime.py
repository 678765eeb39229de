"""What every Lambda entry module does around its step: logging context and error reporting."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .errors import RetryableError
from .jsonlog import log_context

LOG = logging.getLogger(__name__)


def invoke(step: Callable[[], dict[str, Any]], event: Any, context: Any) -> dict[str, Any]:
    """Runs ``step`` with the request id and execution id in every log line.

    Retryable errors and unexpected exceptions are logged and re-raised so that Lambda reports
    them with their class name, which is what the state machine's Retry and Catch match on.
    """
    execution_id = event.get("execution_id") if isinstance(event, dict) else None
    request_id = getattr(context, "aws_request_id", None)
    with log_context(request_id=request_id, execution_id=execution_id):
        try:
            return step()
        except RetryableError as error:
            LOG.warning(
                "retryable error", extra={"error": type(error).__name__, "detail": str(error)}
            )
            raise
        except Exception:
            LOG.exception("step failed")
            raise
