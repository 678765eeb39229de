"""Starts the emulator: moto's WSGI dispatcher, extended, on a threaded werkzeug server.

    python -m facestack_local.emulator --host 127.0.0.1 --port PORT --state-dir DIR \
        [--event-hook URL]

Logs go to stderr. Once the port accepts requests, `DIR/emulator.json` records the pid, host,
port and endpoint; SIGTERM (or SIGINT) stops the server, delivers queued hook events, removes
that file and exits 0. moto's own IAM and signature enforcement stays off
(INITIAL_NO_AUTH_ACTION_COUNT is removed from the environment): the gateway in front does that.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import Any

LOG = logging.getLogger("facestack.emulator")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m facestack_local.emulator",
                                     description="facestack's local AWS emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--event-hook", default=None,
                        help="POST every EventBridge event here instead of delivering it")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser.parse_args(argv)


def prepare_environment(port: int) -> None:
    """Before moto is imported: its settings are read at import."""
    os.environ.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    os.environ["MOTO_PORT"] = str(port)


def install_extensions(public_url: str, event_hook: str | None) -> None:
    from . import cfn, dynamodbfixes, events, lambda_code, lambda_policy, s3fixes

    s3fixes.install()
    dynamodbfixes.install()
    events.install()
    events.configure(event_hook)
    lambda_code.install()
    lambda_code.set_base_url(public_url)
    lambda_policy.install()
    cfn.install()


def build_app() -> Any:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from .app import EmulatorApp

    return EmulatorApp(DomainDispatcherApplication(create_backend_app))


def main(argv: list[str] | None = None) -> int:
    # A child inherits its parent's signal mask (Swift's threads block SIGTERM).
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    arguments = parse(argv)
    logging.basicConfig(stream=sys.stderr, level=arguments.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    prepare_environment(arguments.port)
    host = arguments.host
    public_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    public_url = f"http://{public_host}:{arguments.port}"
    install_extensions(public_url, arguments.event_hook)

    from werkzeug.serving import make_server

    from ..faces.runtime import RUNTIME
    from . import events

    RUNTIME.start()
    server = make_server(host, arguments.port, build_app(), threaded=True)
    state_dir: Path = arguments.state_dir
    state_dir.mkdir(parents=True, exist_ok=True)
    state_file = state_dir / "emulator.json"
    state = {
        "pid": os.getpid(),
        "host": host,
        "port": arguments.port,
        "endpoint": public_url,
        "moto": "5.2.1",
        "eventHook": arguments.event_hook,
        "startedAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    partial = state_file.with_suffix(".partial")
    partial.write_text(json.dumps(state, indent=2) + "\n")
    partial.replace(state_file)

    def stop(signum: int, frame: FrameType | None) -> None:
        LOG.info("signal %d: stopping", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    LOG.info("emulator on %s (moto 5.2.1, event hook %s)", public_url,
             arguments.event_hook or "off")
    try:
        server.serve_forever()
    finally:
        server.server_close()
        events.DELIVERY.drain()
        state_file.unlink(missing_ok=True)
        LOG.info("stopped")
    return 0
