"""The engine's life in the emulator: loaded in a background thread at start (the server answers
meanwhile; the health endpoint says `loading`), then `ready`, or `error` with the reason."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from .engine import FaceEngine
from .errors import RekognitionError

LOG = logging.getLogger("facestack.faces")
# How long a Rekognition request waits for a loading engine before failing.
LOAD_WAIT_SECONDS = 120.0


class EngineRuntime:
    def __init__(self) -> None:
        self._engine: FaceEngine | None = None
        self._error: str | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="face-engine", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        started = time.monotonic()
        try:
            engine = FaceEngine()
            engine.load_emotions()
            if engine.emotions_error:
                LOG.warning("%s: faces will carry no Emotions", engine.emotions_error)
            self._engine = engine
            LOG.info("face engine ready in %.1f s", time.monotonic() - started)
        except Exception as error:
            self._error = f"{type(error).__name__}: {error}"
            LOG.exception("face engine failed to load")
        finally:
            self._ready.set()

    def engine(self) -> FaceEngine:
        """The loaded engine; waits while it loads; InternalServerError when it cannot load."""
        self.start()
        if not self._ready.wait(LOAD_WAIT_SECONDS):
            raise RekognitionError(
                "ThrottlingException", "the face engine is still loading its models", 400
            )
        if self._engine is None:
            raise RekognitionError(
                "InternalServerError", f"the face engine could not load: {self._error}", 500
            )
        return self._engine

    def health(self) -> dict[str, Any]:
        if not self._ready.is_set():
            return {"state": "loading", "models": {}, "error": None}
        if self._engine is None:
            return {"state": "error", "models": {}, "error": self._error}
        return {
            "state": "ready",
            "models": dict(self._engine.versions),
            "error": self._engine.emotions_error,
        }


RUNTIME = EngineRuntime()
