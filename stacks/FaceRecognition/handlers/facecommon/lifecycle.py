"""Scale-in for the queue worker: the instance's Auto Scaling lifecycle, read through IMDSv2.

The group has a termination lifecycle hook. When Auto Scaling picks an instance to terminate
(scale-in, an instance refresh, a failed health check) the instance waits in
``Terminating:Wait`` and its metadata's ``autoscaling/target-lifecycle-state`` turns
``Terminated``. :class:`LifecycleWatcher` polls it and stops the consumer; once the consumer has
drained, the worker completes the lifecycle action (``CONTINUE``) and the instance terminates.
Should the worker never get there, the hook's heartbeat timeout ends the wait with its default
result, and systemd's SIGTERM at shutdown drains what is left.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

LOG = logging.getLogger(__name__)

TARGET_STATE_PATH = "autoscaling/target-lifecycle-state"
INSTANCE_ID_PATH = "instance-id"
TERMINATED = "Terminated"
TOKEN_TTL_SECONDS = 21600


class MetadataError(RuntimeError):
    """The instance metadata service did not answer as expected."""


class InstanceMetadata:
    """A small IMDSv2 client: a session token, then ``GET /latest/meta-data/<path>``."""

    def __init__(self, endpoint: str, timeout: float = 2.0) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise ValueError(f"metadata endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self._token: str | None = None
        self._token_expires = 0.0

    def _open(self, path: str, method: str, headers: dict[str, str]) -> str:
        url = self.endpoint + path
        # The scheme is checked in __init__: only http(s) to the metadata endpoint.
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body: bytes = response.read()
        except (urllib.error.URLError, OSError) as error:
            raise MetadataError(f"{url}: {error}") from error
        return body.decode("utf-8").strip()

    def token(self) -> str:
        """A session token, renewed before it expires."""
        if self._token is None or time.monotonic() >= self._token_expires:
            self._token = self._open(
                "/latest/api/token",
                "PUT",
                {"X-aws-ec2-metadata-token-ttl-seconds": str(TOKEN_TTL_SECONDS)},
            )
            self._token_expires = time.monotonic() + TOKEN_TTL_SECONDS - 60
        return self._token

    def get(self, path: str) -> str:
        """The metadata item at ``path`` (``instance-id``)."""
        return self._open(
            f"/latest/meta-data/{path}", "GET", {"X-aws-ec2-metadata-token": self.token()}
        )


class LifecycleWatcher:
    """Polls the instance's target lifecycle state and calls ``on_terminating`` once."""

    def __init__(
        self, metadata: InstanceMetadata, on_terminating: Callable[[], None], period: float = 5.0
    ) -> None:
        self.metadata = metadata
        self.on_terminating = on_terminating
        self.period = period
        self.terminating = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lifecycle", daemon=True)
        self._last_error: str | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def check(self) -> bool:
        """Reads the state once; true (and ``on_terminating`` called) when it is Terminated."""
        try:
            state = self.metadata.get(TARGET_STATE_PATH)
        except MetadataError as error:
            if str(error) != self._last_error:
                LOG.warning("cannot read the target lifecycle state", extra={"error": str(error)})
                self._last_error = str(error)
            return False
        self._last_error = None
        if state != TERMINATED:
            return False
        if not self.terminating.is_set():
            LOG.info("the instance is leaving its Auto Scaling group: draining")
            self.terminating.set()
            self.on_terminating()
        return True

    def _run(self) -> None:
        while not self._stopped.wait(self.period):
            if self.check():
                return


def complete_lifecycle_action(
    autoscaling: Any, hook_name: str, group_name: str, instance_id: str
) -> bool:
    """Lets Auto Scaling terminate the instance now that the worker has drained."""
    try:
        autoscaling.complete_lifecycle_action(
            LifecycleHookName=hook_name,
            AutoScalingGroupName=group_name,
            InstanceId=instance_id,
            LifecycleActionResult="CONTINUE",
        )
    except (ClientError, BotoCoreError) as error:
        LOG.error(
            "cannot complete the lifecycle action; the hook's timeout will",
            extra={"error": str(error), "instance_id": instance_id},
        )
        return False
    LOG.info("lifecycle action completed", extra={"instance_id": instance_id, "hook": hook_name})
    return True
