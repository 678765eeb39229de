"""Benchmark of the local face engine through its API (boto3 → the launcher → dlib).

    PYTHONPATH=local .facestack/local/venv/bin/python local/bench_faces.py [--runs 7]

Starts a launcher of its own, then measures, on a 1 MP and a 3 MP JPEG made from the test
photos (see local/tests/conftest.py; fetched into .facestack/cache on first use):
DetectFaces with Attributes=ALL and SearchFacesByImage against a collection of one face
(median and minimum of N timed calls after one warm-up), and IndexFaces throughput over
2 x N calls. Prints a Markdown table (the figures in docs/local-cloud.md come from it).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tests.conftest import start_emulator, stop_emulator  # noqa: E402


def photos() -> dict[str, bytes]:
    from tests import conftest

    fixture: Any = conftest.photos
    loader: Callable[[], dict[str, bytes]] = fixture.__wrapped__
    return loader()


def scaled(data: bytes, megapixels: float) -> bytes:
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    factor = (megapixels * 1_000_000 / (picture.width * picture.height)) ** 0.5
    resized = picture.resize((round(picture.width * factor), round(picture.height * factor)),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    resized.save(out, format="JPEG", quality=90)
    return out.getvalue()


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), min(samples)


def engine_cpu(data: bytes, runs: int) -> tuple[float, float]:
    """CPU seconds (all threads of this process) of the engine's own work on one image:
    decode, detect, landmarks, embedding, emotions. Independent of other load on the machine."""
    from facestack_local.faces import images
    from facestack_local.faces.engine import FaceEngine

    engine = _ENGINE or FaceEngine()
    globals()["_ENGINE"] = engine
    engine.load_emotions()

    def once() -> float:
        started = time.process_time()
        engine.analyze(images.decode(data), embeddings=True, emotions=True)
        return time.process_time() - started

    once()
    samples = [once() for _ in range(runs)]
    return statistics.median(samples), min(samples)


_ENGINE: Any = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    start_load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    pictures = photos()
    images = {"1 MP": scaled(pictures["obama2.jpg"], 1.0),
              "3 MP": scaled(pictures["obama2.jpg"], 3.0)}
    with tempfile.TemporaryDirectory() as scratch:
        emulator = start_emulator(Path(scratch))
        try:
            client = emulator.client("rekognition")
            client.create_collection(CollectionId="bench")
            client.index_faces(CollectionId="bench", ExternalImageId="obama",
                               Image={"Bytes": pictures["obama.jpg"]})
            rows = []
            for label, data in images.items():
                size = Image.open(io.BytesIO(data)).size
                detect = timed(lambda d=data: client.detect_faces(  # type: ignore[misc]
                    Image={"Bytes": d}, Attributes=["ALL"]), runs)
                search = timed(lambda d=data: client.search_faces_by_image(  # type: ignore[misc]
                    CollectionId="bench", Image={"Bytes": d}), runs)
                count = 2 * runs
                started = time.perf_counter()
                for _ in range(count):
                    client.index_faces(CollectionId="bench", Image={"Bytes": data})
                rate = count / (time.perf_counter() - started)
                rows.append((f"{label} ({size[0]}x{size[1]}, {len(data) // 1024} KiB)",
                             detect, search, rate))
        finally:
            stop_emulator(emulator)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average before: {start_load}; after: {load}")  # noqa: T201
    cpu = {label: engine_cpu(data, runs) for label, data in images.items()}
    print("| image | DetectFaces ALL median / min | SearchFacesByImage median / min | "  # noqa: T201
          "IndexFaces | engine CPU per image median / min |\n|---|---|---|---|---|")
    for (label, detect, search, rate), work in zip(rows, cpu.values(), strict=True):
        print(f"| {label} | {detect[0] * 1000:.0f} / {detect[1] * 1000:.0f} ms | "  # noqa: T201
              f"{search[0] * 1000:.0f} / {search[1] * 1000:.0f} ms | {rate:.2f} images/s | "
              f"{work[0] * 1000:.0f} / {work[1] * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
