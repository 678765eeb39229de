"""What the 68 landmarks of dlib's model say about a face: Rekognition's named landmarks, the
face's extent and its pose.

dlib's 68 points (iBUG 300-W numbering): 0-16 jawline from the image's left, 17-21 and 22-26
the eyebrows, 27-35 the nose, 36-41 and 42-47 the eyes, 48-67 the mouth. Rekognition names
landmarks from the image's point of view too: `eyeLeft` is the eye on the image's left.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Points = npt.NDArray[np.float64]

# Rekognition's landmark types, each as the dlib points whose mean is that landmark. The pupils
# are the centres of the eye contours: the 68-point model has no pupil point.
LANDMARKS: dict[str, tuple[int, ...]] = {
    "eyeLeft": (36, 37, 38, 39, 40, 41),
    "eyeRight": (42, 43, 44, 45, 46, 47),
    "nose": (30,),
    "mouthLeft": (48,),
    "mouthRight": (54,),
    "leftEyeBrowLeft": (17,),
    "leftEyeBrowRight": (21,),
    "leftEyeBrowUp": (19,),
    "rightEyeBrowLeft": (22,),
    "rightEyeBrowRight": (26,),
    "rightEyeBrowUp": (24,),
    "leftEyeLeft": (36,),
    "leftEyeRight": (39,),
    "leftEyeUp": (37, 38),
    "leftEyeDown": (40, 41),
    "rightEyeLeft": (42,),
    "rightEyeRight": (45,),
    "rightEyeUp": (43, 44),
    "rightEyeDown": (46, 47),
    "noseLeft": (31,),
    "noseRight": (35,),
    "mouthUp": (51,),
    "mouthDown": (57,),
    "leftPupil": (36, 37, 38, 39, 40, 41),
    "rightPupil": (42, 43, 44, 45, 46, 47),
    "upperJawlineLeft": (1,),
    "midJawlineLeft": (4,),
    "chinBottom": (8,),
    "midJawlineRight": (12,),
    "upperJawlineRight": (15,),
}

# What DetectFaces and IndexFaces return with the DEFAULT attributes.
DEFAULT_LANDMARKS = ("eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose")


def named_landmarks(points: Points, names: tuple[str, ...] | None = None) -> dict[str, Points]:
    """Rekognition's landmarks, in pixels, from the 68 points."""
    chosen = names if names is not None else tuple(LANDMARKS)
    return {name: points[list(LANDMARKS[name])].mean(axis=0) for name in chosen}


def face_extent(points: Points) -> tuple[float, float, float, float]:
    """(left, top, width, height) in pixels: the landmarks' extent, raised above the eyebrows by
    a quarter of the brow-to-chin height so the forehead is inside, as in Rekognition's boxes."""
    left, right = float(points[:, 0].min()), float(points[:, 0].max())
    brows = float(points[17:27, 1].min())
    chin = float(points[:, 1].max())
    top = brows - 0.25 * (chin - brows)
    return left, top, right - left, chin - top


# A generic head in millimetres (x right, y up, z towards the camera), for the six points the
# pose is fitted on: nose tip, chin, outer eye corners, mouth corners.
_MODEL_POINTS = np.array(
    [
        (0.0, 0.0, 0.0),
        (0.0, -330.0, -65.0),
        (-225.0, 170.0, -135.0),
        (225.0, 170.0, -135.0),
        (-150.0, -150.0, -125.0),
        (150.0, -150.0, -125.0),
    ]
)
_POSE_POINTS = [30, 8, 36, 45, 48, 54]


def pose(points: Points) -> tuple[float, float, float]:
    """(roll, yaw, pitch) in degrees, from a scaled orthographic fit of a generic head to six
    landmarks. Roll is the tilt in the image plane (positive: the face turns clockwise as seen);
    yaw is positive when the face turns towards the image's right, pitch when it looks up."""
    image = points[_POSE_POINTS].astype(np.float64)
    # image y grows downwards; the model's y grows upwards
    observed = np.column_stack([image[:, 0], -image[:, 1]])
    model = _MODEL_POINTS - _MODEL_POINTS.mean(axis=0)
    observed = observed - observed.mean(axis=0)
    projection, *_ = np.linalg.lstsq(model, observed, rcond=None)  # model @ P ≈ observed
    rows = projection.T  # 2 x 3: the first two rows of s·R
    u, _, vt = np.linalg.svd(rows, full_matrices=False)
    r12 = u @ vt  # the nearest pair of orthonormal rows
    r3 = np.cross(r12[0], r12[1])
    rotation = np.vstack([r12, r3])
    pitch = math.degrees(math.atan2(rotation[2, 1], rotation[2, 2]))
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, -rotation[2, 0]))))
    roll = math.degrees(math.atan2(rotation[1, 0], rotation[0, 0]))
    return -roll, -yaw, -pitch
