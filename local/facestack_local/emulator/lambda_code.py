"""Lambda function code as a runner fetches it: `GET /_facestack/lambda-code/<account>/<region>/
<function-name>[?Qualifier=<version>]` answers the deployed zip, and GetFunction's
`Code.Location` is that URL, as AWS's is a presigned S3 URL to the same bytes."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

PREFIX = "/_facestack/lambda-code/"
_BASE = {"url": "http://127.0.0.1:5000"}


def set_base_url(url: str) -> None:
    _BASE["url"] = url.rstrip("/")


def location(account: str, region: str, name: str, version: object) -> str:
    url = f"{_BASE['url']}{PREFIX}{account}/{region}/{quote(name, safe='')}"
    if version is not None and str(version) != "$LATEST":
        url += f"?Qualifier={quote(str(version), safe='')}"
    return url


def code(path: str, qualifier: str | None) -> bytes | None:
    """The zip of the function the path names; None when there is none."""
    from moto.awslambda.exceptions import UnknownFunctionException
    from moto.awslambda.utils import get_backend

    parts = path[len(PREFIX):].split("/")
    if len(parts) != 3 or not all(parts):
        return None
    account, region, name = parts
    try:
        function = get_backend(account, region).get_function(name, qualifier)
    except (UnknownFunctionException, KeyError, ValueError):
        return None
    data = getattr(function, "code_bytes", None)
    return bytes(data) if data else None


def install() -> None:
    """GetFunction's Code.Location becomes the URL above for zip functions."""
    from moto.awslambda.models import LambdaFunction

    original = LambdaFunction.get_code
    if getattr(original, "_facestack", False):
        return

    def get_code(self: Any) -> dict[str, Any]:
        response: dict[str, Any] = original(self)
        shipped = response.get("Code")
        if shipped and shipped.get("RepositoryType") == "S3":
            shipped["Location"] = location(
                self.account_id, self.region, self.function_name, getattr(self, "version", None)
            )
        return response

    get_code._facestack = True  # type: ignore[attr-defined]
    LambdaFunction.get_code = get_code  # type: ignore[method-assign]
