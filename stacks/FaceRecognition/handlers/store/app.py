"""Lambda entry point of the store step (``app.handler``).

Input: detect's output, or a failure record from the state machine's Catch (README.md).
"""

from __future__ import annotations

from typing import Any

from facecommon import jsonlog
from facecommon.clients import default_clients
from facecommon.config import CommonSettings, StoreSettings
from facecommon.lambda_runtime import invoke
from facecommon.metrics import Metrics
from facecommon.storage import store_event

COMMON = CommonSettings.from_env()
SETTINGS = StoreSettings.from_env()
jsonlog.configure("store", COMMON.log_level)
METRICS = Metrics(COMMON.pipeline_name)


def handler(event: Any, context: Any) -> dict[str, Any]:
    def step() -> dict[str, Any]:
        clients = default_clients()
        return store_event(event, SETTINGS, clients.s3, clients.dynamodb, METRICS)

    return invoke(step, event, context)
