"""The recognition service's queue worker: one process consuming the fleet's work queue.

    venv/bin/python worker.py      (systemd runs it as facestack-worker.service)

Each message names an S3 object (the ``input/`` or ``batch/`` upload the fleet's EventBridge
rule matched); the object goes through the same detect + store code as the Lambda path
(``facecommon.pipeline``), at most ``QUEUE_CONCURRENCY`` images at once; ``facecommon.consumer``
says what happens to each message. SIGTERM or SIGINT drains: images in flight may finish for
``QUEUE_DRAIN_SECONDS``, then what is still held goes back to the queue. With
``LIFECYCLE_HOOK_NAME`` set (on the fleet's instances) the worker also watches the instance's
Auto Scaling lifecycle and, once drained on scale-in, completes the lifecycle action.

Settings come from environment variables (manifest.json ``functions.worker``); the SDK takes
its region, credentials and endpoint (``AWS_ENDPOINT_URL``) from the environment too, so the
same process runs against AWS or a local emulator. One process is one worker: start N of them
for N workers.
"""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType

from facecommon import jsonlog
from facecommon.clients import default_clients, worker_clients
from facecommon.config import CommonSettings, DetectSettings, StoreSettings, WorkerSettings
from facecommon.consumer import QueueConsumer
from facecommon.lifecycle import (
    INSTANCE_ID_PATH,
    InstanceMetadata,
    LifecycleWatcher,
    MetadataError,
    complete_lifecycle_action,
)
from facecommon.metrics import Metrics, sink_for
from facecommon.pipeline import Pipeline

LOG = logging.getLogger("facestack.worker")


def main() -> int:
    """Runs one worker until SIGTERM, SIGINT or scale-in; 0 after a clean drain."""
    common = CommonSettings.from_env()
    settings = WorkerSettings.from_env()
    jsonlog.configure("worker", common.log_level)
    pipeline = Pipeline(
        detect=DetectSettings.from_env(),
        store=StoreSettings.from_env(),
        # One connection per image in flight and service, plus the face searches of an image.
        clients=default_clients(max_pool_connections=settings.concurrency * 4),
        metrics=Metrics(common.pipeline_name, sink_for(settings.metrics_endpoint)),
    )
    clients = worker_clients(max_pool_connections=settings.concurrency + 4)
    consumer = QueueConsumer(clients.sqs, settings, pipeline.process)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        LOG.info("signal received: draining", extra={"signal": signal.Signals(signum).name})
        consumer.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    watcher: LifecycleWatcher | None = None
    metadata = InstanceMetadata(settings.metadata_endpoint)
    if settings.lifecycle_hook_name:
        watcher = LifecycleWatcher(metadata, consumer.stop)
        watcher.start()

    consumer.run()

    if watcher is None:
        return 0
    watcher.stop()
    if not watcher.terminating.is_set():
        return 0
    try:
        instance_id = metadata.get(INSTANCE_ID_PATH)
    except MetadataError as error:
        LOG.error(
            "cannot read the instance id; the hook's timeout ends the wait",
            extra={"error": str(error)},
        )
        return 1
    completed = complete_lifecycle_action(
        clients.autoscaling,
        settings.lifecycle_hook_name,
        settings.autoscaling_group_name,
        instance_id,
    )
    return 0 if completed else 1


if __name__ == "__main__":
    sys.exit(main())
