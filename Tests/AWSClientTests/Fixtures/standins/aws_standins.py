#!/usr/bin/env python3
"""Loopback stand-ins for the endpoints facestack's credential chain talks to.

One HTTP server on 127.0.0.1 plays, on distinct paths:

- IMDSv2 (``PUT /latest/api/token``, ``GET /latest/meta-data/iam/security-credentials/...``):
  a session token is required (401 without one, or with an expired one), its lifetime is
  the one asked for, capped by ``token_ttl_cap``; ``refuse_tokens`` makes the token call answer
  403 (an IMDSv1-only endpoint), ``delay`` makes it answer that many seconds late;
- the container credentials endpoint (``GET <container.path>``), checking ``Authorization``;
- the IAM Identity Center portal (``GET /federation/credentials``), checking the bearer token;
- SSO-OIDC ``CreateToken`` (``POST /token``) with the ``refresh_token`` grant;
- STS ``GetCallerIdentity`` (``POST /``), answering with the caller's access key id in the ARN.

Credentials are handed out in turn: ``keys`` (a list of explicit key pairs, the last one
repeated) or ``prefix`` plus a counter (``ASIAIMDS0001``, ``ASIAIMDS0002``, ...), each valid for
``lifetime`` seconds of the stand-in's clock, which ``POST /_standin/clock`` moves forward.
``GET /_standin/log`` lists the requests seen (method, path, the headers that matter).

Usage: ``python3 aws_standins.py CONFIG.json``; prints ``PORT <n>`` once it listens, and exits
when its standard input closes (the test that started it is gone).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/"


class State:
    """Configuration, clock, issued tokens and the request log, behind one lock."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.offset = 0.0
        self.counters: dict[str, int] = {}
        self.imds_tokens: dict[str, float] = {}
        self.sso_tokens: dict[str, float] = {
            token: time.time() + 3600 for token in config.get("sso", {}).get("access_tokens", [])
        }
        self.refresh_tokens = set(config.get("oidc", {}).get("refresh_tokens", []))
        self.log: list[dict[str, Any]] = []

    def now(self) -> float:
        return time.time() + self.offset

    def next_keys(self, name: str, spec: dict[str, Any]) -> dict[str, str]:
        """The next key pair of source ``name``, with its expiration."""
        count = self.counters.get(name, 0) + 1
        self.counters[name] = count
        if spec.get("keys"):
            keys = spec["keys"][min(count, len(spec["keys"])) - 1]
            key_id, secret = keys["AccessKeyId"], keys["SecretAccessKey"]
        else:
            key_id = f"{spec.get('prefix', 'ASIASTANDIN')}{count:04d}"
            secret = f"secret-{key_id}"
        expires = self.now() + float(spec.get("lifetime", 3600))
        return {
            "AccessKeyId": key_id,
            "SecretAccessKey": secret,
            "Token": f"token-{key_id}",
            "Expiration": stamp(expires),
            "expires_ms": str(int(expires * 1000)),
        }


def stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Handler(BaseHTTPRequestHandler):
    """Routes each request to the stand-in that owns its path."""

    state: State
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self) -> None:
        if self.path.startswith("/_standin/"):
            return
        wanted = (
            "x-aws-ec2-metadata-token",
            "x-aws-ec2-metadata-token-ttl-seconds",
            "authorization",
            "x-amz-sso_bearer_token",
        )
        headers = {name: self.headers[name] for name in wanted if self.headers[name] is not None}
        with self.state.lock:
            self.state.log.append({"method": self.command, "path": self.path, "headers": headers})

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_PUT(self) -> None:
        self.record()
        self.body()
        if urlparse(self.path).path == "/latest/api/token":
            self.imds_token()
        else:
            self.answer(404, "not found")

    def do_GET(self) -> None:
        self.record()
        path = urlparse(self.path).path
        container = self.state.config.get("container", {})
        if path == "/_standin/log":
            with self.state.lock:
                self.answer(200, self.state.log)
        elif path.startswith(CREDENTIALS_PATH):
            self.imds_credentials(path[len(CREDENTIALS_PATH) :])
        elif container and path == container.get("path"):
            self.container_credentials(container)
        elif path == "/federation/credentials":
            self.sso_role_credentials()
        else:
            self.answer(404, "not found")

    def do_POST(self) -> None:
        self.record()
        body = self.body()
        path = urlparse(self.path).path
        if path == "/_standin/clock":
            with self.state.lock:
                self.state.offset += float(json.loads(body)["advance"])
            self.answer(200, {"offset": self.state.offset})
        elif path == "/token":
            self.oidc_create_token(json.loads(body or b"{}"))
        elif path == "/":
            self.sts(parse_qs(body.decode()))
        else:
            self.answer(404, "not found")

    # IMDSv2

    def imds_token(self) -> None:
        imds = self.state.config.get("imds", {})
        if imds.get("delay"):
            time.sleep(float(imds["delay"]))
        if imds.get("refuse_tokens"):
            self.answer(403, "Forbidden")
            return
        if self.headers["X-Forwarded-For"] is not None:
            self.answer(403, "Forbidden")
            return
        ttl_text = self.headers["x-aws-ec2-metadata-token-ttl-seconds"]
        if ttl_text is None or not ttl_text.isdigit() or not 1 <= int(ttl_text) <= 21600:
            self.answer(400, "Bad Request")
            return
        ttl = min(int(ttl_text), int(imds.get("token_ttl_cap", 21600)))
        token = secrets.token_hex(16)
        with self.state.lock:
            self.state.imds_tokens[token] = self.state.now() + ttl
        self.answer(200, token, {"x-aws-ec2-metadata-token-ttl-seconds": str(ttl)})

    def imds_authorized(self) -> bool:
        token = self.headers["x-aws-ec2-metadata-token"]
        if token is None:
            return not self.state.config.get("imds", {}).get("require_token", True)
        with self.state.lock:
            expires = self.state.imds_tokens.get(token)
            return expires is not None and expires > self.state.now()

    def imds_credentials(self, role: str) -> None:
        imds = self.state.config.get("imds")
        if imds is None:
            self.answer(404, "not found")
            return
        if not self.imds_authorized():
            self.answer(401, "Unauthorized")
            return
        if role == "":
            if imds.get("role"):
                self.answer(200, imds["role"])
            else:
                self.answer(404, "no instance profile")
            return
        if role != imds["role"]:
            self.answer(404, "not found")
            return
        with self.state.lock:
            keys = self.state.next_keys("imds", imds)
            updated = stamp(self.state.now())
        self.answer(
            200,
            {
                "Code": "Success",
                "LastUpdated": updated,
                "Type": "AWS-HMAC",
                "AccessKeyId": keys["AccessKeyId"],
                "SecretAccessKey": keys["SecretAccessKey"],
                "Token": keys["Token"],
                "Expiration": keys["Expiration"],
            },
        )

    # The container endpoint

    def container_credentials(self, container: dict[str, Any]) -> None:
        wanted = container.get("authorization")
        if wanted is not None and self.headers["Authorization"] != wanted:
            self.answer(401, {"message": "wrong or missing Authorization header"})
            return
        with self.state.lock:
            keys = self.state.next_keys("container", container)
        self.answer(
            200,
            {
                "AccessKeyId": keys["AccessKeyId"],
                "SecretAccessKey": keys["SecretAccessKey"],
                "Token": keys["Token"],
                "Expiration": keys["Expiration"],
                "RoleArn": "arn:aws:iam::123456789012:role/container",
            },
        )

    # IAM Identity Center

    def sso_role_credentials(self) -> None:
        sso = self.state.config.get("sso", {})
        token = self.headers["x-amz-sso_bearer_token"]
        with self.state.lock:
            expires = self.state.sso_tokens.get(token or "")
            valid = expires is not None and expires > self.state.now()
        if not valid:
            self.answer(
                401,
                {"message": "Session token not found or invalid"},
                {"x-amzn-ErrorType": "UnauthorizedException:http://internal.amazon.com/"},
            )
            return
        query = parse_qs(urlparse(self.path).query)
        role = f"{query.get('account_id', [''])[0]}/{query.get('role_name', [''])[0]}"
        spec = sso.get("roles", {}).get(role)
        if spec is None:
            self.answer(
                403,
                {"message": f"No access to {role}"},
                {"x-amzn-ErrorType": "ForbiddenException"},
            )
            return
        with self.state.lock:
            keys = self.state.next_keys("sso:" + role, spec)
        self.answer(
            200,
            {
                "roleCredentials": {
                    "accessKeyId": keys["AccessKeyId"],
                    "secretAccessKey": keys["SecretAccessKey"],
                    "sessionToken": keys["Token"],
                    "expiration": int(keys["expires_ms"]),
                }
            },
        )

    def oidc_create_token(self, request: dict[str, Any]) -> None:
        oidc = self.state.config.get("oidc", {})
        refresh = request.get("refreshToken")
        if (
            request.get("grantType") != "refresh_token"
            or request.get("clientId") != oidc.get("client_id")
            or request.get("clientSecret") != oidc.get("client_secret")
            or refresh not in self.state.refresh_tokens
        ):
            self.answer(
                400,
                {"error": "invalid_grant", "error_description": "Invalid refresh token provided"},
                {"x-amzn-ErrorType": "InvalidGrantException"},
            )
            return
        with self.state.lock:
            count = self.state.counters.get("oidc", 0) + 1
            self.state.counters["oidc"] = count
            access = f"access-token-refreshed-{count}"
            lifetime = int(oidc.get("expires_in", 3600))
            self.state.sso_tokens[access] = self.state.now() + lifetime
            new_refresh = f"refresh-token-{count}"
            if oidc.get("single_use_refresh_tokens"):
                self.state.refresh_tokens.discard(refresh)
            self.state.refresh_tokens.add(new_refresh)
        self.answer(
            200,
            {
                "accessToken": access,
                "tokenType": "Bearer",
                "expiresIn": lifetime,
                "refreshToken": new_refresh,
            },
        )

    # STS

    def sts(self, form: dict[str, list[str]]) -> None:
        action = form.get("Action", [""])[0]
        if action != "GetCallerIdentity":
            self.answer(
                400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>"
            )
            return
        authorization = self.headers["Authorization"] or ""
        key_id = authorization.split("Credential=")[-1].split("/")[0] if authorization else "none"
        self.answer(
            200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult>"
            f"<Arn>arn:aws:sts::123456789012:assumed-role/standin/{key_id}</Arn>"
            "<UserId>AROASTANDIN</UserId><Account>123456789012</Account>"
            "</GetCallerIdentityResult></GetCallerIdentityResponse>",
            {"Content-Type": "text/xml"},
        )


def exit_when_parent_goes() -> None:
    """The test holds our stdin open; end of file means it is gone, and so must we be."""
    sys.stdin.read()
    os._exit(0)


def main() -> None:
    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    with open(sys.argv[1], encoding="utf-8") as file:
        config = json.load(file)
    Handler.state = State(config)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
