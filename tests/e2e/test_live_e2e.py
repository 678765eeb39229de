"""The live view in a real browser, on the local cloud.

The dev stack (prefix facestack-live) is deployed with one local fleet instance, whose
recognition service (app.py, under the instance role) serves GET /live. Debian's chromium runs
headless through Debian's chromedriver (/usr/bin/chromedriver: selenium downloads nothing) and
trusts the local certificate authority through an NSS database made with certutil, as a user's
browser would — never --ignore-certificate-errors — so the images' presigned URLs load from the
IAM gateway over TLS. The page reads the newest results and then listens to the push stream
(Server-Sent Events, GET /api/stream). Ten photos are uploaded, half through the Lambda path
(input/) and half through the fleet (batch/); each appears with its person id, and the time
from its row being written (processed_at) to its card being on the page is recorded (README.md
reports it; no timing is asserted). Any console error fails the test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, LocalCloud, eventually

sys.path.insert(0, str(ROOT / "local"))
from facestack_local import samples

PREFIX = "facestack-live"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
XSS = "<img src=x onerror=alert(1)>"
# Where the measured latencies go (and the screenshot, when FACESTACK_LIVE_SCREENSHOT names a
# file, as README.md shows for docs/live-view.png).
REPORT = ROOT / ".build" / "live-e2e.json"


def environment_folder(folder: Path) -> Path:
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    dev = folder / "dev.yaml"
    text = dev.read_text()
    assert "namePrefix: facestack-dev" in text
    dev.write_text(text.replace("namePrefix: facestack-dev", f"namePrefix: {PREFIX}"))
    return folder


class Live:
    def __init__(self, cloud: LocalCloud, folder: Path) -> None:
        self.cloud = cloud
        self.extra = {"FACESTACK_ENVIRONMENTS_DIR": str(folder)}

    def run(self, *arguments: str) -> str:
        result = self.cloud.facestack(*arguments, extra=self.extra, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


@pytest.fixture(scope="module")
def live(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> Live:
    live = Live(cloud, environment_folder(tmp_path_factory.mktemp("live-environments")))
    out = live.run("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain")
    assert f"local fleet {PREFIX}-recognition: running 1" in out
    photos = samples.ensure(ROOT / ".facestack" / "cache" / "samples")
    live.run("local", "upload", "--enroll", "obama", "--wait", str(photos["obama.jpg"]))
    return live


def trusting_nss_database(home: Path, ca_bundle: str) -> None:
    """$HOME/.pki/nssdb, where chromium on Linux reads its trusted authorities, with the local
    certificate authority trusted for TLS servers."""
    database = home / ".pki" / "nssdb"
    database.mkdir(parents=True)
    subprocess.run(
        ["certutil", "-d", f"sql:{database}", "-N", "--empty-password"], check=True, timeout=60
    )
    subprocess.run(
        [
            *("certutil", "-d", f"sql:{database}", "-A", "-t", "C,,"),
            *("-n", "facestack-local", "-i", ca_bundle),
        ],
        check=True,
        timeout=60,
    )


@pytest.fixture
def browser(cloud: LocalCloud, tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for program in (CHROMIUM, CHROMEDRIVER):
        if not program.exists():
            pytest.fail(f"{program} is missing: 'make deps' installs chromium and chromium-driver")
    home = tmp_path / "home"
    trusting_nss_database(home, cloud.ca_bundle)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    environment = dict(os.environ, HOME=str(home))
    service = Service(executable_path=str(CHROMEDRIVER), env=environment)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def card(driver: Any, key: str) -> dict[str, Any] | None:
    """The card of `key` on the page: its data attributes and text."""
    found: dict[str, Any] | None = driver.execute_script(
        """
        const card = [...document.querySelectorAll("article")]
          .find((node) => node.dataset.key === arguments[0]);
        if (!card) return null;
        return {
          ...card.dataset,
          text: card.innerText,
          people: [...card.querySelectorAll(".person")].map((n) => n.textContent),
          images: [...card.querySelectorAll("img")].map((i) => i.src),
          boxes: card.querySelectorAll(".box").length,
        };
        """,
        key,
    )
    return found


def answering(url: str) -> None:
    """Waits for the service (deploy returns once its process is started, not serving)."""

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(url.replace("/live", "/healthz"), timeout=5) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    eventually(healthy, seconds=120, what=f"the service behind {url}")


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_new_faces_appear_on_the_live_page(live: Live, browser: Any, tmp_path: Path) -> None:
    view = json.loads(live.run("local", "live", "--env", "dev", "--format", "json"))
    assert view["url"].startswith("http://127.0.0.1:")
    assert view["url"].endswith("/live")
    assert view["group"] == f"{PREFIX}-recognition"
    assert "live view      http://127.0.0.1:" in live.run("local", "status")
    answering(view["url"])
    browser.get(view["url"])
    # The page reads the newest results, then listens to the push stream (GET /api/stream).
    eventually(
        lambda: browser.find_element("id", "state").text.startswith("live (pushed)"),
        seconds=60,
        what="the page on the push stream",
    )
    photos = samples.ensure(ROOT / ".facestack" / "cache" / "samples")
    cycle = [("obama2.jpg", "obama"), ("obama3.jpg", "obama"), ("biden.jpg", None)]
    latencies: list[float] = []
    for index in range(10):
        name, person = cycle[index % len(cycle)]
        path = tmp_path / f"live-{index:02d}-{name}"
        shutil.copy(photos[name], path)
        # Even uploads take the Lambda path (input/), odd ones the fleet's (batch/).
        batch = index % 2 == 1
        live.run("local", "upload", *(["--batch"] if batch else []), str(path))
        key = f"{'batch' if batch else 'input'}/{path.name}"

        def shown_card(key: str = key) -> dict[str, Any] | None:
            return card(browser, key)

        shown = eventually(shown_card, seconds=180, what=f"{key}")
        if person:
            assert shown["people"] == [person], shown["text"]
        else:
            assert shown["people"] == [], shown["text"]
            assert "unknown" in shown["text"]
        assert shown["boxes"] == 1
        assert "confidence" in shown["text"]
        latencies.append(
            (moment(shown["shownAt"]) - moment(shown["processedAt"])).total_seconds() * 1000
        )
    # Every image came from the gateway over TLS, trusted through the NSS database.
    gateway = live.cloud.endpoint.rstrip("/")
    eventually(
        lambda: browser.execute_script(
            "return [...document.querySelectorAll('article img')]"
            ".every((i) => i.complete && i.naturalWidth > 0)"
        ),
        seconds=60,
        what="every image loaded",
    )
    sources = browser.execute_script(
        "return [...document.querySelectorAll('article img')].map((i) => i.src)"
    )
    assert sources
    assert all(source.startswith(gateway + "/") for source in sources)
    assert console_errors(browser) == []
    report: dict[str, Any] = {
        "uploads": len(latencies),
        "write_to_visible_ms": {
            "p50": round(statistics.median(latencies), 1),
            "max": round(max(latencies), 1),
            "all": [round(value, 1) for value in latencies],
        },
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"live view: write to visible p50 {report['write_to_visible_ms']['p50']} ms")
    screenshot = os.environ.get("FACESTACK_LIVE_SCREENSHOT")
    if screenshot:
        browser.save_screenshot(screenshot)


def test_stored_strings_show_as_text(live: Live, browser: Any, tmp_path: Path) -> None:
    view = json.loads(live.run("local", "live", "--env", "dev", "--format", "json"))
    answering(view["url"])
    browser.get(view["url"])
    photos = samples.ensure(ROOT / ".facestack" / "cache" / "samples")
    path = tmp_path / f"{XSS}.jpg"
    shutil.copy(photos["biden.jpg"], path)
    live.run("local", "upload", str(path))

    shown = eventually(lambda: card(browser, f"input/{XSS}.jpg"), seconds=180, what="the card")

    assert XSS in shown["text"]
    assert browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert console_errors(browser) == []
    source = browser.page_source
    assert "FaceRecognitionResults" not in source
    assert live.cloud.secret_access_key not in source
