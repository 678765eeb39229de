"""Rekognition's Similarity from the distance of two dlib face embeddings.

    Similarity(d) = 100 / (1 + 0.25 * exp(SLOPE * (d - THRESHOLD_DISTANCE)))

Monotonic: decreasing in d, 100 at the limit d → 0, exactly 80 (Rekognition's default
FaceMatchThreshold) at THRESHOLD_DISTANCE. Both constants are the fit of
local/calibration/calibrate.py on photos kept apart from the test photos (17 same-person pairs,
0.21-0.51; 88 different-person pairs, 0.69-1.01; see local/calibration/distances.json): the
threshold is the middle of that gap (0.598, next to dlib's own 0.6), and the slope makes the
median same-person distance (0.372) a similarity of 99.
"""

from __future__ import annotations

import math

THRESHOLD_DISTANCE = 0.598
SLOPE = 14.205


def similarity(distance: float) -> float:
    exponent = SLOPE * (distance - THRESHOLD_DISTANCE)
    if exponent > 700:
        return 0.0
    return 100.0 / (1.0 + 0.25 * math.exp(exponent))
