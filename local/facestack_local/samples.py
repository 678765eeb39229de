"""The sample photographs: ``tests/test_images`` of the face_recognition 1.3.0 sdist on PyPI
(MIT licence; the photos of Barack Obama and Joe Biden are US government works), fetched once
with pip by pinned hash into a cache folder and checked photo by photo.

``make run``, the end-to-end tests and the emulator's tests all take them from here::

    python -m facestack_local.samples .facestack/cache/samples   # prints the folder

Standard library only: it runs under any Python 3 with pip.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

SDIST = "face_recognition-1.3.0.tar.gz"
SDIST_SHA256 = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
PHOTOS = {
    "obama.jpg": "0930e3aa8cae5920329c0c8cbc6a2ab70f47b0e67b432875beaa95cbf7e741f6",
    "obama2.jpg": "a7efcc907375274796f39646510704aa86672d59f6d5469d69af3c85590976a6",
    "obama3.jpg": "76ac6bf97c36dc2da0ad16a537d6a5ac1b10f48d49aac29a0cca9a17cdbc3ca3",
    "biden.jpg": "3c17508bb91554c637a2eabddfae790e5bb1caba93130814fc2ac50be9760c4c",
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure(folder: Path) -> dict[str, Path]:
    """name → path of every sample photo in ``folder``, fetched first when one is missing;
    raises ``RuntimeError`` when a photo is not the pinned one."""
    if not all((folder / name).is_file() for name in PHOTOS):
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            requirement = Path(scratch) / "requirements.txt"
            requirement.write_text(f"face_recognition==1.3.0 --hash=sha256:{SDIST_SHA256}\n")
            subprocess.run(  # noqa: S603 - fixed arguments, this Python's own pip
                [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                 "--no-deps", "--no-binary=:all:", "--require-hashes", "-r", str(requirement),
                 "-d", scratch],
                check=True,
            )
            archive = Path(scratch) / SDIST
            if _sha256(archive.read_bytes()) != SDIST_SHA256:
                raise RuntimeError(f"{SDIST} does not have the pinned hash")
            with tarfile.open(archive) as tar:
                for name in PHOTOS:
                    member = tar.extractfile(f"face_recognition-1.3.0/tests/test_images/{name}")
                    if member is None:
                        raise RuntimeError(f"{SDIST} has no tests/test_images/{name}")
                    partial = folder / (name + ".partial")
                    partial.write_bytes(member.read())
                    partial.replace(folder / name)
    paths = {name: folder / name for name in PHOTOS}
    for name, digest in PHOTOS.items():
        if _sha256(paths[name].read_bytes()) != digest:
            raise RuntimeError(f"{paths[name]} is not the pinned sample photo")
    return paths


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        sys.stderr.write("usage: python -m facestack_local.samples FOLDER\n")
        return 2
    try:
        ensure(Path(arguments[0]))
    except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
        sys.stderr.write(f"error: cannot fetch the sample photos: {error}\n")
        return 4
    sys.stdout.write(arguments[0] + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
