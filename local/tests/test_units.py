"""Pieces checked without a server: the calibration, the pose convention, input transformers,
Fn::Cidr."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from facestack_local.emulator.cfn.intrinsics import cidr
from facestack_local.emulator.events import transform
from facestack_local.emulator.lambda_policy import statement_fields
from facestack_local.faces import similarity
from facestack_local.faces.engine import FaceEngine, detection_confidence

CALIBRATION = Path(__file__).resolve().parents[1] / "calibration"


def test_similarity_constants_are_the_committed_fit() -> None:
    committed = json.loads((CALIBRATION / "distances.json").read_text())
    refit = subprocess.run([sys.executable, str(CALIBRATION / "calibrate.py")],
                           capture_output=True, text=True, check=True)
    assert json.loads(refit.stdout)["fit"] == committed["fit"] == {
        "threshold_distance": similarity.THRESHOLD_DISTANCE, "slope": similarity.SLOPE}
    same = [p["distance"] for p in committed["pairs"] if p["same"]]
    different = [p["distance"] for p in committed["pairs"] if not p["same"]]
    assert min(similarity.similarity(d) for d in same) >= 80
    assert max(similarity.similarity(d) for d in different) < 80


def test_similarity_is_monotonic_and_80_at_the_threshold() -> None:
    values = [similarity.similarity(step / 100) for step in range(200)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert similarity.similarity(similarity.THRESHOLD_DISTANCE) == pytest.approx(80)
    assert values[0] > 99.9
    assert similarity.similarity(1e6) == 0.0


def test_detection_confidence() -> None:
    assert detection_confidence(0.0) == pytest.approx(88.08, abs=0.01)
    assert detection_confidence(1.0) > 99.7


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def test_pose_follows_the_documented_convention(
    engine: FaceEngine, photos: dict[str, bytes]
) -> None:
    portrait = Image.open(io.BytesIO(photos["obama.jpg"])).convert("RGB")
    upright = engine.analyze(portrait)[0].pose
    # PIL rotates counter-clockwise: the face turns counter-clockwise as seen, a negative roll
    turned = engine.analyze(portrait.rotate(20, expand=True, fillcolor="white"))[0].pose
    assert abs(upright[0]) < 5
    assert turned[0] == pytest.approx(upright[0] - 20, abs=4)


def test_a_tight_crop_is_still_detected(engine: FaceEngine, photos: dict[str, bytes]) -> None:
    portrait = Image.open(io.BytesIO(photos["obama2.jpg"])).convert("RGB")
    left, top, width, height = engine.analyze(portrait)[0].box
    crop = portrait.crop((int(left), int(top), int(left + width), int(top + height)))
    assert len(engine.analyze(crop)) == 1


def test_input_transformer_quotes_values_outside_strings() -> None:
    event = {"time": "2026-01-01T00:00:00Z", "detail": {
        "bucket": {"name": "b"}, "object": {"key": "input/a b.jpg", "size": 3}}}
    transformer = {
        "InputPathsMap": {"bucket": "$.detail.bucket.name", "key": "$.detail.object.key",
                          "size": "$.detail.object.size", "version": "$.detail.object.version-id"},
        "InputTemplate": '{"bucket": <bucket>, "key": <key>, "size": <size>, '
                         '"version_id": <version>, "text": "s3://<bucket>/<key>", "<x>": 1}',
    }
    out = json.loads(transform(transformer, event, "rule", "arn:aws:events:::rule/rule"))
    assert out == {"bucket": "b", "key": "input/a b.jpg", "size": 3, "version_id": None,
                   "text": "s3://b/input/a b.jpg", "<x>": 1}


def test_cidr() -> None:
    assert cidr(["10.40.0.0/16", 2, "8"]) == ["10.40.0.0/24", "10.40.1.0/24"]
    assert cidr(["10.0.0.0/24", "3", 6]) == ["10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26"]
    assert cidr(["fd00::/56", 2, 64]) == ["fd00::/64", "fd00:0:0:1::/64"]


def test_add_permission_fields_that_are_not_statement_keys_are_dropped() -> None:
    fields = statement_fields(
        {
            "Action": "lambda:InvokeFunctionUrl",
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:enroll",
            "Principal": "events.amazonaws.com",
            "Qualifier": "live",
            "FunctionUrlAuthType": "AWS_IAM",
        }
    )
    assert fields == {
        "Action": "lambda:InvokeFunctionUrl",
        "Principal": "events.amazonaws.com",
        "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}},
    }
