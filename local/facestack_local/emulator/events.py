"""EventBridge events as AWS sends them, from S3 and from PutEvents.

moto's S3 → EventBridge message is not AWS's (its `eTag`, a fixed request id, sequencer and
source address, a float `time`, `reason: ObjectCreated`, every bus instead of the default one,
input transformers skipped) and it sends no event for a delete marker. Here:

- S3 events are AWS's shape (`Object Created` / `Object Deleted`, detail `bucket.name`,
  `object.key`/`size`/`etag`/`version-id`/`sequencer`, `request-id`, `requester`,
  `source-ip-address`, `reason`, `deletion-type`), go to the default bus only, and carry the real
  version id on versioned buckets (no `version-id` on unversioned ones, as S3 does).
- PutEvents builds AWS's envelope (id, ISO 8601 time) for each entry.
- Without an event hook, moto delivers to the bus's rules (pattern, input transformer, SQS and
  the other targets moto has). With `--event-hook URL`, moto delivers nothing: every event is
  POSTed as `{"eventBusName": ..., "event": {...}}` to URL, in order, by one background thread,
  retried three times (0.2 s, 0.5 s, 1 s apart); a failure is logged and dropped.
"""

from __future__ import annotations

import copy
import itertools
import json
import logging
import queue
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import Any, cast

from . import context

LOG = logging.getLogger("facestack.events")

CREATED_REASONS = {
    "s3:ObjectCreated:Put": "PutObject",
    "s3:ObjectCreated:Post": "POST Object",
    "s3:ObjectCreated:Copy": "CopyObject",
    "s3:ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
}
_sequence = itertools.count(1)


def iso_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sequencer() -> str:
    """Increasing, like S3's: a hexadecimal string that sorts by event order."""
    return f"{time.time_ns():016X}{next(_sequence) % 0x10000:04X}"


def s3_event(account: str, event_name: str, bucket: Any, key: Any) -> dict[str, Any]:
    """The EventBridge event S3 sends for `event_name` on `key` of `bucket`."""
    from moto.s3.notifications import _detail_type

    request = context.current()
    versioned = bucket.versioning_status in ("Enabled", "Suspended")
    obj: dict[str, Any] = {"key": key.name}
    detail: dict[str, Any] = {"version": "0", "bucket": {"name": bucket.name}, "object": obj}
    detail_type = _detail_type(event_name)
    if detail_type == "Object Created":
        obj["size"] = key.size
        obj["etag"] = key.etag.replace('"', "")
    version = getattr(key, "version_id", None)
    if versioned and version:
        obj["version-id"] = str(version)
    obj["sequencer"] = sequencer()
    detail["request-id"] = request.request_id if request else uuid.uuid4().hex[:16].upper()
    detail["requester"] = request.account if request else account
    detail["source-ip-address"] = request.source_ip if request else "127.0.0.1"
    if detail_type == "Object Created":
        detail["reason"] = CREATED_REASONS.get(event_name, "PutObject")
    elif detail_type == "Object Deleted":
        if "LifecycleExpiration" in event_name:
            detail["reason"] = "Lifecycle Expiration"
        else:
            detail["reason"] = "DeleteObject"
        marker = event_name.endswith("DeleteMarkerCreated")
        detail["deletion-type"] = "Delete Marker Created" if marker else "Permanently Deleted"
    else:
        detail["reason"] = event_name.split(":")[1]
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": "aws.s3",
        "account": account,
        "time": iso_now(),
        "region": bucket.region_name,
        "resources": [bucket.arn],
        "detail": detail,
    }


class Delivery:
    """Where events go: moto's rules, or the hook."""

    def __init__(self, hook: str | None = None) -> None:
        self.hook = hook
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        if hook:
            self._thread = threading.Thread(target=self._post_all, name="event-hook", daemon=True)
            self._thread.start()

    def send(self, account: str, region: str, bus_name: str, event: dict[str, Any]) -> None:
        if self.hook:
            self._queue.put((bus_name, event))
            return
        from moto.events.models import events_backends

        backend = events_backends[account][region]
        bus = backend.event_buses.get(bus_name)
        if bus is None:
            return
        for rule in list(bus.rules.values()):
            if rule.state != "ENABLED" or not rule.event_pattern.matches_event(cast(Any, event)):
                continue
            for target in rule.targets:
                try:
                    deliver_to_target(rule, target, copy.deepcopy(event))
                except Exception:
                    LOG.exception("delivering %s to %s of rule %s failed", event.get("id"),
                                  target.get("Arn"), rule.name)

    def _post_all(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            bus_name, event = item
            body = json.dumps({"eventBusName": bus_name, "event": event}).encode()
            for attempt, pause in enumerate((0.2, 0.5, 1.0, None)):
                try:
                    request = urllib.request.Request(  # noqa: S310 - the configured hook
                        str(self.hook), data=body, method="POST",
                        headers={"Content-Type": "application/json"},
                    )
                    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                        response.read()
                    break
                except (urllib.error.URLError, OSError) as error:
                    if pause is None:
                        LOG.warning("event hook: dropped event %s after %d attempts: %s",
                                    event.get("id"), attempt + 1, error)
                    else:
                        time.sleep(pause)

    def drain(self, timeout: float = 5.0) -> None:
        """Posts what is queued, then stops the hook thread (used at shutdown)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)


DELIVERY = Delivery()


def configure(hook: str | None) -> Delivery:
    global DELIVERY
    DELIVERY = Delivery(hook)
    return DELIVERY


def _path_value(path: str, event: dict[str, Any]) -> Any:
    from jsonpath_ng.ext import parse  # type: ignore[attr-defined]

    found = parse(path).find(event)
    return found[0].value if found else None


def transform(transformer: dict[str, Any], event: dict[str, Any], rule_name: str,
              rule_arn: str) -> str:
    """EventBridge's input transformer: each `<name>` of the template becomes the value of its
    path in the event; inside a JSON string as its raw text, elsewhere as a JSON value (strings
    quoted, a missing path `null`). Predefined names: `aws.events.rule-arn`,
    `aws.events.rule-name`, `aws.events.event.ingestion-time`, `aws.events.event` and
    `aws.events.event.json`."""
    values: dict[str, Any] = {name: _path_value(path, event)
                              for name, path in transformer.get("InputPathsMap", {}).items()}
    values.update({"aws.events.rule-arn": rule_arn, "aws.events.rule-name": rule_name,
                   "aws.events.event.ingestion-time": event["time"],
                   "aws.events.event": event, "aws.events.event.json": event})
    template = str(transformer.get("InputTemplate", ""))
    out: list[str] = []
    in_string, index = False, 0
    while index < len(template):
        char = template[index]
        if char == "\\" and in_string:
            out.append(template[index:index + 2])
            index += 2
            continue
        if char == '"':
            in_string = not in_string
        elif char == "<":
            close = template.find(">", index)
            name = template[index + 1:close] if close > 0 else ""
            if name in values:
                value = values[name]
                if in_string:
                    out.append(value if isinstance(value, str) else json.dumps(value))
                else:
                    out.append(json.dumps(value))
                index = close + 1
                continue
        out.append(char)
        index += 1
    return "".join(out)


def target_input(rule: Any, target: dict[str, Any], event: dict[str, Any]) -> str:
    """The text a rule target receives: `Input` as given, the JSON of the event's `InputPath`,
    the `InputTransformer`'s output, or the whole event (EventBridge's rules)."""
    if "Input" in target:
        return str(target["Input"])
    if "InputPath" in target:
        return json.dumps(_path_value(target["InputPath"], event))
    if target.get("InputTransformer"):
        return transform(target["InputTransformer"], event, rule.name, rule.arn)
    return json.dumps(event)


def deliver_to_target(rule: Any, target: dict[str, Any], event: dict[str, Any]) -> None:
    """The targets moto can hold: SQS queues, log groups, other buses, archives. Functions and
    state machines are the runtime's (with --event-hook); moto runs neither."""
    from moto.core.utils import unix_time_millis
    from moto.events.models import events_backends
    from moto.logs.models import logs_backends
    from moto.sqs.models import sqs_backends
    from moto.utilities.arns import parse_arn

    arn = parse_arn(target["Arn"])
    if arn.service == "events" and not arn.resource_type:
        # moto's archives are rules whose input template names the archive
        template = target.get("InputTransformer", {}).get("InputTemplate", "")
        found = re.search(r'"archive-arn": "([^"]+)"', template)
        if found:
            rule._send_to_events_archive(parse_arn(found.group(1)).resource_id, event)
        return
    body = target_input(rule, target, event)
    if arn.service == "sqs":
        group = target.get("SqsParameters", {}).get("MessageGroupId")
        sqs_backends[arn.account][arn.region].send_message(
            queue_name=arn.resource_id, message_body=body, group_id=group)
    elif arn.service == "logs" and arn.resource_type == "log-group":
        logs = logs_backends[arn.account][arn.region]
        stream = str(uuid.uuid4())
        logs.create_log_stream(arn.resource_id, stream)
        logs.put_log_events(arn.resource_id, stream,
                            [{"timestamp": unix_time_millis(), "message": body}])
    elif arn.service == "events" and arn.resource_type == "event-bus":
        events_backends[arn.account][arn.region].put_events([{
            "Source": event["source"], "DetailType": event["detail-type"],
            "Detail": json.dumps(event["detail"]), "Resources": event.get("resources", []),
            "EventBusName": arn.resource_id}])
    else:
        LOG.info("rule %s: target %s is not delivered by the emulator", rule.name,
                 target["Arn"])


def send_s3_event(account_id: str, bucket: Any, event_name: str, key: Any) -> None:
    """Replaces moto.s3.notifications._send_event_bridge_message."""
    request = context.current()
    if "ObjectTagging" in event_name and request is not None and "tagging" not in request.query:
        return  # moto applies a PutObject's tags through its tagging call: S3 sends no event
    try:
        event = s3_event(account_id, event_name, bucket, key)
        DELIVERY.send(account_id, bucket.region_name, "default", event)
    except Exception:
        LOG.exception("S3 event %s for s3://%s/%s failed", event_name, bucket.name, key.name)


def put_events(self: Any, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replaces moto's EventsBackend.put_events: the same validation and answers, AWS's
    envelope, delivery through `DELIVERY`."""
    from moto.events.exceptions import ValidationException

    if len(events) > 10:
        raise ValidationException(
            "1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed "
            "to satisfy constraint: Member must have length less than or equal to 10"
        )
    entries: list[dict[str, Any]] = []
    for entry in events:
        missing = next((name for name in ("Source", "DetailType", "Detail")
                        if not entry.get(name)), None)
        if missing:
            entries.append({
                "ErrorCode": "InvalidArgument",
                "ErrorMessage": f"Parameter {missing} is not valid. Reason: {missing} is a "
                "required argument.",
            })
            continue
        try:
            detail = json.loads(entry["Detail"])
        except ValueError:
            entries.append({"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."})
            continue
        bus_name = self._normalize_event_bus_arn(entry.get("EventBusName"))
        self.describe_event_bus(bus_name)
        event_id = str(uuid.uuid4())
        entries.append({"EventId": event_id})
        event = {
            "version": "0",
            "id": event_id,
            "detail-type": entry["DetailType"],
            "source": entry["Source"],
            "account": self.account_id,
            "time": _event_time(entry.get("Time")),
            "region": self.region_name,
            "resources": entry.get("Resources", []),
            "detail": detail,
        }
        DELIVERY.send(self.account_id, self.region_name, bus_name, event)
    return entries


def _event_time(value: Any) -> str:
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, str) and value:
        return value
    return iso_now()


def install() -> None:
    """Puts these in moto's place."""
    from moto.events.models import EventsBackend
    from moto.s3 import notifications
    from moto.s3.models import S3Backend

    notifications._send_event_bridge_message = send_s3_event
    EventsBackend.put_events = put_events  # type: ignore[method-assign]

    original = S3Backend._set_delete_marker
    if getattr(original, "_facestack", False):
        return

    def set_delete_marker(self: Any, bucket_name: str, key_name: str) -> Any:
        marker = original(self, bucket_name, key_name)
        notifications.send_event(
            self.account_id,
            notifications.S3NotificationEvent.OBJECT_REMOVED_DELETE_MARKER_CREATED_EVENT,
            self.get_bucket(bucket_name),
            marker,
        )
        return marker

    set_delete_marker._facestack = True  # type: ignore[attr-defined]
    S3Backend._set_delete_marker = set_delete_marker  # type: ignore[method-assign]
