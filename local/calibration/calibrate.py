"""Calibrates the local face engine's Similarity on photos kept apart from the test photos.

    git clone https://github.com/ageitgey/face_recognition /tmp/face_recognition
    git -C /tmp/face_recognition checkout 2e2dccea9dd0ce730c8d464d0f67c6eebb40c9d1
    PYTHONPATH=local .facestack/local/venv/bin/python local/calibration/calibrate.py \
        /tmp/face_recognition > local/calibration/distances.json

Reads the photos listed in photos.json (checking each SHA-256), embeds the largest face of each
with the engine itself (same detector, landmarks, scaling and embedding model as the emulator),
measures the Euclidean distance of every pair, and fits

    Similarity(d) = 100 / (1 + 0.25 * exp(k * (d - t)))

so that Similarity(t) = 80, Rekognition's default threshold:
- t is the middle of the gap between the largest same-person distance and the smallest
  different-person distance (the script fails when the two overlap: then 80 cannot separate them);
- k makes the median same-person distance 99 (Rekognition reports about 99 for a clear match).

The output (pairs, distances, t, k) is committed as distances.json; similarity.py holds t and k,
and a test checks that they equal the committed fit. With no path, the script refits from the
committed distances.json.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET = 80.0
MEDIAN_SAME = 99.0


def fit(same: list[float], different: list[float]) -> dict[str, float]:
    largest_same, smallest_different = max(same), min(different)
    if largest_same >= smallest_different:
        raise SystemExit(
            f"same-person distances reach {largest_same:.3f}, different people start at "
            f"{smallest_different:.3f}: no threshold separates them"
        )
    threshold = round((largest_same + smallest_different) / 2, 3)
    # 100 / (1 + 0.25 e^(k (m - t))) = MEDIAN_SAME  →  k = ln(4 (100 / MEDIAN_SAME - 1)) / (m - t)
    median = statistics.median(same)
    slope = round(math.log(4 * (100 / MEDIAN_SAME - 1)) / (median - threshold), 3)
    return {"threshold_distance": threshold, "slope": slope}


def embed(root: Path) -> list[dict[str, Any]]:
    from PIL import Image, ImageOps

    from facestack_local.faces.engine import FaceEngine

    listing = json.loads((HERE / "photos.json").read_text())
    engine = FaceEngine()
    embedded = []
    for photo in listing["photos"]:
        path = root / photo["path"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != photo["sha256"]:
            raise SystemExit(f"{path}: sha256 {digest}, expected {photo['sha256']}")
        image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
        faces = engine.analyze(image, embeddings=True)
        if not faces or faces[0].embedding is None:
            raise SystemExit(f"{path}: no face found")
        embedded.append({"person": photo["person"], "path": photo["path"],
                         "embedding": faces[0].embedding})
    return embedded


def main(argv: list[str]) -> int:
    pairs: list[dict[str, Any]] = []
    if argv:
        embedded = embed(Path(argv[0]))
        for first, second in itertools.combinations(embedded, 2):
            distance = sum((a - b) ** 2 for a, b in zip(first["embedding"], second["embedding"],
                                                         strict=True)) ** 0.5
            pairs.append({"a": first["path"], "b": second["path"],
                          "same": first["person"] == second["person"],
                          "distance": round(float(distance), 4)})
    else:
        pairs = json.loads((HERE / "distances.json").read_text())["pairs"]
    same = [float(pair["distance"]) for pair in pairs if pair["same"]]
    different = [float(pair["distance"]) for pair in pairs if not pair["same"]]
    result = {
        "function": "Similarity(d) = 100 / (1 + 0.25 * exp(slope * (d - threshold_distance)))",
        "fit": fit(same, different),
        "same_person": {"pairs": len(same), "min": min(same), "median": statistics.median(same),
                        "max": max(same)},
        "different_people": {"pairs": len(different), "min": min(different),
                             "median": statistics.median(different), "max": max(different)},
        "pairs": pairs,
    }
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
