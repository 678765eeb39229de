"""What the emulator knows about the request being served, for the parts of moto that run
inside it without seeing the request (S3's event builder): its id, the caller's IP address,
access key, account and region. One value per server thread."""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from typing import Any

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    source_ip: str
    access_key_id: str | None
    region: str
    query: str = ""

    @property
    def account(self) -> str:
        return account_of(self.access_key_id)


def account_of(access_key_id: str | None) -> str:
    """The account moto gives a request signed with this key (moto's own rule)."""
    if not access_key_id:
        return DEFAULT_ACCOUNT
    from moto.iam.models import get_account_id_from

    return str(get_account_id_from(access_key_id))


def from_environ(environ: dict[str, Any]) -> RequestContext:
    """The request's context: the SigV4 scope gives the key and region; the source address is
    the first X-Forwarded-For entry (set by a gateway in front) or the peer's address."""
    match = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    access_key, region = (match.group(1), match.group(2)) if match else (None, DEFAULT_REGION)
    if access_key is None:
        access_key = _query_credential(environ.get("QUERY_STRING", ""))
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    source = forwarded.split(",")[0].strip() if forwarded else environ.get("REMOTE_ADDR", "")
    request_id = uuid.uuid4().hex[:16].upper()
    return RequestContext(request_id, source or "127.0.0.1", access_key, region,
                          environ.get("QUERY_STRING", ""))


def _query_credential(query: str) -> str | None:
    """The key of a presigned URL (`X-Amz-Credential=AKIA.../...`)."""
    match = re.search(r"X-Amz-Credential=([^%/&]+)", query)
    return match.group(1) if match else None


_current = threading.local()


def set_current(context: RequestContext | None) -> None:
    _current.value = context


def current() -> RequestContext | None:
    value: RequestContext | None = getattr(_current, "value", None)
    return value
