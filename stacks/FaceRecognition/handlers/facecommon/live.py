"""The live view's reads: the newest pipeline results, one image per result, from the table.

Every read is a Query of ``processed-time-index`` (``schema.PROCESSED_INDEX``), one minute's
partition at a time, newest first, so it is bounded and time-ordered, never a Scan, and the
partitions move on with time instead of one hot key taking every write. The table is the only
source: whichever process serves a page sees what every writer (the Lambda store, any fleet
instance) stored.

    page = read_results(reader, since=parse_cursor("2026-12-05T07:52:10.120Z", now), now=now)
    page.results   # newest first: {"image_id", "key", "status", "faces": [...], "image_url", ...}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from boto3.dynamodb.types import TypeDeserializer

from . import schema
from .ids import isoformat, parse_timestamp

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# A ``since`` older than this is refused: a poll reads at most this many minute partitions.
SINCE_WINDOW = dt.timedelta(minutes=15)
# The first page (and each ``before`` page) looks back at most this many minutes: the live
# view is about now; older results are Athena's (processed/) or `facestack local results`.
LOOKBACK_MINUTES = 15
# Presigned image URLs live this long; a URL is reused for half of it.
URL_SECONDS = 300
STATS_SECONDS = 60
STATS_CACHE_SECONDS = 1.0
STATS_ATTRIBUTES = (
    "image_id",
    schema.SORT_KEY,
    "processed_at",
    "captured_at",
    "record_type",
    "matched",
)
# The counters' window is read whole this often (in between, only what is new).
STATS_WINDOW_REREAD = dt.timedelta(seconds=STATS_SECONDS)
# Items per Query page: an image has at most MAX_FACES (100) records, usually one to five.
QUERY_PAGE = 300
# A poll asks again for the last SETTLE of results (a writer's processed_at is taken before its
# write lands, so a slower writer's row can appear behind a newer one) and names the results it
# already has in ``seen``, which are left out: nothing shown is sent again.
MAX_SEEN = 500
_SEEN_ID = re.compile(r"^[0-9a-f]{12}$")

_DESERIALIZER = TypeDeserializer()


class BadCursor(ValueError):
    """A ``since`` or ``before`` value the API answers with 400."""


def parse_cursor(value: str, now: dt.datetime, name: str = "since") -> str:
    """An ISO 8601 timestamp in UTC, within ``SINCE_WINDOW`` for ``since``; canonical text."""
    if len(value) > 40:
        raise BadCursor(f"{name} must be an ISO 8601 timestamp, got {len(value)} characters")
    moment = parse_timestamp(value) if "T" in value else None
    if moment is None:
        raise BadCursor(f"{name} must be an ISO 8601 timestamp like 2026-12-05T07:52:10.120Z")
    if moment > now + dt.timedelta(minutes=5):
        raise BadCursor(f"{name} must not be in the future, got {value}")
    if name == "since" and moment < now - SINCE_WINDOW:
        raise BadCursor(
            f"since must be within the last {int(SINCE_WINDOW.total_seconds() // 60)} minutes "
            "(load the page again for older results)"
        )
    return isoformat(moment)


def parse_limit(value: str | None) -> int:
    """``limit``: 1 to ``MAX_LIMIT`` images, ``DEFAULT_LIMIT`` when absent."""
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadCursor(f"limit must be a whole number from 1 to {MAX_LIMIT}, got {value[:20]!r}")
    return int(value)


def parse_seen(value: str | None) -> frozenset[str]:
    """``seen``: comma-separated result ids (12 hex digits each), at most ``MAX_SEEN``."""
    if not value:
        return frozenset()
    ids = value.split(",")
    if len(ids) > MAX_SEEN:
        raise BadCursor(f"seen may name at most {MAX_SEEN} results, got {len(ids)}")
    bad = next((i for i in ids if not _SEEN_ID.match(i)), None)
    if bad is not None:
        raise BadCursor(f"seen must list result ids of 12 hex digits, got {bad[:20]!r}")
    return frozenset(ids)


def result_id(image_id: str, processed_at: str) -> str:
    """A result's short id: one image's records as one store wrote them."""
    return hashlib.blake2b(f"{image_id}|{processed_at}".encode(), digest_size=6).hexdigest()


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def _minutes_back(newest: dt.datetime, count: int) -> Iterator[str]:
    start = _minute(newest)
    for step in range(count):
        yield schema.processed_minute(isoformat(start - dt.timedelta(minutes=step)))


class URLCache:
    """Presigned GET URLs of images, signed with the service's own credentials, reused for half
    their lifetime (signing is local; no call)."""

    def __init__(self, s3: Any, seconds: int = URL_SECONDS, clock: Callable[[], float] = time.time):
        self.s3 = s3
        self.seconds = seconds
        self.clock = clock
        self._urls: dict[tuple[str, str, str | None], tuple[float, str]] = {}
        self._lock = threading.Lock()

    def url(self, bucket: str, key: str, version_id: str | None) -> str:
        now = self.clock()
        with self._lock:
            cached = self._urls.get((bucket, key, version_id))
            if cached and cached[0] > now:
                return cached[1]
        params = {"Bucket": bucket, "Key": key}
        if version_id:
            params["VersionId"] = version_id
        url: str = self.s3.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=self.seconds
        )
        with self._lock:
            if len(self._urls) > 5000:
                self._urls = {k: v for k, v in self._urls.items() if v[0] > now}
            self._urls[(bucket, key, version_id)] = (now + self.seconds / 2, url)
        return url

    def origin(self, bucket: str) -> str:
        """The scheme, host and port every URL of ``bucket`` has (for ``img-src``)."""
        parts = urlsplit(self.url(bucket, "live-view-origin-probe", None))
        return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Reader:
    """What a read needs: the DynamoDB client, the table, the bucket whose images are shown."""

    dynamodb: Any
    table: str
    bucket: str
    urls: URLCache
    _stats: tuple[float, dict[str, Any]] | None = field(default=None, repr=False)
    _stats_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stats_refreshing: bool = field(default=False, repr=False)
    # The last minute's records (stats attributes only) by (image id, record id), the moment
    # they were last read up to, and the moment of the last whole-minute read.
    _window: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict, repr=False)
    _window_read: dt.datetime | None = field(default=None, repr=False)
    _window_full: dt.datetime | None = field(default=None, repr=False)
    _window_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def query_minute(
        self,
        minute: str,
        *,
        after: str | None = None,
        before: str | None = None,
        page: int = QUERY_PAGE,
        attributes: tuple[str, ...] = (),
    ) -> Iterator[dict[str, Any]]:
        """The records of one minute partition, newest first, between the cursors (exclusive),
        read ``page`` items at a time, with only ``attributes`` when given."""
        names = {"#m": schema.PROCESSED_MINUTE, "#t": "processed_at"}
        values: dict[str, Any] = {":m": {"S": minute}}
        condition = "#m = :m"
        if after and before:
            condition += " AND #t BETWEEN :a AND :b"
            values[":a"], values[":b"] = {"S": after}, {"S": before}
        elif after:
            condition += " AND #t > :a"
            values[":a"] = {"S": after}
        elif before:
            condition += " AND #t < :b"
            values[":b"] = {"S": before}
        else:
            del names["#t"]
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": schema.PROCESSED_INDEX,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "ScanIndexForward": False,
            "Limit": page,
        }
        if attributes:
            for index, name in enumerate(attributes):
                names[f"#a{index}"] = name
            kwargs["ProjectionExpression"] = ", ".join(f"#a{i}" for i in range(len(attributes)))
        while True:
            answer = self.dynamodb.query(**kwargs)
            for item in answer.get("Items", []):
                record = {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}
                # BETWEEN is inclusive; the cursors are not.
                if record.get("processed_at") in (after, before):
                    continue
                yield record
            if "LastEvaluatedKey" not in answer:
                return
            kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


@dataclass(frozen=True)
class Query:
    """A request's cursors, checked."""

    since: str | None
    before: str | None
    limit: int
    seen: frozenset[str]


@dataclass
class Page:
    """One answer of ``GET /api/results``."""

    results: list[dict[str, Any]]
    newest: str | None
    next_before: str | None
    minutes_read: int

    def as_json(self) -> dict[str, Any]:
        return {
            "results": self.results,
            "newest": self.newest,
            "next_before": self.next_before,
            "minutes_read": self.minutes_read,
        }


def read_results(
    reader: Reader,
    *,
    now: dt.datetime,
    since: str | None = None,
    before: str | None = None,
    limit: int = DEFAULT_LIMIT,
    seen: frozenset[str] = frozenset(),
) -> Page:
    """Up to ``limit`` images, newest first: newer than ``since`` and not in ``seen``, or older
    than ``before`` (or the newest ones), looking back at most ``LOOKBACK_MINUTES`` minutes."""
    if since:
        since_moment = parse_timestamp(since) or now
        count = int((_minute(now) - _minute(since_moment)).total_seconds() // 60) + 1
    else:
        count = LOOKBACK_MINUTES
    start = parse_timestamp(before) if before else now
    minutes = list(_minutes_back(start or now, max(1, count)))
    images: dict[tuple[str, str], dict[str, Any]] = {}
    read = 0
    cut: str | None = None
    for minute in minutes:
        read += 1
        # Most images have one to five records: a page of twice the images asked for, plus one
        # to see where the last image ends, usually answers in one read.
        page = min(QUERY_PAGE, 2 * limit + 1)
        for record in reader.query_minute(minute, after=since, before=before, page=page):
            group = (record["image_id"], record["processed_at"])
            if group not in images:
                if seen and result_id(*group) in seen:
                    continue
                if len(images) == limit:
                    cut = record["processed_at"]
                    break
                images[group] = _image(record)
            _add_record(images[group], record)
        if cut:
            break
    results = [_finish(image, reader) for image in images.values()]
    results.sort(key=lambda r: r["processed_at"], reverse=True)
    newest = results[0]["processed_at"] if results else since
    next_before = results[-1]["processed_at"] if cut and results else None
    return Page(results=results, newest=newest, next_before=next_before, minutes_read=read)


def _image(record: dict[str, Any]) -> dict[str, Any]:
    kind = record.get("record_type")
    return {
        "id": result_id(record["image_id"], record["processed_at"]),
        "image_id": record["image_id"],
        "bucket": record.get("bucket"),
        "key": record.get("key"),
        "version_id": record.get("version_id"),
        "status": {schema.FACE: "FACES", schema.NO_FACE: "NO_FACE"}.get(str(kind), kind),
        "processed_at": record["processed_at"],
        "captured_at": record.get("captured_at"),
        "latency_ms": _latency_ms(record),
        "width": _number(record.get("image_width")),
        "height": _number(record.get("image_height")),
        "reason": record.get("reason") or record.get("error"),
        "message": record.get("error_message"),
        "faces": [],
    }


def _add_record(image: dict[str, Any], record: dict[str, Any]) -> None:
    if record.get("record_type") != schema.FACE:
        return
    box = record.get("bounding_box") or {}
    image["faces"].append(
        {
            "index": _number(record.get("face_index")),
            "box": {k: _number(box.get(k)) for k in ("left", "top", "width", "height")},
            "confidence": _number(record.get("confidence")),
            "top_emotion": record.get("top_emotion"),
            "matched": bool(record.get("matched")),
            "person_id": record.get("person_id"),
            "similarity": _number(record.get("similarity")),
        }
    )


def _finish(image: dict[str, Any], reader: Reader) -> dict[str, Any]:
    image["faces"].sort(key=lambda face: face["index"] or 0)
    bucket, key = image.pop("bucket"), image["key"]
    version_id = image.pop("version_id")
    image["image_url"] = (
        reader.urls.url(bucket, key, version_id)
        if bucket == reader.bucket and key and image["status"] in ("FACES", "NO_FACE")
        else None
    )
    return image


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _latency_ms(record: dict[str, Any]) -> float | None:
    """Upload (the object's Last-Modified, or the camera's captured-at) to stored."""
    started = parse_timestamp(record.get("captured_at") or "")
    stored = parse_timestamp(record.get("processed_at") or "")
    if not started or not stored:
        return None
    return max(0.0, round((stored - started).total_seconds() * 1000, 1))


def last_minute(
    reader: Reader,
    now: dt.datetime,
    monotonic: Callable[[], float] = time.monotonic,
    background: Callable[[Callable[[], object]], None] | None = None,
) -> dict[str, Any]:
    """Counts of the last minute (images, faces, matches, rejections, failures) and the upload
    to stored latency's p50 and p95; computed at most once a second per process. With
    ``background`` (which runs a function on another thread), counters older than that are
    answered at once and computed again there, so a request does not wait for a minute's read."""
    with reader._stats_lock:
        cached = reader._stats
        if cached and cached[0] > monotonic():
            return cached[1]
        if cached and background is not None:
            if not reader._stats_refreshing:
                reader._stats_refreshing = True
                background(lambda: _count_last_minute(reader, now, monotonic))
            return cached[1]
    return _count_last_minute(reader, now, monotonic)


def _count_last_minute(
    reader: Reader, now: dt.datetime, monotonic: Callable[[], float]
) -> dict[str, Any]:
    try:
        with reader._window_lock:
            records = _read_window(reader, now)
    finally:
        with reader._stats_lock:
            reader._stats_refreshing = False
    counts = {"images": 0, "faces": 0, "matches": 0, "rejections": 0, "failures": 0}
    latencies: dict[tuple[str, str], float] = {}
    for record in records:
        kind = record.get("record_type")
        group = (record["image_id"], record["processed_at"])
        if kind in (schema.FACE, schema.NO_FACE):
            if group not in latencies:
                counts["images"] += 1
                latency = _latency_ms(record)
                latencies[group] = latency if latency is not None else -1.0
            if kind == schema.FACE:
                counts["faces"] += 1
                counts["matches"] += 1 if record.get("matched") else 0
        elif kind == schema.REJECTED:
            counts["rejections"] += 1
        elif kind == schema.FAILURE:
            counts["failures"] += 1
    ordered = sorted(v for v in latencies.values() if v >= 0)
    stats = {
        "window_seconds": STATS_SECONDS,
        **counts,
        "latency_ms": {"p50": _percentile(ordered, 50), "p95": _percentile(ordered, 95)},
    }
    with reader._stats_lock:
        reader._stats = (monotonic() + STATS_CACHE_SECONDS, stats)
    return stats


def _read_window(reader: Reader, now: dt.datetime) -> list[dict[str, Any]]:
    """The records stored in the last ``STATS_SECONDS``: read whole once a window, and between
    those only since the previous read less ``FEED_SETTLE`` (a writer's ``processed_at`` is
    taken before its write lands), so a refresh reads seconds of records, not a minute's."""
    start = now - dt.timedelta(seconds=STATS_SECONDS)
    whole = reader._window_full is None or now - reader._window_full >= STATS_WINDOW_REREAD
    if reader._window_read is not None and now < reader._window_read:
        return list(reader._window.values())  # a refresh older than the last one: nothing new
    since = start if whole or reader._window_read is None else reader._window_read - FEED_SETTLE
    since = max(start, since)
    after = isoformat(since)
    # Read into a copy: a read that fails leaves the window as it was, to be read again.
    window = {} if whole else dict(reader._window)
    minutes = int((_minute(now) - _minute(since)).total_seconds() // 60) + 1
    for minute in _minutes_back(now, minutes):
        for record in reader.query_minute(minute, after=after, attributes=STATS_ATTRIBUTES):
            window[(record["image_id"], record[schema.SORT_KEY])] = record
    oldest = isoformat(start)
    reader._window = {k: r for k, r in window.items() if r["processed_at"] > oldest}
    reader._window_read = now
    if whole:
        reader._window_full = now
    return list(reader._window.values())


def _percentile(ordered: list[float], percent: int) -> float | None:
    """Nearest-rank percentile."""
    if not ordered:
        return None
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


# -- the push stream ---------------------------------------------------------------------------

# The stream's server reads the table this often while a page is connected (one read per process,
# whatever the number of pages), and sends a comment line when nothing else was sent for
# HEARTBEAT_SECONDS, well under the load balancer's idle timeout (60 s).
FEED_SECONDS = 0.2
HEARTBEAT_SECONDS = 15.0
FEED_SETTLE = dt.timedelta(seconds=2)
# Pages of MAX_LIMIT results one step reads at most (the older rest of a larger burst is read by
# the next step, which starts where this one did).
FEED_MAX_PAGES = 5


class Feed:
    """What is new in the table since the last :meth:`step`, read as a page's poll would (the
    last ``FEED_SETTLE`` again, leaving out the results it already sent), so every result is
    sent once. ``GET /api/stream`` steps one feed per process and fans its results out to every
    connected page."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._previous: dt.datetime | None = None
        self._sent: dict[str, str] = {}  # result id -> processed_at

    def step(self, now: dt.datetime) -> list[dict[str, Any]]:
        """The results stored since the previous step, newest first (the first step: the last
        ``FEED_SETTLE``, which a page that has just connected may have missed; pages leave out
        what they already show)."""
        previous = self._previous or now
        since = isoformat(max(previous - FEED_SETTLE, now - SINCE_WINDOW))
        # What was sent and can come back in this read is named, and left out.
        for known, at in list(self._sent.items()):
            if at <= since:
                del self._sent[known]
        seen = frozenset(self._sent)
        results: list[dict[str, Any]] = []
        before: str | None = None
        # A burst (or a backlog after failed reads) larger than a page is read on, older pages
        # after newer, so none of it is left out.
        for _ in range(FEED_MAX_PAGES):
            page = read_results(
                self.reader, now=now, since=since, before=before, limit=MAX_LIMIT, seen=seen
            )
            results.extend(page.results)
            before = page.next_before
            if not before:
                break
        # Only a read that worked, and read everything, moves the feed on: after a failed one, or
        # one cut short by FEED_MAX_PAGES, the next step reads from where this one did.
        self._previous = previous if before else now
        for result in results:
            self._sent[result["id"]] = result["processed_at"]
        return results
