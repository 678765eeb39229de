"""The EC2 recognition service: the pipeline's detect + store over HTTP.

    POST /recognize   {"bucket", "key", "version_id"?}            -> one result
                      {"objects": [{"bucket", "key", ...}, ...]}  -> {"results": [...]}
    GET  /healthz     liveness, no AWS call

Run by systemd as ``venv/bin/python app.py`` from the install directory (README.md); settings
come from environment variables (manifest.json lists them). Each worker process handles at most
``MAX_CONCURRENCY`` images at once and lets ``MAX_PENDING`` more wait; beyond that it answers
503 with ``Retry-After`` so that callers back off while the Auto Scaling group scales out.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Body, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from facecommon import __version__, jsonlog
from facecommon.clients import Clients, default_clients
from facecommon.config import CommonSettings, DetectSettings, ServiceSettings, StoreSettings
from facecommon.events import ImageRef
from facecommon.metrics import Metrics, sink_for
from facecommon.pipeline import FAILED, OK, REJECTED, RETRY, Pipeline

LOG = logging.getLogger("facestack.service")

STATUS_CODES = {OK: 200, REJECTED: 422, FAILED: 500, RETRY: 503}


class ObjectRef(BaseModel):
    """One S3 object to recognise."""

    model_config = ConfigDict(extra="forbid")

    bucket: str = Field(min_length=3, max_length=63)
    key: str = Field(min_length=1, max_length=1024)
    version_id: str | None = Field(default=None, max_length=1024)


class BatchRequest(BaseModel):
    """Several objects, processed concurrently; results come back in the same order."""

    model_config = ConfigDict(extra="forbid")

    objects: list[ObjectRef] = Field(min_length=1)


class Admission:
    """Counts images in flight and waiting in this process, refusing more than it can queue."""

    def __init__(self, max_concurrency: int, max_pending: int) -> None:
        self.limiter = anyio.CapacityLimiter(max_concurrency)
        self.capacity = max_concurrency + max_pending
        self.admitted = 0

    def try_admit(self, count: int) -> bool:
        # The event loop is single-threaded, so check-and-increment needs no lock.
        if self.admitted + count > self.capacity:
            return False
        self.admitted += count
        return True

    def release(self, count: int) -> None:
        self.admitted -= count


def create_app(pipeline: Pipeline, settings: ServiceSettings) -> FastAPI:
    """The FastAPI application for a pipeline; tests pass moto and fake clients in."""
    # /openapi.json documents the API; the HTML docs pages would load scripts from a CDN.
    app = FastAPI(
        title="facestack recognition service",
        version=__version__,
        docs_url=None,
        redoc_url=None,
    )
    admission = Admission(settings.max_concurrency, settings.max_pending)

    @app.middleware("http")
    async def access_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
        request.state.request_id = request_id
        started = time.perf_counter()
        with jsonlog.log_context(request_id=request_id):
            response = await call_next(request)
            response.headers["x-request-id"] = request_id
            LOG.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                },
            )
        return response

    async def process(ref: ObjectRef, request_id: str) -> dict[str, Any]:
        image = ImageRef(ref.bucket, ref.key, ref.version_id, execution_id=request_id)
        return await anyio.to_thread.run_sync(pipeline.process, image, limiter=admission.limiter)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "in_flight": admission.limiter.borrowed_tokens,
            "admitted": admission.admitted,
            "max_concurrency": settings.max_concurrency,
        }

    @app.post("/recognize")
    async def recognize(
        request: Request, body: Annotated[ObjectRef | BatchRequest, Body()]
    ) -> JSONResponse:
        request_id: str = request.state.request_id
        objects = body.objects if isinstance(body, BatchRequest) else [body]
        if len(objects) > settings.max_batch_size:
            return JSONResponse(
                status_code=422,
                content={
                    "detail": f"a batch may name at most {settings.max_batch_size} objects, "
                    f"got {len(objects)}"
                },
            )
        if not admission.try_admit(len(objects)):
            return JSONResponse(
                status_code=503,
                headers={"Retry-After": "1"},
                content={"detail": "too many images in progress, retry later"},
            )
        try:
            results: list[dict[str, Any]] = [{}] * len(objects)

            async def run(index: int, ref: ObjectRef) -> None:
                results[index] = await process(ref, request_id)

            async with anyio.create_task_group() as group:
                for index, ref in enumerate(objects):
                    group.start_soon(run, index, ref)
        finally:
            admission.release(len(objects))

        if isinstance(body, BatchRequest):
            counts = {status.lower(): 0 for status in STATUS_CODES}
            for result in results:
                counts[result["status"].lower()] += 1
            return JSONResponse(content={"results": results, "summary": counts})
        (result,) = results
        headers = {"Retry-After": "1"} if result["status"] == RETRY else None
        return JSONResponse(
            status_code=STATUS_CODES[result["status"]], content=result, headers=headers
        )

    return app


def build_app() -> tuple[FastAPI, ServiceSettings]:
    """The application configured from environment variables (what systemd runs)."""
    common = CommonSettings.from_env()
    settings = ServiceSettings.from_env()
    jsonlog.configure("service", common.log_level)
    pipeline = Pipeline(
        detect=DetectSettings.from_env(),
        store=StoreSettings.from_env(),
        clients=_clients(settings),
        metrics=Metrics(common.pipeline_name, sink_for(settings.metrics_endpoint)),
    )
    return create_app(pipeline, settings), settings


def _clients(settings: ServiceSettings) -> Clients:
    # One HTTP connection per concurrent image and service, plus the face searches of an image.
    return default_clients(max_pool_connections=settings.max_concurrency * 4)


app, SETTINGS = build_app()


def main() -> None:
    import uvicorn

    workers = SETTINGS.workers or os.cpu_count() or 1
    # Several workers need an import string (each process builds its own app and clients).
    target: Any = "app:app" if workers > 1 else app
    uvicorn.run(
        target,
        app_dir=os.path.dirname(os.path.abspath(__file__)),
        host=SETTINGS.host,
        port=SETTINGS.port,
        workers=workers,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=25,
    )


if __name__ == "__main__":
    main()
