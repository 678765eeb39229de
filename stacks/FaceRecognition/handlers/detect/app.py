"""Lambda entry point of the detect step (``app.handler``).

Input ``{"bucket", "key", "version_id"?, "execution_id"?}``; output the detect result documented
in README.md (``status`` ``OK`` or ``REJECTED``).
"""

from __future__ import annotations

from typing import Any

from facecommon import jsonlog
from facecommon.clients import default_clients
from facecommon.config import CommonSettings, DetectSettings
from facecommon.detection import detect_image
from facecommon.events import image_ref
from facecommon.lambda_runtime import invoke

COMMON = CommonSettings.from_env()
SETTINGS = DetectSettings.from_env()
jsonlog.configure("detect", COMMON.log_level)


def handler(event: Any, context: Any) -> dict[str, Any]:
    def step() -> dict[str, Any]:
        clients = default_clients()
        return detect_image(image_ref(event), SETTINGS, clients.s3, clients.rekognition)

    return invoke(step, event, context)
