"""Lambda entry point of enrollment (``app.handler``), invoked by the ``enroll/`` EventBridge rule.

Input: the EventBridge ``Object Created`` event (or ``{"bucket", "key"}``).
"""

from __future__ import annotations

from typing import Any

from facecommon import jsonlog
from facecommon.clients import default_clients
from facecommon.config import CommonSettings, EnrollSettings
from facecommon.enrollment import enroll_image
from facecommon.events import image_ref
from facecommon.lambda_runtime import invoke
from facecommon.metrics import Metrics

COMMON = CommonSettings.from_env()
SETTINGS = EnrollSettings.from_env()
jsonlog.configure("enroll", COMMON.log_level)
METRICS = Metrics(COMMON.pipeline_name)


def handler(event: Any, context: Any) -> dict[str, Any]:
    def step() -> dict[str, Any]:
        clients = default_clients()
        return enroll_image(
            image_ref(event), SETTINGS, clients.s3, clients.rekognition, clients.dynamodb, METRICS
        )

    return invoke(step, event, context)
