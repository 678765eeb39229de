"""CloudWatch embedded metric format (EMF).

In Lambda an EMF document is one line on stdout; CloudWatch Logs extracts the metrics. The EC2
service sends the same documents to the CloudWatch agent's EMF endpoint when ``METRICS_ENDPOINT``
is set (``tcp://127.0.0.1:25888`` or ``udp://...``), and to stdout otherwise.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

NAMESPACE = "Facestack/FaceRecognition"
DIMENSION = "Pipeline"

# name -> unit; the contract the dashboard and the alarms use (manifest.json lists it too).
METRICS: dict[str, str] = {
    "ImagesProcessed": "Count",
    "FacesDetected": "Count",
    "FacesMatched": "Count",
    "ProcessingLatency": "Milliseconds",
    "ImagesRejected": "Count",
    "ImagesFailed": "Count",
    "FacesEnrolled": "Count",
    "EnrollmentsRejected": "Count",
}

LOG = logging.getLogger(__name__)

Sink = Callable[[str], None]


def stdout_sink(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class SocketSink:
    """Sends EMF documents to the CloudWatch agent (``tcp://host:port`` or ``udp://host:port``)."""

    def __init__(self, endpoint: str) -> None:
        parsed = urllib.parse.urlparse(endpoint)
        if parsed.scheme not in {"tcp", "udp"} or not parsed.hostname or not parsed.port:
            raise ValueError(
                f"metrics endpoint must be tcp://host:port or udp://host:port, got {endpoint!r}"
            )
        self.scheme = parsed.scheme
        self.address = (parsed.hostname, parsed.port)
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        with self._lock:
            try:
                if self.scheme == "udp":
                    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                        udp.sendto(data, self.address)
                    return
                if self._socket is None:
                    self._socket = socket.create_connection(self.address, timeout=2)
                self._socket.sendall(data)
            except OSError as error:
                # Metrics must never fail a request; the log line keeps the numbers.
                LOG.warning("cannot send metrics to the agent", extra={"error": str(error)})
                if self._socket is not None:
                    self._socket.close()
                    self._socket = None


def sink_for(endpoint: str) -> Sink:
    """The sink for a ``METRICS_ENDPOINT`` value (empty means stdout)."""
    return SocketSink(endpoint) if endpoint else stdout_sink


def document(
    pipeline: str,
    values: dict[str, float],
    properties: dict[str, Any] | None = None,
    timestamp_ms: int | None = None,
) -> dict[str, Any]:
    """One EMF document with dimension ``Pipeline`` and the given metric values."""
    unknown = set(values) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown metrics {sorted(unknown)}")
    names = sorted(values)
    doc: dict[str, Any] = {
        "_aws": {
            "Timestamp": timestamp_ms if timestamp_ms is not None else int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [[DIMENSION]],
                    "Metrics": [{"Name": name, "Unit": METRICS[name]} for name in names],
                }
            ],
        },
        DIMENSION: pipeline,
    }
    for key, value in (properties or {}).items():
        if value is not None and key not in doc:
            doc[key] = value
    for name in names:
        doc[name] = values[name]
    return doc


class Metrics:
    """Emits EMF documents for one pipeline through a sink."""

    def __init__(self, pipeline: str, sink: Sink = stdout_sink) -> None:
        self.pipeline = pipeline
        self.sink = sink

    def emit(self, values: dict[str, float], **properties: Any) -> None:
        self.sink(json.dumps(document(self.pipeline, values, properties), separators=(",", ":")))
