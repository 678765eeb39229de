"""The EC2 recognition service: the pipeline's detect + store over HTTP.

    POST /recognize   {"bucket", "key", "version_id"?}            -> one result
                      {"objects": [{"bucket", "key", ...}, ...]}  -> {"results": [...]}
    GET  /healthz     liveness, no AWS call
    GET  /live        the live view: the newest results, then new ones pushed (static/)
    GET  /api/results ?since=|before=TIMESTAMP&limit=N&seen=IDS: images newest first, with
                      the last minute's counters (facecommon/live.py)
    GET  /api/stream  Server-Sent Events: "results" as they are stored (one table read every
                      0.2 s per process, whatever the number of pages), "stats" every second,
                      a heartbeat comment every 15 s (under the load balancer's idle timeout);
                      a stream ends after 5 minutes and the page reconnects

Run by systemd as ``venv/bin/python app.py`` from the install directory (README.md); settings
come from environment variables (manifest.json lists them). Each worker process handles at most
``MAX_CONCURRENCY`` images at once and lets ``MAX_PENDING`` more wait; beyond that it answers
503 with ``Retry-After`` so that callers back off while the Auto Scaling group scales out.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Body, FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from facecommon import __version__, jsonlog, live
from facecommon.clients import Clients, default_clients, presign_client
from facecommon.config import CommonSettings, DetectSettings, ServiceSettings, StoreSettings
from facecommon.events import ImageRef
from facecommon.ids import isoformat
from facecommon.metrics import Metrics, sink_for
from facecommon.pipeline import FAILED, OK, REJECTED, RETRY, Pipeline

LOG = logging.getLogger("facestack.service")

STATUS_CODES = {OK: 200, REJECTED: 422, FAILED: 500, RETRY: 503}
STATIC = Path(__file__).resolve().parent / "static"
LIVE_FILES = {
    "/live": ("live.html", "text/html; charset=utf-8"),
    "/live/live.js": ("live.js", "text/javascript; charset=utf-8"),
    "/live/live.css": ("live.css", "text/css; charset=utf-8"),
}


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


def create_app(
    pipeline: Pipeline, settings: ServiceSettings, presigner: Any | None = None
) -> FastAPI:
    """The FastAPI application for a pipeline; tests pass moto and fake clients in.

    ``presigner`` signs the live view's image URLs (default: an S3 client with this process's
    own credentials, signing version 4)."""
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

    install_live_view(app, pipeline, presigner or presign_client())

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


def content_security_policy(image_origin: str) -> str:
    """Scripts, styles and data from this service only; images from the presigned URLs' origin
    only; no frames, forms, plugins or base URL."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src {image_origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def install_live_view(app: FastAPI, pipeline: Pipeline, presigner: Any) -> None:
    """``GET /live`` (a static page and its script: the data comes from the API, so no stored
    string, credential or table name is in the page's source), ``GET /api/results`` and
    ``GET /api/stream``."""
    reader = live.Reader(
        dynamodb=pipeline.clients.dynamodb,
        table=pipeline.store.table_name,
        bucket=pipeline.store.output_bucket,
        urls=live.URLCache(presigner),
    )
    headers = {
        "Content-Security-Policy": content_security_policy(
            reader.urls.origin(pipeline.store.output_bucket)
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    files = {
        path: ((STATIC / name).read_bytes(), kind) for path, (name, kind) in LIVE_FILES.items()
    }

    def static(path: str) -> Callable[[], Awaitable[Response]]:
        body, kind = files[path]

        async def serve() -> Response:
            return Response(content=body, media_type=kind, headers=headers)

        return serve

    for path in files:
        app.add_api_route(path, static(path), methods=["GET"], include_in_schema=False)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/results")
    async def results(request: Request) -> Response:
        query = request.query_params
        now = pipeline.clock()
        try:
            unknown = sorted(set(query) - {"since", "before", "limit", "seen"})
            if unknown:
                raise live.BadCursor(f"unknown parameter {unknown[0][:40]!r}")
            if "since" in query and "before" in query:
                raise live.BadCursor("give since or before, not both")
            since = live.parse_cursor(query["since"], now) if "since" in query else None
            before = (
                live.parse_cursor(query["before"], now, "before") if "before" in query else None
            )
            limit = live.parse_limit(query.get("limit"))
            seen = live.parse_seen(query.get("seen"))
        except live.BadCursor as error:
            return JSONResponse({"detail": str(error)}, status_code=400, headers=headers)
        body = await anyio.to_thread.run_sync(
            _read_live, reader, now, live.Query(since, before, limit, seen)
        )
        return JSONResponse(content=body, headers={**headers, "Cache-Control": "no-store"})

    hub = LiveHub(reader, pipeline.clock)
    app.state.live_hub = hub

    @app.get("/api/stream")
    async def stream(request: Request) -> Response:
        if request.query_params:
            unknown = sorted(request.query_params)[0][:40]
            return JSONResponse(
                {"detail": f"unknown parameter {unknown!r}: the stream takes none"},
                status_code=400,
                headers=headers,
            )
        if len(hub.pages) >= hub.MAX_PAGES:
            return JSONResponse(
                {"detail": "too many live pages on this instance, retry later"},
                status_code=503,
                headers={**headers, "Retry-After": "5"},
            )
        return StreamingResponse(
            hub.events(),
            media_type="text/event-stream",
            headers={**headers, "Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )


def sse(event: str, data: dict[str, Any]) -> str:
    """One Server-Sent Event (JSON has no raw newlines, so the data is one line)."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


class LiveHub:
    """The push stream of one process: while a page is connected, one task steps a
    :class:`live.Feed` every ``live.FEED_SECONDS`` and the last minute's counters every
    ``live.STATS_CACHE_SECONDS``, and hands each event to every connected page. A page that
    does not keep up (``QUEUE_EVENTS`` unsent) is disconnected; its EventSource reconnects and
    catches up with ``GET /api/results``. Results come from the table, so every writer's reach
    every page.

    A process serves at most ``MAX_PAGES`` streams (more get 503), and a stream ends after
    ``LIFETIME_SECONDS``: the page reconnects a second later and catches up, and a restart of
    the service never waits long for streams to finish."""

    QUEUE_EVENTS = 64
    MAX_PAGES = 200
    LIFETIME_SECONDS = 300.0

    def __init__(
        self,
        reader: live.Reader,
        clock: Callable[[], dt.datetime],
        feed_seconds: float = live.FEED_SECONDS,
        heartbeat_seconds: float = live.HEARTBEAT_SECONDS,
    ) -> None:
        self.reader = reader
        self.clock = clock
        self.feed_seconds = feed_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.lifetime_seconds = self.LIFETIME_SECONDS
        self.pages: set[asyncio.Queue[str | None]] = set()
        self._task: asyncio.Task[None] | None = None

    async def events(self) -> AsyncIterator[str]:
        """One page's stream: a reconnection delay, then events and heartbeats until the page
        goes away (Starlette cancels this on disconnect) or falls behind."""
        queue: asyncio.Queue[str | None] = asyncio.Queue(self.QUEUE_EVENTS)
        self.pages.add(queue)
        if self._task is None or self._task.done():
            # A context of its own: not the first page's request id in the feed's log lines.
            self._task = asyncio.create_task(self._feed(), context=contextvars.Context())
        ends = time.monotonic() + self.lifetime_seconds
        try:
            yield "retry: 1000\n: connected\n\n"
            while (left := ends - time.monotonic()) > 0:
                try:
                    event = await asyncio.wait_for(queue.get(), min(self.heartbeat_seconds, left))
                except TimeoutError:
                    if ends - time.monotonic() > 0:
                        yield ": heartbeat\n\n"
                    continue
                if event is None:
                    return
                yield event
        finally:
            self.pages.discard(queue)

    def _publish(self, event: str) -> None:
        for queue in list(self.pages):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                self.pages.discard(queue)
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(None)

    async def _feed(self) -> None:
        feed = live.Feed(self.reader)
        next_stats = 0.0
        while self.pages:
            now = self.clock()
            try:
                results = await anyio.to_thread.run_sync(feed.step, now)
                if results:
                    self._publish(sse("results", {"results": results, "now": isoformat(now)}))
                if time.monotonic() >= next_stats:
                    next_stats = time.monotonic() + live.STATS_CACHE_SECONDS
                    stats = await anyio.to_thread.run_sync(live.last_minute, self.reader, now)
                    self._publish(sse("stats", {**stats, "now": isoformat(now)}))
            except Exception:  # a failed read is retried on the next step; pages keep waiting
                LOG.warning("live stream read failed", exc_info=True)
            await asyncio.sleep(self.feed_seconds)


def _read_live(reader: live.Reader, now: dt.datetime, query: live.Query) -> dict[str, Any]:
    page = live.read_results(
        reader,
        now=now,
        since=query.since,
        before=query.before,
        limit=query.limit,
        seen=query.seen,
    )
    stats = live.last_minute(reader, now, background=_in_background)
    return {**page.as_json(), "now": isoformat(now), "stats": stats}


def _in_background(work: Callable[[], object]) -> None:
    """Runs ``work`` on a thread of its own (the counters' refresh, off the request's path)."""
    threading.Thread(target=work, name="live-stats", daemon=True).start()


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
