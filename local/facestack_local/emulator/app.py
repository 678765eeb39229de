"""The emulator's WSGI application: facestack's own routes, Rekognition to the face engine,
everything else to moto's own dispatcher (every service moto has, on one port)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, unquote

from ..faces import protocol
from ..faces.collections import STORE
from ..faces.runtime import RUNTIME
from ..faces.service import Caller, FaceService
from . import context, credentials, lambda_code

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
MOTO_VERSION = "5.2.1"


def health() -> dict[str, Any]:
    """The stable JSON of `GET /_facestack/health` (docs/local-cloud.md)."""
    import moto

    return {
        "moto": str(moto.__version__),
        "faceEngine": RUNTIME.health(),
        "collections": [
            {"region": c.region, "account": c.account, "id": c.collection_id,
             "faces": len(c.faces)}
            for c in STORE.everything()
        ],
    }


def caller_of(environ: dict[str, Any]) -> Caller:
    request = context.current() or context.from_environ(environ)
    return Caller(account=request.account, region=request.region)


class EmulatorApp:
    def __init__(self, moto_app: WSGIApp) -> None:
        self.moto_app = moto_app
        self.rekognition = protocol.RekognitionApp(FaceService(), caller_of)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_facestack/"):
            return self.facestack(path, environ, start_response)
        request = context.from_environ(environ)
        context.set_current(request)
        try:
            if protocol.is_rekognition(environ):
                return self.rekognition(environ, start_response)
            # moto's app is lazy: its body is built while it is called, so the request's context
            # must stay set until then (the list forces it).
            return list(self.moto_app(environ, start_response))
        finally:
            context.set_current(None)

    def facestack(
        self, path: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _json(start_response, 405, {"error": "only GET"})
        if path == "/_facestack/health":
            return _json(start_response, 200, health())
        if path.startswith("/_facestack/credentials/"):
            found = credentials.describe(unquote(path.rsplit("/", 1)[-1]))
            if found is None:
                return _json(start_response, 404, {"error": "unknown access key"})
            return _json(start_response, 200, found)
        if path.startswith(lambda_code.PREFIX):
            query = parse_qs(environ.get("QUERY_STRING", ""))
            qualifier = query["Qualifier"][0] if query.get("Qualifier") else None
            data = lambda_code.code(unquote(path), qualifier)
            if data is None:
                return _json(start_response, 404, {"error": "unknown function"})
            start_response("200 OK", [("Content-Type", "application/zip"),
                                      ("Content-Length", str(len(data)))])
            return [data]
        return _json(start_response, 404, {"error": f"no route {path}"})


def _json(start_response: StartResponse, status: int, body: Any) -> list[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}[status]
    start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                          ("Content-Length", str(len(data)))])
    return [data]
