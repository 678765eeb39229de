"""detect then store for one object, in process: the EC2 service's unit of work.

It is the state machine in miniature, with the same code: a rejected image is stored as a
rejection, an unexpected error is stored as a failure record (what the Catch does), and a
retryable error is reported to the caller, who may retry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .clients import Clients
from .clock import Clock, utc_now
from .config import DetectSettings, StoreSettings
from .detection import detect_image
from .errors import RetryableError
from .events import ImageRef
from .jsonlog import log_context
from .metrics import Metrics
from .storage import store_event

LOG = logging.getLogger(__name__)

OK = "OK"
REJECTED = "REJECTED"
FAILED = "FAILED"
RETRY = "RETRY"


@dataclass(frozen=True)
class Pipeline:
    """Everything one object needs: settings, clients, metrics and the clock."""

    detect: DetectSettings
    store: StoreSettings
    clients: Clients
    metrics: Metrics
    clock: Clock = utc_now

    def process(self, ref: ImageRef) -> dict[str, Any]:
        """Detects and stores one object; never raises for a problem with the object."""
        with log_context(key=ref.key, execution_id=ref.execution_id):
            try:
                detected = detect_image(
                    ref, self.detect, self.clients.s3, self.clients.rekognition, self.clock
                )
                stored = store_event(
                    detected,
                    self.store,
                    self.clients.s3,
                    self.clients.dynamodb,
                    self.metrics,
                    self.clock,
                )
            except RetryableError as error:
                LOG.warning("retryable error", extra={"error": type(error).__name__})
                return _error_result(ref, RETRY, error)
            except Exception as error:
                LOG.exception("processing failed")
                self._record_failure(ref, error)
                return _error_result(ref, FAILED, error)
            return {**detected, "stored": stored}

    def _record_failure(self, ref: ImageRef, error: Exception) -> None:
        failure = {
            "bucket": ref.bucket,
            "key": ref.key,
            "version_id": ref.version_id,
            "execution_id": ref.execution_id,
            "failure": {"Error": type(error).__name__, "Cause": str(error)},
        }
        try:
            store_event(
                failure,
                self.store,
                self.clients.s3,
                self.clients.dynamodb,
                self.metrics,
                self.clock,
            )
        except Exception:
            LOG.exception("cannot record the failure")


def _error_result(ref: ImageRef, status: str, error: Exception) -> dict[str, Any]:
    return {
        "status": status,
        "bucket": ref.bucket,
        "key": ref.key,
        "version_id": ref.version_id,
        "error": type(error).__name__,
        "message": str(error),
    }
