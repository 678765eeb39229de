"""The live view: GET /live, GET /api/results and GET /api/stream, over moto."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from fastapi.testclient import TestClient

from facecommon import live, schema
from facecommon.ids import image_id, isoformat
from facecommon.pipeline import Pipeline
from facecommon.storage import store_event
from tests.conftest import BUCKET, PIPELINE_ENV, SERVICE_SETTINGS, TABLE, put_image

ROOT = Path(__file__).resolve().parent.parent
START = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=3)
XSS = "<img src=x onerror=alert(1)>"
SETTINGS = SERVICE_SETTINGS


class Clock:
    """The service's clock, set by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def now() -> Clock:
    return Clock(START + dt.timedelta(minutes=2))


@pytest.fixture
def http(entry, clients, bucket, table, detect_settings, store_settings, metrics, now):
    module = entry("service", PIPELINE_ENV)
    pipeline = Pipeline(
        detect=detect_settings,
        store=store_settings,
        clients=clients,
        metrics=metrics,
        clock=now,
    )
    return TestClient(module.create_app(pipeline, SETTINGS))


@pytest.fixture
def store(clients, bucket, table, store_settings, metrics):
    """Stores a result as the store step does, at ``at`` seconds after START."""

    def write(at: float, key: str, event: dict[str, Any] | None = None, upload: float = 0.5):
        moment = START + dt.timedelta(seconds=at)
        base = {
            "status": "OK",
            "image_id": image_id(BUCKET, key, None),
            "bucket": BUCKET,
            "key": key,
            "captured_at": isoformat(moment - dt.timedelta(seconds=upload)),
            "faces": [],
        }
        store_event(
            {**base, **(event or {})},
            store_settings,
            clients.s3,
            clients.dynamodb,
            metrics,
            lambda: moment,
            lambda _: None,
        )
        return isoformat(moment)

    return write


def face(index: int, person: str | None, similarity: float = 99.0) -> dict[str, Any]:
    match = (
        {
            "status": "MATCHED",
            "face_id": f"f-{person}",
            "external_image_id": person,
            "similarity": similarity,
        }
        if person
        else {"status": "NO_MATCH"}
    )
    return {
        "index": index,
        "confidence": 99.5,
        "bounding_box": {"left": 0.1 * index, "top": 0.2, "width": 0.25, "height": 0.3},
        "emotions": [{"type": "HAPPY", "confidence": 91.0}, {"type": "CALM", "confidence": 5.0}],
        "match": match,
    }


def keys(body: dict[str, Any]) -> list[str]:
    return [result["key"] for result in body["results"]]


def test_results_newest_first_one_per_image_with_faces(http, store):
    store(10, "input/a.jpg", {"faces": [face(0, "alice")]})
    written = store(20, "input/b.jpg", {"faces": [face(0, "bob", 97.25), face(1, None)]})
    store(70, "input/c.jpg")  # the next minute's partition: no face

    response = http.get("/api/results")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert keys(body) == ["input/c.jpg", "input/b.jpg", "input/a.jpg"]
    c, b, _ = body["results"]
    assert c["status"] == "NO_FACE"
    assert c["faces"] == []
    assert b["processed_at"] == written
    assert b["status"] == "FACES"
    assert b["latency_ms"] == 500.0
    assert b["faces"] == [
        {
            "index": 0,
            "box": {"left": 0, "top": 0.2, "width": 0.25, "height": 0.3},
            "confidence": 99.5,
            "top_emotion": "HAPPY",
            "matched": True,
            "person_id": "bob",
            "similarity": 97.25,
        },
        {
            "index": 1,
            "box": {"left": 0.1, "top": 0.2, "width": 0.25, "height": 0.3},
            "confidence": 99.5,
            "top_emotion": "HAPPY",
            "matched": False,
            "person_id": None,
            "similarity": None,
        },
    ]
    assert body["newest"] == c["processed_at"]
    assert body["next_before"] is None


def test_image_urls_are_presigned_for_minutes_with_the_services_credentials(http, store):
    store(10, "input/a.jpg", {"faces": [face(0, "alice")]})

    (result,) = http.get("/api/results").json()["results"]

    url = urlsplit(result["image_url"])
    query = parse_qs(url.query)
    assert url.path.endswith("/input/a.jpg")
    assert query["X-Amz-Expires"] == [str(live.URL_SECONDS)]
    assert 60 <= live.URL_SECONDS <= 900
    own = boto3.session.Session().get_credentials()
    assert query["X-Amz-Credential"][0].startswith(f"{own.access_key}/")


def test_rejections_and_failures_come_with_their_reason(http, store):
    store(10, "input/big.jpg", {"status": "REJECTED", "reason": "TOO_LARGE", "message": "20 MB"})
    store(11, "input/bad.jpg", {"failure": {"Error": "States.Timeout", "Cause": "took too long"}})

    bad, big = http.get("/api/results").json()["results"]

    assert (big["status"], big["reason"], big["message"]) == ("REJECTED", "TOO_LARGE", "20 MB")
    assert big["image_url"] is None
    assert (bad["status"], bad["reason"], bad["message"]) == (
        "FAILURE",
        "States.Timeout",
        "took too long",
    )


def test_paging_walks_back_with_before(http, store):
    for second in range(5):
        store(10 + second * 20, f"input/{second}.jpg", {"faces": [face(0, "alice")]})

    first = http.get("/api/results?limit=2").json()
    second = http.get(f"/api/results?limit=2&before={first['next_before']}").json()
    third = http.get(f"/api/results?limit=2&before={second['next_before']}").json()

    assert keys(first) == ["input/4.jpg", "input/3.jpg"]
    assert keys(second) == ["input/2.jpg", "input/1.jpg"]
    assert keys(third) == ["input/0.jpg"]
    assert third["next_before"] is None


def test_since_returns_only_newer_results_and_leaves_out_seen_ones(http, store):
    store(10, "input/old.jpg")
    cursor = store(20, "input/shown.jpg")
    shown = http.get("/api/results").json()["results"][0]
    store(21, "input/new.jpg", {"faces": [face(0, "carol")]})
    store(65, "input/newer.jpg")

    newer = http.get(f"/api/results?since={cursor}").json()
    settled = http.get(f"/api/results?since={isoformat(START)}&seen={shown['id']}").json()
    nothing = http.get(f"/api/results?since={newer['newest']}").json()

    assert keys(newer) == ["input/newer.jpg", "input/new.jpg"]
    assert keys(settled) == ["input/newer.jpg", "input/new.jpg", "input/old.jpg"]
    assert nothing["results"] == []
    assert nothing["newest"] == newer["newest"]


def test_a_result_stored_again_is_a_new_result(http, store):
    store(10, "input/a.jpg")
    store(30, "input/a.jpg", {"faces": [face(0, "alice")]})

    (result,) = http.get("/api/results").json()["results"]

    assert result["status"] == "FACES"
    assert result["processed_at"] == isoformat(START + dt.timedelta(seconds=30))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "since must be an ISO 8601 timestamp"),
        ("since=2026-13-45T99:00:00Z", "since must be an ISO 8601 timestamp"),
        ("since=" + "9" * 50, "since must be an ISO 8601 timestamp"),
        ("since=2001-01-01T00:00:00Z", "since must be within the last 15 minutes"),
        ("since=2999-01-01T00:00:00Z", "since must not be in the future"),
        ("before=nope", "before must be an ISO 8601 timestamp"),
        ("since=2026-01-01T00:00:00Z&before=2026-01-01T00:00:00Z", "not both"),
        ("limit=0", "limit must be a whole number from 1 to 200"),
        ("limit=201", "limit must be a whole number from 1 to 200"),
        ("limit=-1", "limit must be a whole number from 1 to 200"),
        ("limit=ten", "limit must be a whole number from 1 to 200"),
        ("seen=zz", "seen must list result ids"),
        ("seen=" + ",".join(["0" * 12] * 501), "seen may name at most 500"),
        ("table=FaceRecognitionResults", "unknown parameter 'table'"),
    ],
)
def test_bad_input_is_answered_with_400(http, query, message):
    response = http.get(f"/api/results?{query}")

    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_stored_strings_come_back_as_data_and_the_page_never_parses_them(http, store):
    store(10, "input/<b>x</b>.jpg", {"faces": [face(0, XSS)]})

    response = http.get("/api/results")
    script = (ROOT / "service" / "static" / "live.js").read_text()

    assert response.headers["content-type"] == "application/json"
    assert response.json()["results"][0]["faces"][0]["person_id"] == XSS
    # The page builds its DOM with textContent only (the browser test shows XSS as text).
    markup = r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\("
    assert re.findall(markup, script) == []
    assert "textContent" in script


def test_the_page_has_a_strict_policy_and_no_secrets(http):
    page = http.get("/live")
    script = http.get("/live/live.js")

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";")
    )
    assert policy["img-src"] == f"https://{BUCKET}.s3.amazonaws.com"
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert page.headers["x-content-type-options"] == "nosniff"
    source = page.text + script.text + http.get("/live/live.css").text
    for secret in (TABLE, BUCKET, "testing", "AWS_", "X-Amz-Credential"):
        assert secret not in source
    assert '<script src="/live/live.js" defer></script>' in page.text
    assert "<script>" not in page.text


def test_last_minute_counters_and_latency_percentiles(http, store, now):
    now.now = START + dt.timedelta(seconds=100)
    store(30, "input/too-old.jpg", upload=9)
    for index in range(10):
        faces = [face(0, "alice" if index % 2 else None)]
        store(50 + index, f"input/{index}.jpg", {"faces": faces}, upload=0.1 * (index + 1))
    store(61, "input/big.jpg", {"status": "REJECTED", "reason": "TOO_LARGE"})
    store(62, "input/bad.jpg", {"failure": {"Error": "Boom", "Cause": "x"}})

    stats = http.get("/api/results").json()["stats"]

    assert stats == {
        "window_seconds": 60,
        "images": 10,
        "faces": 10,
        "matches": 5,
        "rejections": 1,
        "failures": 1,
        "latency_ms": {"p50": 500.0, "p95": 1000.0},
    }


def test_counters_older_than_a_second_are_answered_and_counted_again_off_the_request(
    http, store, now
):
    now.now = START + dt.timedelta(seconds=30)
    reader = http.app.state.live_hub.reader
    tick = [0.0]
    clock = lambda: tick[0]  # noqa: E731
    store(10, "input/a.jpg", {"faces": [face(0, "alice")]})
    first = live.last_minute(reader, now(), clock)
    store(29, "input/b.jpg", {"faces": [face(0, None)]})  # a write landing after its time
    scheduled: list = []
    tick[0] = 5.0  # after the cached second
    now.now = START + dt.timedelta(seconds=30.5)
    reads: list[str | None] = []
    query_minute = reader.query_minute

    def recorded(minute: str, **arguments: Any) -> Any:
        reads.append(arguments.get("after"))
        return query_minute(minute, **arguments)

    reader.query_minute = recorded

    answered = live.last_minute(reader, now(), clock, background=scheduled.append)

    assert answered == first
    assert answered["images"] == 1
    (refresh,) = scheduled
    # One refresh at a time: a request meanwhile is answered from the cache, schedules nothing.
    assert live.last_minute(reader, now(), lambda: 5.0, background=scheduled.append) == first
    assert len(scheduled) == 1
    assert refresh()["images"] == 2
    assert live.last_minute(reader, now(), lambda: 5.5)["images"] == 2
    # The refresh read what is new (since the previous read less the settle), not the minute:
    # one query per minute partition those 2.5 s touch, two when a minute turns inside them
    # (START's seconds come from the clock, so one run in about twenty).
    since = START + dt.timedelta(seconds=28)
    partitions = 2 if since.minute != now.now.minute else 1
    assert reads == [isoformat(since)] * partitions
    # A minute on, a and b have left the window.
    store(90, "input/c.jpg")
    now.now = START + dt.timedelta(seconds=95)
    assert live.last_minute(reader, now(), lambda: 9.0)["images"] == 1


def test_reads_are_index_queries_never_scans(http, store, clients):
    store(10, "input/a.jpg", {"faces": [face(0, "alice")]})
    calls: list[tuple[str, Any]] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, params.get("IndexName")))

    clients.dynamodb.meta.events.register("before-parameter-build.dynamodb", record)
    try:
        http.get("/api/results")
        http.get(f"/api/results?since={isoformat(START)}")
    finally:
        clients.dynamodb.meta.events.unregister("before-parameter-build.dynamodb", record)

    assert calls
    assert set(calls) == {("Query", schema.PROCESSED_INDEX)}


def test_every_pipeline_record_carries_its_minute(clients, store):
    store(10, "input/a.jpg", {"faces": [face(0, "alice"), face(1, None)]})
    store(75, "input/b.jpg", {"status": "REJECTED", "reason": "TOO_LARGE"})

    items = clients.dynamodb.scan(TableName=TABLE)["Items"]

    minutes = sorted((i["record_id"]["S"], i[schema.PROCESSED_MINUTE]["S"]) for i in items)
    first, second = (isoformat(START + dt.timedelta(seconds=s))[:16] for s in (10, 75))
    assert minutes == [("FACE#000", first), ("FACE#001", first), ("REJECTED", second)]


def test_images_of_another_bucket_get_no_url(http, store, clients):
    put_image(clients, "input/a.jpg", b"x")
    store(10, "input/a.jpg", {"bucket": "someone-elses", "faces": [face(0, "alice")]})

    (result,) = http.get("/api/results").json()["results"]

    assert result["image_url"] is None


# -- the push stream (GET /api/stream) ---------------------------------------------------------
# Starlette's test client reads a response to its end, and a stream has none: the stream's
# events are read from the application's hub, the generator the route streams.


async def next_event(events: Any, kind: str, seconds: float = 10.0) -> dict[str, Any]:
    """The next ``kind`` event of a page's stream, its data parsed."""

    async def find() -> dict[str, Any]:
        while True:
            text = await anext(events)
            if text.startswith(f"event: {kind}\n"):
                data = text.split("\n")[1]
                assert data.startswith("data: ")
                assert text.endswith("\n\n")
                parsed: dict[str, Any] = json.loads(data.removeprefix("data: "))
                return parsed

    return await asyncio.wait_for(find(), seconds)


def test_the_stream_pushes_each_new_result_once_to_every_page(http, store, now):
    hub = http.app.state.live_hub
    hub.feed_seconds = 0.02
    now.now = START + dt.timedelta(seconds=10)
    store(5, "input/old.jpg")  # before the pages connected: theirs through GET /api/results

    async def scenario() -> None:
        first, second = hub.events(), hub.events()
        assert await anext(first) == "retry: 1000\n: connected\n\n"
        feed = hub._task
        assert await anext(second) == "retry: 1000\n: connected\n\n"
        assert hub._task is feed  # one feed per process, whatever the number of pages
        store(11, "input/a.jpg", {"faces": [face(0, "alice")]})
        now.now = START + dt.timedelta(seconds=12)

        for page in (first, second):
            pushed = await next_event(page, "results")
            assert keys(pushed) == ["input/a.jpg"]
            (result,) = pushed["results"]
            assert result["faces"][0]["person_id"] == "alice"
            assert result["image_url"].startswith("http")
            assert pushed["now"] >= isoformat(START + dt.timedelta(seconds=10))

        # Within the settle window a.jpg is read again, and left out: only b.jpg is new.
        store(12.5, "input/b.jpg", {"faces": [face(0, None)]})
        now.now = START + dt.timedelta(seconds=13)
        assert keys(await next_event(first, "results")) == ["input/b.jpg"]
        assert keys(await next_event(second, "results")) == ["input/b.jpg"]
        # The counters are read once a second: the first ones may be from before a and b.
        counted = None
        while counted != (3, 2, 1):
            stats = await next_event(first, "stats")
            counted = (stats["images"], stats["faces"], stats["matches"])
            assert counted in ((1, 0, 0), (2, 1, 1), (3, 2, 1))

        # The feed stops when the last page leaves.
        assert len(hub.pages) == 2
        await first.aclose()
        await second.aclose()
        assert hub.pages == set()
        await asyncio.wait_for(hub._task, 5)

    asyncio.run(scenario())


def test_the_stream_sends_heartbeats_while_nothing_is_stored(http, now):
    hub = http.app.state.live_hub
    hub.feed_seconds, hub.heartbeat_seconds = 0.02, 0.05
    assert live.HEARTBEAT_SECONDS < 60  # the load balancer's idle timeout (fleet.swift)

    async def scenario() -> None:
        page = hub.events()
        await anext(page)
        texts = [await asyncio.wait_for(anext(page), 5) for _ in range(4)]
        assert ": heartbeat\n\n" in texts
        assert not any(text.startswith("event: results") for text in texts)
        await page.aclose()

    asyncio.run(scenario())


def test_a_page_that_falls_behind_is_disconnected_and_others_are_not(http, now):
    hub = http.app.state.live_hub
    hub.feed_seconds = 60.0  # the feed steps once: these events are the test's own

    async def scenario() -> None:
        hub.QUEUE_EVENTS = 2
        slow = hub.events()
        await anext(slow)
        hub.QUEUE_EVENTS = 64
        quick = hub.events()
        await anext(quick)
        await asyncio.sleep(0.2)  # the feed's first step and stats have been handed out
        for index in range(3):
            hub._publish(f"event: results\ndata: {index}\n\n")
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(anext(slow), 5)
        assert len(hub.pages) == 1
        assert await next_event(quick, "results") == 0
        await quick.aclose()
        hub._task.cancel()

    asyncio.run(scenario())


def test_the_stream_takes_no_parameters(http):
    response = http.get("/api/stream?since=2026-12-05T07:52:10Z")

    assert response.status_code == 400
    assert response.json() == {"detail": "unknown parameter 'since': the stream takes none"}
    assert "img-src" in response.headers["content-security-policy"]


def test_a_feed_after_failed_reads_sends_what_was_stored_meanwhile(clients, store, now):
    reader = live.Reader(
        dynamodb=clients.dynamodb, table=TABLE, bucket=BUCKET, urls=live.URLCache(clients.s3)
    )
    feed = live.Feed(reader)
    assert feed.step(START + dt.timedelta(seconds=10)) == []
    query_minute = reader.query_minute

    def failing(*arguments: Any, **named: Any) -> Any:
        raise RuntimeError("throttled")

    reader.query_minute = failing
    store(12, "input/during-the-outage.jpg")
    for second in (13, 16, 19):
        with pytest.raises(RuntimeError):
            feed.step(START + dt.timedelta(seconds=second))
    reader.query_minute = query_minute

    sent = feed.step(START + dt.timedelta(seconds=20))

    assert [result["key"] for result in sent] == ["input/during-the-outage.jpg"]


def test_a_feed_reads_on_past_a_full_page(clients, store, now):
    reader = live.Reader(
        dynamodb=clients.dynamodb, table=TABLE, bucket=BUCKET, urls=live.URLCache(clients.s3)
    )
    feed = live.Feed(reader)
    feed.step(START + dt.timedelta(seconds=10))
    for index in range(live.MAX_LIMIT + 30):
        store(10.5 + index / 1000, f"input/burst-{index:03d}.jpg")

    sent = feed.step(START + dt.timedelta(seconds=11))

    assert len(sent) == live.MAX_LIMIT + 30
    assert len({result["id"] for result in sent}) == live.MAX_LIMIT + 30


def test_a_burst_beyond_a_steps_pages_is_sent_by_the_next_step(clients, store, now, monkeypatch):
    monkeypatch.setattr(live, "FEED_MAX_PAGES", 1)
    reader = live.Reader(
        dynamodb=clients.dynamodb, table=TABLE, bucket=BUCKET, urls=live.URLCache(clients.s3)
    )
    feed = live.Feed(reader)
    feed.step(START + dt.timedelta(seconds=10))
    # Late writes: stored after that step, with times inside its settle window.
    for index in range(live.MAX_LIMIT + 30):
        store(8.5 + index / 1000, f"input/burst-{index:03d}.jpg")

    first = feed.step(START + dt.timedelta(seconds=12))
    # Reading on from this step's own time (less the settle) would miss the older rest.
    second = feed.step(START + dt.timedelta(seconds=20))

    assert len(first) == live.MAX_LIMIT
    assert [result["key"] for result in second] == [
        f"input/burst-{index:03d}.jpg" for index in reversed(range(30))
    ]
    assert feed.step(START + dt.timedelta(seconds=21)) == []


def test_a_stream_ends_after_its_lifetime_and_stats_carry_the_servers_time(http, now):
    hub = http.app.state.live_hub
    hub.feed_seconds, hub.lifetime_seconds = 0.02, 0.5

    async def scenario() -> list[str]:
        return [text async for text in hub.events()]

    texts = asyncio.run(asyncio.wait_for(scenario(), 10))

    assert texts[0].startswith("retry: 1000")
    stats = [json.loads(t.split("\n")[1][6:]) for t in texts if t.startswith("event: stats")]
    assert stats
    assert stats[0]["now"] == isoformat(now())
    assert hub.pages == set()


def test_a_process_serves_a_bounded_number_of_streams(http):
    http.app.state.live_hub.MAX_PAGES = 0

    response = http.get("/api/stream")

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"


def test_a_failed_whole_read_leaves_the_counters_window_as_it_was(http, store, now):
    now.now = START + dt.timedelta(seconds=30)
    reader = http.app.state.live_hub.reader
    store(10, "input/a.jpg", {"faces": [face(0, "alice")]})
    assert live.last_minute(reader, now(), lambda: 0.0)["images"] == 1
    query_minute = reader.query_minute
    calls = []

    def second_fails(minute: str, **arguments: Any) -> Any:
        calls.append(minute)
        if len(calls) > 1:
            raise RuntimeError("throttled")
        return query_minute(minute, **arguments)

    reader.query_minute = second_fails
    reader._window_full = now() - dt.timedelta(minutes=5)  # the whole read is due
    with pytest.raises(RuntimeError):
        live.last_minute(reader, now(), lambda: 5.0)
    reader.query_minute = query_minute

    assert live.last_minute(reader, now(), lambda: 10.0)["images"] == 1
