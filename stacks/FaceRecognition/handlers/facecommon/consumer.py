"""The fleet's queue worker: each message of the work queue through the same detect + store.

One consumer runs per worker process. Whenever it has a free slot (at most ``concurrency``
images in flight) it long-polls the queue for up to ``batch_size`` messages, runs each message's
image in a thread of its own through :class:`~facecommon.pipeline.Pipeline` (the same code as the
Lambda path and ``POST /recognize``), then settles the message (with short polling,
``QUEUE_WAIT_SECONDS=0``, an empty receive is followed by a short pause, never by a spin):

============== ===================================================================================
outcome        the message
============== ===================================================================================
OK, REJECTED   deleted: the result, or the typed rejection, is stored
RETRY, FAILED  kept, and visible again after a backoff (2, 4, 8, ... seconds, at most 300); after
               the queue's ``maxReceiveCount`` receives SQS moves it to the dead-letter queue
malformed      kept and made visible at once (a poison message): it reaches the dead-letter queue
               after ``maxReceiveCount`` quick receives
============== ===================================================================================

While an image is processed a heartbeat extends its message's visibility, so a slow image is
never handed to a second worker. :meth:`QueueConsumer.stop` (SIGTERM, or the instance leaving
its Auto Scaling group) ends receiving: images in flight get ``drain_seconds`` to finish, then
whatever the worker still holds is returned to the queue (visibility 0) for another worker.
The store step is idempotent per image id, so a message delivered twice writes the same rows.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .config import WorkerSettings
from .errors import InvalidEventError
from .events import ImageRef, image_ref
from .jsonlog import log_context
from .pipeline import OK, REJECTED

LOG = logging.getLogger(__name__)

MAX_RETRY_DELAY_SECONDS = 300
RECEIVE_ERROR_DELAYS_SECONDS = (1, 2, 5, 10, 20)
# How long the drain waits for a message whose delete or visibility change is under way.
SETTLE_GRACE_SECONDS = 10.0
# With short polling (QUEUE_WAIT_SECONDS=0) an empty receive returns at once: the pause before
# the next one keeps an idle worker from spinning (and from starving its own image threads).
EMPTY_SHORT_POLL_PAUSE_SECONDS = 0.1

DELETE = "delete"
BACKOFF = "backoff"
POISON = "poison"

PROCESSING = "processing"
SETTLED = "settled"
RETURNED = "returned"

Process = Callable[[ImageRef], dict[str, Any]]


def retry_delay(receive_count: int) -> int:
    """Seconds before a message whose image must be retried is visible again."""
    return int(min(MAX_RETRY_DELAY_SECONDS, 2 ** max(1, min(receive_count, 16))))


def message_image(body: str, message_id: str) -> ImageRef:
    """The object a message names; its execution id is the message's (stable across receives).

    The body is the execution input the rule's input transformer writes
    (``{"bucket", "key", "version_id"}``) or, for messages sent by hand, a whole EventBridge
    ``Object Created`` event.
    """
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise InvalidEventError(f"message body is not JSON: {error}") from None
    ref = image_ref(payload)
    return dataclasses.replace(ref, execution_id=ref.execution_id or f"sqs:{message_id}")


@dataclasses.dataclass
class Held:
    """A message this worker holds; ``lock`` orders its visibility changes and its settling."""

    message_id: str
    receipt_handle: str
    receive_count: int
    visible_until: float
    state: str = PROCESSING
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


class QueueConsumer:
    """Receives, processes and settles the work queue's messages until stopped."""

    def __init__(
        self,
        sqs: Any,
        settings: WorkerSettings,
        process: Process,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sqs = sqs
        self._settings = settings
        self._process = process
        self._monotonic = monotonic
        self._held: dict[str, Held] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._finished = threading.Event()
        self._stop_requested_at: float | None = None
        self._counts_lock = threading.Lock()
        self.counts = {"received": 0, DELETE: 0, BACKOFF: 0, POISON: 0, RETURNED: 0}

    def stop(self) -> None:
        """Ends receiving and starts the drain; safe to call from a signal handler."""
        if self._stop_requested_at is None:
            self._stop_requested_at = self._monotonic()
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def held(self) -> int:
        """Messages held right now."""
        with self._changed:
            return len(self._held)

    def run(self) -> None:
        """Consumes until :meth:`stop`, then drains; returns when nothing is held any more."""
        heartbeat = threading.Thread(target=self._heartbeat, name="visibility", daemon=True)
        heartbeat.start()
        LOG.info(
            "worker started",
            extra={
                "queue_url": self._settings.queue_url,
                "concurrency": self._settings.concurrency,
                "batch_size": self._settings.batch_size,
                "visibility_timeout": self._settings.visibility_timeout,
            },
        )
        errors = 0
        try:
            while not self._stopping.is_set():
                free = self._free_slots()
                if free == 0:
                    continue
                try:
                    messages = self._receive(min(free, self._settings.batch_size))
                except (ClientError, BotoCoreError) as error:
                    delay = RECEIVE_ERROR_DELAYS_SECONDS[
                        min(errors, len(RECEIVE_ERROR_DELAYS_SECONDS) - 1)
                    ]
                    errors += 1
                    LOG.error(
                        "cannot receive from the work queue",
                        extra={"error": str(error), "retry_in_seconds": delay},
                    )
                    self._stopping.wait(delay)
                    continue
                errors = 0
                for message in messages:
                    self._start(message)
                if not messages and self._settings.wait_seconds == 0:
                    self._stopping.wait(EMPTY_SHORT_POLL_PAUSE_SECONDS)
        finally:
            self._drain()
            self._finished.set()
            heartbeat.join(timeout=5)
        with self._counts_lock:
            counts = dict(self.counts)
        LOG.info("worker stopped", extra={"counts": counts})

    # -- receiving -------------------------------------------------------------------------

    def _free_slots(self) -> int:
        with self._changed:
            while len(self._held) >= self._settings.concurrency and not self._stopping.is_set():
                self._changed.wait(timeout=0.2)
            return 0 if self._stopping.is_set() else self._settings.concurrency - len(self._held)

    def _receive(self, count: int) -> list[dict[str, Any]]:
        response = self.sqs.receive_message(
            QueueUrl=self._settings.queue_url,
            MaxNumberOfMessages=count,
            WaitTimeSeconds=self._settings.wait_seconds,
            VisibilityTimeout=self._settings.visibility_timeout,
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
        messages: list[dict[str, Any]] = response.get("Messages", [])
        self._count("received", len(messages))
        return messages

    def _start(self, message: dict[str, Any]) -> None:
        attributes = message.get("Attributes", {})
        held = Held(
            message_id=message["MessageId"],
            receipt_handle=message["ReceiptHandle"],
            receive_count=int(attributes.get("ApproximateReceiveCount", "1")),
            visible_until=self._monotonic() + self._settings.visibility_timeout,
        )
        with self._changed:
            self._held[held.message_id] = held
        if self._stopping.is_set():
            # Received by the poll that was under way when the stop came: never started.
            self._return(held)
            self._forget(held)
            return
        body = message.get("Body", "")
        worker = threading.Thread(
            target=self._work, args=(held, body), name=f"image-{held.message_id}", daemon=True
        )
        worker.start()

    # -- one message -----------------------------------------------------------------------

    def _work(self, held: Held, body: str) -> None:
        with log_context(message_id=held.message_id, receive_count=held.receive_count):
            try:
                disposition = self._handle(held, body)
                self._settle(held, disposition)
            except Exception:
                LOG.exception("worker thread failed; the message returns after its timeout")
            finally:
                self._forget(held)

    def _handle(self, held: Held, body: str) -> str:
        try:
            ref = message_image(body, held.message_id)
        except InvalidEventError as error:
            LOG.error(
                "malformed message, left for the dead-letter queue", extra={"error": str(error)}
            )
            return POISON
        try:
            result = self._process(ref)
        except Exception:
            # Pipeline.process reports problems of the object as results; this is a bug.
            LOG.exception("processing raised")
            return BACKOFF
        status = result.get("status")
        if status in (OK, REJECTED):
            return DELETE
        LOG.warning(
            "image not stored, the message will be retried",
            extra={"status": status, "error": result.get("error"), "key": ref.key},
        )
        return BACKOFF

    def _settle(self, held: Held, disposition: str) -> None:
        with held.lock:
            if held.state != PROCESSING:
                return  # the drain returned it to the queue already
            held.state = SETTLED
            if disposition == DELETE:
                done = self._call(
                    "delete_message",
                    QueueUrl=self._settings.queue_url,
                    ReceiptHandle=held.receipt_handle,
                )
            else:
                delay = retry_delay(held.receive_count) if disposition == BACKOFF else 0
                done = self._call(
                    "change_message_visibility",
                    QueueUrl=self._settings.queue_url,
                    ReceiptHandle=held.receipt_handle,
                    VisibilityTimeout=delay,
                )
        if done:
            self._count(disposition)

    def _return(self, held: Held) -> None:
        """Makes a held message visible again at once, unless it was settled already."""
        with held.lock:
            if held.state != PROCESSING:
                return
            held.state = RETURNED
            if self._call(
                "change_message_visibility",
                QueueUrl=self._settings.queue_url,
                ReceiptHandle=held.receipt_handle,
                VisibilityTimeout=0,
            ):
                self._count(RETURNED)
                LOG.info("message returned to the queue", extra={"message_id": held.message_id})

    def _count(self, name: str, amount: int = 1) -> None:
        with self._counts_lock:
            self.counts[name] += amount

    def _forget(self, held: Held) -> None:
        with self._changed:
            self._held.pop(held.message_id, None)
            self._changed.notify_all()

    def _call(self, operation: str, **arguments: Any) -> bool:
        try:
            if operation == "delete_message":
                self.sqs.delete_message(**arguments)
            else:
                self.sqs.change_message_visibility(**arguments)
        except (ClientError, BotoCoreError) as error:
            # An expired receipt handle: the message is visible again and another receive
            # gets it; storing is idempotent, so nothing is lost or doubled.
            LOG.warning(operation + " failed", extra={"error": str(error)})
            return False
        return True

    # -- visibility and drain --------------------------------------------------------------

    def _heartbeat(self) -> None:
        timeout = self._settings.visibility_timeout
        period = max(0.2, timeout / 4)
        while not self._finished.wait(period):
            now = self._monotonic()
            with self._changed:
                due = [h for h in self._held.values() if h.visible_until - now < timeout / 2]
            for held in due:
                with held.lock:
                    if held.state != PROCESSING:
                        continue
                    if self._call(
                        "change_message_visibility",
                        QueueUrl=self._settings.queue_url,
                        ReceiptHandle=held.receipt_handle,
                        VisibilityTimeout=timeout,
                    ):
                        held.visible_until = now + timeout

    def _drain(self) -> None:
        started = self._stop_requested_at or self._monotonic()
        deadline = started + self._settings.drain_seconds
        with self._changed:
            while self._held and self._monotonic() < deadline:
                self._changed.wait(timeout=min(0.2, max(0.0, deadline - self._monotonic())))
            pending = list(self._held.values())
        if pending:
            LOG.warning(
                "drain time is up, returning what is still in flight",
                extra={"messages": len(pending), "drain_seconds": self._settings.drain_seconds},
            )
        for held in pending:
            self._return(held)
        grace = self._monotonic() + SETTLE_GRACE_SECONDS
        with self._changed:
            while any(h.state == SETTLED for h in self._held.values()):
                if self._monotonic() >= grace:
                    break
                self._changed.wait(timeout=0.2)
