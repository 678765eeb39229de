#!/usr/bin/env python3
"""botocore's own credential chain, the oracle facestack's chain is compared with.

Reads a JSON list of cases on standard input, each ``{"name": ..., "environment": {...},
"profile": null or "NAME"}``, and prints a JSON list with, for each case, the source botocore
picked (``method``: ``env``, ``assume-role``, ``sso``, ...), the access key id and the caller's
ARN from STS ``GetCallerIdentity`` (sent where ``AWS_ENDPOINT_URL_STS`` says), or ``method``
null when botocore finds no credentials, or ``error``.

Each case runs with ``os.environ`` replaced by its environment and a fresh
``botocore.session.Session(profile=...)`` (``profile`` plays ``--profile``). The one setting
botocore freezes at import, the SSO token cache folder (``~/.aws/sso/cache`` expanded when the
module loads), is pointed at the case's ``HOME``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import botocore.credentials
import botocore.session
import botocore.tokens


def run(case: dict[str, Any]) -> dict[str, Any]:
    os.environ.clear()
    os.environ.update(case["environment"])
    cache = os.path.join(os.environ["HOME"], ".aws", "sso", "cache")
    botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
    botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
    result: dict[str, Any] = {"name": case["name"]}
    try:
        session = botocore.session.Session(profile=case.get("profile"))
        credentials = session.get_credentials()
        if credentials is None:
            result["method"] = None
            return result
        frozen = credentials.get_frozen_credentials()
        sts = session.create_client(
            "sts",
            aws_access_key_id=frozen.access_key,
            aws_secret_access_key=frozen.secret_key,
            aws_session_token=frozen.token,
        )
        result["method"] = credentials.method
        result["access_key"] = frozen.access_key
        result["arn"] = sts.get_caller_identity()["Arn"]
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
    return result


def main() -> None:
    cases = json.load(sys.stdin)
    json.dump([run(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
