"""Builds and signs AWS requests with a real botocore client, without sending them: prints one
JSON object per case ({"name", "method", "url", "headers", "body" (base64)}) for the gateway's
mapping and signature tests.

Usage: python3 sign_requests.py ENDPOINT ACCESS_KEY SECRET [SESSION_TOKEN]  (cases on stdin, JSON:
[{"name", "service", "operation", "params", "region"?, "presign"?: seconds}])
"""

from __future__ import annotations

import base64
import json
import sys

import botocore.session
from botocore.config import Config


class Captured(Exception):
    def __init__(self, request) -> None:
        super().__init__("captured")
        self.request = request


def capture(request, **_kwargs):
    raise Captured(request)


def body_bytes(body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        return body.read()
    return bytes(body)


def text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def main() -> int:
    endpoint, access_key, secret = sys.argv[1:4]
    token = sys.argv[4] if len(sys.argv) > 4 else None
    cases = json.load(sys.stdin)
    session = botocore.session.get_session()
    session.set_credentials(access_key, secret, token)
    results = []
    for case in cases:
        region = case.get("region", "us-east-1")
        client = session.create_client(
            case["service"],
            region_name=region,
            endpoint_url=endpoint,
            config=Config(
                s3={"addressing_style": "path"},
                retries={"max_attempts": 0},
                signature_version="s3v4" if case["service"] == "s3" else None,
            ),
        )
        if "presign" in case:
            url = client.generate_presigned_url(
                case["method_name"], Params=case["params"], ExpiresIn=case["presign"]
            )
            results.append(
                {"name": case["name"], "method": "GET", "url": url, "headers": [], "body": ""}
            )
            continue
        client.meta.events.register_first("before-send", capture)
        try:
            getattr(client, case["method_name"])(**case["params"])
        except Captured as captured:
            request = captured.request
            results.append(
                {
                    "name": case["name"],
                    "method": request.method,
                    "url": request.url,
                    "headers": [[name, text(value)] for name, value in request.headers.items()],
                    "body": base64.b64encode(body_bytes(request.body)).decode("ascii"),
                }
            )
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
