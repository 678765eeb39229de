"""The face engine: dlib's detector, 68-point landmarks and 128-d embeddings, fer's emotion
model, on decoded images.

Detection runs on a copy of the image scaled down to at most `DETECT_PIXELS` (and upsampled once
inside dlib, so faces down to about 40 pixels of that copy are found); landmarks and embeddings
are computed on a copy of at most `WORK_PIXELS`, and everything is reported in the coordinates of
the image as given. dlib's models are not documented as thread-safe: one lock serialises them.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from . import geometry, models
from .emotions import EmotionModel

DETECT_PIXELS = 500_000
WORK_PIXELS = 4_000_000
MAX_FACES = 100
# A face must be at least this many pixels wide in the image as given to be kept.
MIN_FACE_PIXELS = 20


def detection_confidence(score: float) -> float:
    """Confidence (0-100) of dlib's HOG detector score: 100 / (1 + e^(-4 (score + 0.5))).
    dlib reports faces from score 0 (its default threshold), which is 88.1; a score of 1 is
    99.75 and the clear frontal faces of the test photos (1.4-2.3) are 99.9 and above."""
    return 100.0 / (1.0 + math.exp(-4.0 * (score + 0.5)))


def sharpness_of(gray: npt.NDArray[np.float32]) -> float:
    """Sharpness (0-100) of a face crop resampled to 128x128: 100 (1 - e^(-v/150)), v the
    variance of its 4-neighbour Laplacian. Sharp portraits measure 60-95; a 2-pixel Gaussian
    blur of the same crops 25-40; a 5-pixel blur under 7."""
    lap = (
        -4.0 * gray[1:-1, 1:-1]
        + gray[:-2, 1:-1] + gray[2:, 1:-1] + gray[1:-1, :-2] + gray[1:-1, 2:]
    )
    return 100.0 * (1.0 - math.exp(-float(lap.var()) / 150.0))


@dataclass
class Face:
    """One detected face, in pixels of the image as given (after EXIF orientation)."""

    box: tuple[float, float, float, float]
    score: float
    landmarks: npt.NDArray[np.float64]
    width: int
    height: int
    brightness: float
    sharpness: float
    pose: tuple[float, float, float]
    embedding: npt.NDArray[np.float64] | None = None
    emotions: list[tuple[str, float]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return detection_confidence(self.score)

    @property
    def area(self) -> float:
        return self.box[2] * self.box[3]

    def ratio_box(self) -> dict[str, float]:
        left, top, width, height = self.box
        return {
            "Width": width / self.width,
            "Height": height / self.height,
            "Left": left / self.width,
            "Top": top / self.height,
        }


class FaceEngine:
    """Loads the models once; `analyze` is what every operation calls."""

    def __init__(self) -> None:
        import dlib

        paths = models.dlib_models()
        self._detector = dlib.get_frontal_face_detector()
        self._landmarks = dlib.shape_predictor(paths.landmarks)
        self._embedder = dlib.face_recognition_model_v1(paths.embeddings)
        self._dlib = dlib
        self._lock = threading.Lock()
        self.versions: dict[str, Any] = {
            "dlib": paths.dlib_version,
            "faceRecognitionModels": paths.models_version,
            "detector": "dlib frontal_face_detector (HOG)",
            "landmarks": "shape_predictor_68_face_landmarks",
            "embeddings": "dlib_face_recognition_resnet_model_v1",
        }
        self.emotions: EmotionModel | None = None
        self.emotions_error: str | None = None

    def load_emotions(self) -> None:
        """The emotion model, when its file can be had; without it faces carry no Emotions."""
        try:
            path = models.installed_emotion_model() or models.install_emotion_model()
            self.emotions = EmotionModel(path)
            self.versions["emotions"] = f"fer {models.FER_VERSION} emotion_model_quantized.tflite"
        except Exception as error:
            self.emotions_error = f"emotion model unavailable: {error}"
            self.versions["emotions"] = None

    def analyze(
        self, image: Image.Image, *, embeddings: bool = False, emotions: bool = False
    ) -> list[Face]:
        """Faces in `image` (RGB), largest first, at most `MAX_FACES`."""
        width, height = image.size
        with self._lock:
            rects, scores, scale = self._detect(image)
            if not rects:
                return []
            work_scale = min(1.0, math.sqrt(WORK_PIXELS / (width * height)))
            work = image if work_scale >= 1.0 else image.resize(
                (max(1, round(width * work_scale)), max(1, round(height * work_scale))),
                Image.Resampling.BILINEAR,
            )
            work_array = np.asarray(work)
            gray = np.asarray(work.convert("L"), dtype=np.float32)
            faces: list[Face] = []
            for rect, score in zip(rects, scores, strict=True):
                factor = work_scale / scale
                scaled = self._dlib.rectangle(
                    round(rect.left() * factor), round(rect.top() * factor),
                    round(rect.right() * factor), round(rect.bottom() * factor),
                )
                shape = self._landmarks(work_array, scaled)
                points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float64)
                box = geometry.face_extent(points / work_scale)
                if min(box[2], box[3]) < MIN_FACE_PIXELS:
                    continue
                crop = _crop(gray, geometry.face_extent(points))
                face = Face(
                    box=box,
                    score=float(score),
                    landmarks=points / work_scale,
                    width=width,
                    height=height,
                    brightness=float(crop.mean()) / 2.55 if crop.size else 0.0,
                    sharpness=sharpness_of(_resample(crop, 128)) if crop.size else 0.0,
                    pose=geometry.pose(points),
                )
                if embeddings:
                    descriptor = self._embedder.compute_face_descriptor(work_array, shape, 0)
                    face.embedding = np.array(descriptor, dtype=np.float64)
                if emotions and self.emotions is not None:
                    face.emotions = self.emotions.classify(gray, scaled)
                faces.append(face)
        faces.sort(key=lambda face: face.area, reverse=True)
        return faces[:MAX_FACES]

    def _detect(self, image: Image.Image) -> tuple[list[Any], list[float], float]:
        """dlib's detections on the detection copy, and that copy's scale. A face cropped so
        tightly that the detector's window does not fit is looked for again with a margin."""
        width, height = image.size
        scale = min(1.0, math.sqrt(DETECT_PIXELS / (width * height)))
        small = image if scale >= 1.0 else image.resize(
            (max(1, round(width * scale)), max(1, round(height * scale))),
            Image.Resampling.BILINEAR,
        )
        array = np.asarray(small)
        rects, scores, _ = self._detector.run(array, 1, 0.0)
        if rects:
            return list(rects), list(scores), scale
        margin = max(small.size) // 4
        padded = Image.new("RGB", (small.width + 2 * margin, small.height + 2 * margin),
                           _edge_colour(array))
        padded.paste(small, (margin, margin))
        rects, scores, _ = self._detector.run(np.asarray(padded), 1, 0.0)
        shifted = [
            self._dlib.rectangle(r.left() - margin, r.top() - margin,
                                 r.right() - margin, r.bottom() - margin)
            for r in rects
        ]
        return shifted, list(scores), scale

    def embedding_distance(
        self, first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]
    ) -> float:
        return float(np.linalg.norm(first - second))


def _edge_colour(array: npt.NDArray[np.uint8]) -> tuple[int, int, int]:
    edges = np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])
    mean = edges.reshape(-1, 3).mean(axis=0)
    return int(mean[0]), int(mean[1]), int(mean[2])


def _crop(gray: npt.NDArray[np.float32], box: tuple[float, float, float, float]) -> Any:
    left, top, width, height = box
    rows, cols = gray.shape
    x0, y0 = max(0, int(left)), max(0, int(top))
    x1, y1 = min(cols, int(left + width)), min(rows, int(top + height))
    return gray[y0:y1, x0:x1]


def _resample(crop: npt.NDArray[np.float32], size: int) -> npt.NDArray[np.float32]:
    picture = Image.fromarray(crop.astype(np.uint8)).resize((size, size), Image.Resampling.BILINEAR)
    return np.asarray(picture, dtype=np.float32)
