"""Face collections, per account and region, kept in memory for the emulator's lifetime (like
moto's own state: a restart is an empty account)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import numpy.typing as npt

from .errors import RekognitionError, not_found

# Rekognition versions its face model as digits and dots ("7.0"); the engine's one model, dlib's
# ResNet v1, is "1.0".
FACE_MODEL_VERSION = "1.0"


@dataclass
class StoredFace:
    face_id: str
    image_id: str
    external_image_id: str | None
    bounding_box: dict[str, float]
    confidence: float
    embedding: npt.NDArray[np.float64]


@dataclass
class Collection:
    account: str
    region: str
    collection_id: str
    created: datetime
    faces: dict[str, StoredFace] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:rekognition:{self.region}:{self.account}:collection/{self.collection_id}"


class CollectionStore:
    """Every operation on collections goes through here, under one lock."""

    def __init__(self) -> None:
        self._collections: dict[tuple[str, str, str], Collection] = {}
        self.lock = threading.RLock()

    def create(self, account: str, region: str, collection_id: str) -> Collection:
        with self.lock:
            key = (account, region, collection_id)
            if key in self._collections:
                raise RekognitionError(
                    "ResourceAlreadyExistsException",
                    f"The collection id: {collection_id} already exists",
                )
            collection = Collection(account, region, collection_id, datetime.now(timezone.utc))
            self._collections[key] = collection
            return collection

    def get(self, account: str, region: str, collection_id: str) -> Collection:
        with self.lock:
            collection = self._collections.get((account, region, collection_id))
            if collection is None:
                raise not_found(f"The collection id: {collection_id} does not exist")
            return collection

    def delete(self, account: str, region: str, collection_id: str) -> None:
        with self.lock:
            self.get(account, region, collection_id)
            del self._collections[(account, region, collection_id)]

    def in_region(self, account: str, region: str) -> list[Collection]:
        with self.lock:
            return sorted(
                (c for (a, r, _), c in self._collections.items() if a == account and r == region),
                key=lambda collection: collection.collection_id,
            )

    def by_arn(self, arn: str) -> Collection:
        with self.lock:
            for collection in self._collections.values():
                if collection.arn == arn:
                    return collection
        raise not_found(f"no resource with ARN {arn}")

    def everything(self) -> list[Collection]:
        with self.lock:
            return sorted(
                self._collections.values(),
                key=lambda c: (c.region, c.account, c.collection_id),
            )

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())


STORE = CollectionStore()
