"""Emotions from fer's quantized emotion model (a mini-Xception trained on FER-2013), run by
ai-edge-litert, preprocessed as fer does: a square grey crop of the face, 64x64, scaled to
[-1, 1]. Its seven classes map to Rekognition's types; Rekognition's CONFUSED has no class in
the model and is never reported.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

# fer's label order (fer.FER._get_labels) → Rekognition's EmotionName.
LABELS = ("ANGRY", "DISGUSTED", "FEAR", "HAPPY", "SAD", "SURPRISED", "CALM")
# fer crops its (larger) Haar boxes with 10 pixels around; dlib's boxes are tighter.
MARGIN = 0.15


class EmotionModel:
    def __init__(self, path: Path) -> None:
        from ai_edge_litert.interpreter import Interpreter

        self._interpreter = Interpreter(model_path=str(path))
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]["index"]
        self._output = self._interpreter.get_output_details()[0]["index"]
        self._lock = threading.Lock()

    def classify(self, gray: npt.NDArray[np.float32], rect: Any) -> list[tuple[str, float]]:
        """(type, confidence 0-100) for each class, most likely first."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        side = max(right - left, bottom - top)
        centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
        half = side * (0.5 + MARGIN)
        box = (
            round(centre_x - half), round(centre_y - half),
            round(centre_x + half), round(centre_y + half),
        )
        picture = Image.fromarray(gray.astype(np.uint8))
        crop = picture.crop(box).resize((64, 64), Image.Resampling.BILINEAR)
        pixels = (np.asarray(crop, dtype=np.float32) / 255.0 - 0.5) * 2.0
        with self._lock:
            self._interpreter.set_tensor(self._input, pixels[None, :, :, None])
            self._interpreter.invoke()
            scores = self._interpreter.get_tensor(self._output)[0]
        ranked = sorted(zip(LABELS, scores, strict=True), key=lambda pair: -float(pair[1]))
        return [(label, float(score) * 100.0) for label, score in ranked]
