"""The live view's goals with 10,000 rows in the table, measured on the local cloud.

    make run                                         # the local cloud, dev deployed, the fleet
    python3 scripts/live_view_benchmark.py [--rows 10000] [--requests 200]

Seeds ROWS result rows (one face each, as store writes them, processed_minute included) spread
over the last ten minutes under input/live-benchmark/, then measures, each as whole HTTP
requests to the running service (the emulator, the gateway and the service all on loopback):

- first paint: GET /live, its script and style, and the first GET /api/results, in sequence
  (what the page needs before it can draw its first results; images excluded) — and, where
  Debian's chromium and selenium are installed, the page's own mark (navigation start to the
  first results drawn, `data-first-results-ms`);
- the API: the page's poll (`since` 2 s ago) and the first page (no `since`), p50 and p95.

Goals (issue 19): first paint <= 1 s, API p95 <= 100 ms. The seeded rows are deleted at the end
(--keep keeps them). Prints one JSON document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "stacks" / "FaceRecognition" / "handlers"))

from facecommon import records as record_builder  # noqa: E402
from facecommon.ids import image_id, isoformat  # noqa: E402
from facecommon.items import to_item  # noqa: E402

FACESTACK = ROOT / ".build" / "debug" / "facestack"
PREFIX = "input/live-benchmark/"


def facestack(*arguments: str) -> Any:
    out = subprocess.run(
        [str(FACESTACK), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    if out.returncode != 0:
        raise SystemExit(f"facestack {' '.join(arguments)}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def results_table(cloudformation: Any, prefix: str) -> tuple[str, str]:
    for stack in cloudformation.describe_stacks()["Stacks"]:
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        table = outputs.get("ResultsTableName", "")
        if table.startswith(f"{prefix}-"):
            return table, outputs["ImagesBucketName"]
    raise SystemExit(f"no deployed stack with the prefix {prefix} on the local cloud")


def seed(dynamodb: Any, table: str, bucket: str, rows: int) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.timezone.utc)
    keys = []
    requests = []
    for index in range(rows):
        stored = now - dt.timedelta(seconds=600 * (rows - index) / rows)
        key = f"{PREFIX}{index:05d}.jpg"
        result = {
            "status": "OK",
            "image_id": image_id(bucket, key, None),
            "bucket": bucket,
            "key": key,
            "captured_at": isoformat(stored - dt.timedelta(milliseconds=800)),
            "image": {"format": "JPEG", "width": 640, "height": 480, "size_bytes": 50000},
            "face_count": 1,
            "faces": [
                {
                    "index": 0,
                    "confidence": 99.9,
                    "bounding_box": {"left": 0.3, "top": 0.2, "width": 0.2, "height": 0.3},
                    "emotions": [{"type": "CALM", "confidence": 90.0}],
                    "match": {
                        "status": "MATCHED",
                        "face_id": "f",
                        "external_image_id": f"person-{index % 50}",
                        "similarity": 99.0,
                    },
                }
            ],
        }
        (record,) = record_builder.records_for_detection(result, isoformat(stored))
        item = to_item(record, None)
        requests.append({"PutRequest": {"Item": item}})
        keys.append({"image_id": item["image_id"], "record_id": item["record_id"]})
    write(dynamodb, table, requests)
    return keys


def write(dynamodb: Any, table: str, requests: list[dict[str, Any]]) -> None:
    for start in range(0, len(requests), 25):
        pending = {table: requests[start : start + 25]}
        while pending.get(table):
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems", {})


def timed_get(url: str) -> tuple[float, bytes]:
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"the live view must be on loopback, got {url}")
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - checked above
        body: bytes = answer.read()
    return (time.perf_counter() - started) * 1000, body


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def first_paint_http(base: str, times: int) -> dict[str, float]:
    values = []
    for _ in range(times):
        total = 0.0
        for path in ("/live", "/live/live.js", "/live/live.css", "/api/results"):
            elapsed, _ = timed_get(base + path)
            total += elapsed
        values.append(total)
    return percentiles(values)


def first_paint_browser(url: str, times: int) -> dict[str, float] | None:
    """navigation start to the first results drawn, in headless chromium (None without it)."""
    if not Path("/usr/bin/chromedriver").exists():
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    values = []
    try:
        for _ in range(times):
            driver.get(url)
            deadline = time.monotonic() + 30
            mark = None
            while mark is None and time.monotonic() < deadline:
                mark = driver.execute_script("return document.body.dataset.firstResultsMs || null")
                time.sleep(0.05)
            if mark is not None:
                values.append(float(mark))
    finally:
        driver.quit()
    return percentiles(values) if values else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--prefix", default="facestack-dev", help="the environment's namePrefix")
    parser.add_argument("--env", default="dev")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the seeded rows")
    arguments = parser.parse_args()
    if not 1 <= arguments.rows <= 100000 or not 1 <= arguments.requests <= 5000:
        parser.error("--rows must be 1-100000 and --requests 1-5000")

    variables = facestack("local", "env", "--format", "json")
    view = facestack("local", "live", "--env", arguments.env, "--format", "json")
    session = boto3.session.Session(
        aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
        region_name=variables["AWS_REGION"],
    )
    endpoint = {"endpoint_url": variables["AWS_ENDPOINT_URL"], "verify": variables["AWS_CA_BUNDLE"]}
    dynamodb = session.client("dynamodb", **endpoint)
    table, bucket = results_table(session.client("cloudformation", **endpoint), arguments.prefix)
    base = view["url"].removesuffix("/live")

    started = time.perf_counter()
    keys = seed(dynamodb, table, bucket, arguments.rows)
    seeded_seconds = time.perf_counter() - started
    try:
        timed_get(base + "/api/results")  # the first request warms the service's connections
        report: dict[str, Any] = {
            "rows": arguments.rows,
            "seed_seconds": round(seeded_seconds, 1),
            "first_paint_http_ms": first_paint_http(base, 20),
            "first_paint_browser_ms": first_paint_browser(view["url"], 5),
        }
        poll, first = [], []
        for _ in range(arguments.requests):
            since = isoformat(dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=2))
            poll.append(timed_get(f"{base}/api/results?since={since}")[0])
        for _ in range(max(1, arguments.requests // 4)):
            first.append(timed_get(f"{base}/api/results")[0])
        _, body = timed_get(f"{base}/api/results")
        page = json.loads(body)
        report["api_poll_ms"] = percentiles(poll)
        report["api_first_page_ms"] = percentiles(first)
        report["first_page"] = {"results": len(page["results"]), "bytes": len(body)}
        report["goals"] = {
            "first_paint_le_1000_ms": report["first_paint_http_ms"]["p95"] <= 1000,
            "api_p95_le_100_ms": report["api_poll_ms"]["p95"] <= 100,
        }
    finally:
        if not arguments.keep:
            write(dynamodb, table, [{"DeleteRequest": {"Key": key}} for key in keys])
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
