"""Two corrections to moto's S3, so the emulator answers as S3 does.

- GetBucketNotificationConfiguration leaves out `EventBridgeConfiguration` although the bucket
  has it (and sends the events): it is answered here with it.
- moto evaluates bucket policies on object requests itself, ignoring their conditions, so the
  usual `DenyInsecureTransport` statement (Deny s3:* when aws:SecureTransport is false) denies
  every request. Bucket policies stay stored and readable (GetBucketPolicy); enforcing them is
  the IAM gateway's work in front of the emulator, as for every other policy.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    def get_permission(self: Any, action: str, resource: str) -> Any:
        return PermissionResult.NEUTRAL

    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]

    original = S3Response.get_bucket_notification
    if getattr(original, "_facestack", False):
        return

    def get_bucket_notification(self: Any) -> Any:
        response = original(self)
        configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if configuration is None or configuration.event_bridge is None:
            return response
        return _with_event_bridge(response)

    get_bucket_notification._facestack = True  # type: ignore[attr-defined]
    S3Response.get_bucket_notification = get_bucket_notification  # type: ignore[method-assign]


def _with_event_bridge(response: Any) -> Any:
    """moto's serialized answer with `<EventBridgeConfiguration/>` added to its XML."""
    closing = "</NotificationConfiguration>"
    if isinstance(response, tuple):
        status, headers, body = response
        text = body.decode() if isinstance(body, bytes) else str(body)
    else:
        status, headers, text = 200, {}, str(response)
    if closing in text:
        text = text.replace(closing, f"<EventBridgeConfiguration/>{closing}")
    elif text.rstrip().endswith("/>") and "NotificationConfiguration" in text:
        head = text.rstrip()[:-2]
        text = f"{head}><EventBridgeConfiguration/>{closing}"
    return status, headers, text
