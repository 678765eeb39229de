"""Small pure pieces: ids and keys, crops, errors, metrics documents and sinks, JSON logs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import socket
import threading

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from PIL import Image

from facecommon import errors, imaging, jsonlog
from facecommon.formats import sniff_format
from facecommon.ids import image_id, isoformat, parse_timestamp, processed_key
from facecommon.metrics import METRICS, Metrics, SocketSink, document, sink_for, stdout_sink


def test_image_id_is_the_documented_digest():
    expected = hashlib.sha256(b"s3://b/input/a.jpg?versionId=v1").hexdigest()[:32]
    assert image_id("b", "input/a.jpg", "v1") == expected
    assert (
        image_id("b", "input/a.jpg", None) == hashlib.sha256(b"s3://b/input/a.jpg").hexdigest()[:32]
    )
    assert image_id("b", "input/a.jpg", "") == image_id("b", "input/a.jpg", None)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("input/cam-1/a.jpg", "processed/cam-1/a.jpg.json"),
        ("input/a.png", "processed/a.png.json"),
        ("elsewhere/a.png", "processed/elsewhere/a.png.json"),
    ],
)
def test_processed_key(key, expected):
    assert processed_key(key) == expected


def test_timestamps_sort_as_text():
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert isoformat(moment) == "2026-01-02T01:04:05.678Z"
    assert parse_timestamp("2026-01-02T01:04:05Z") == dt.datetime(
        2026, 1, 2, 1, 4, 5, tzinfo=dt.timezone.utc
    )
    assert parse_timestamp("yesterday") is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"GIF89a", None),
        (b"RIFF\x00\x00\x00\x00WEBP", None),
        (b"", None),
    ],
)
def test_sniff_format(head, expected):
    assert sniff_format(head) == expected


def _image(width=400, height=300) -> Image.Image:
    return Image.new("RGB", (width, height), (10, 20, 30))


def test_crop_adds_the_margin_and_clamps_to_the_image():
    image = _image()
    box = imaging.BoundingBox(left=0.0, top=0.5, width=0.5, height=0.5)

    crop = Image.open(io.BytesIO(imaging.crop_face(image, box, margin=0.2)))

    # 200x150 box, grown by 40 px / 30 px on each side, clamped at the left and bottom edges.
    assert crop.size == (240, 180)
    assert crop.format == "JPEG"


def test_tiny_crops_are_scaled_up():
    box = imaging.BoundingBox(left=0.5, top=0.5, width=0.05, height=0.05)
    crop = Image.open(io.BytesIO(imaging.crop_face(_image(), box, margin=0.0)))
    assert min(crop.size) == imaging.MIN_CROP_SIDE


def test_box_outside_the_image_is_refused():
    with pytest.raises(ValueError, match="outside"):
        imaging.crop_face(_image(), imaging.BoundingBox(1.5, 1.5, 0.1, 0.1), 0.0)


@pytest.mark.parametrize(("image_format", "size"), [("JPEG", (300, 400)), ("PNG", (400, 300))])
def test_exif_orientation_is_applied_like_rekognition_does(image_format, size):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees
    out = io.BytesIO()
    _image(400, 300).save(out, format=image_format, exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif()[0x0112] == 6
    assert imaging.decode(out.getvalue()).size == size


def _client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "Op",
    )


@pytest.mark.parametrize(
    ("service", "error", "expected"),
    [
        ("rekognition", _client_error("ThrottlingException", 400), errors.RekognitionThrottled),
        ("rekognition", _client_error("InternalServerError", 500), errors.RekognitionUnavailable),
        ("rekognition", _client_error("InvalidParameterException", 400), None),
        ("s3", _client_error("SlowDown", 503), errors.S3Unavailable),
        ("s3", _client_error("NoSuchKey", 404), None),
        (
            "dynamodb",
            _client_error("ProvisionedThroughputExceededException", 400),
            errors.DynamoDBThrottled,
        ),
        ("dynamodb", _client_error("ServiceUnavailable", 503), errors.DynamoDBUnavailable),
        ("dynamodb", EndpointConnectionError(endpoint_url="https://x"), errors.DynamoDBUnavailable),
        ("dynamodb", ValueError("not an AWS error"), None),
    ],
)
def test_retryable_mapping(service, error, expected):
    mapped = errors.retryable_for(service, error)
    assert type(mapped) is expected if expected else mapped is None


def test_emf_document_shape():
    doc = document("dev", {"FacesDetected": 3, "ImagesProcessed": 1}, {"image_id": "x"}, 1000)
    assert doc == {
        "_aws": {
            "Timestamp": 1000,
            "CloudWatchMetrics": [
                {
                    "Namespace": "Facestack/FaceRecognition",
                    "Dimensions": [["Pipeline"]],
                    "Metrics": [
                        {"Name": "FacesDetected", "Unit": "Count"},
                        {"Name": "ImagesProcessed", "Unit": "Count"},
                    ],
                }
            ],
        },
        "Pipeline": "dev",
        "image_id": "x",
        "FacesDetected": 3,
        "ImagesProcessed": 1,
    }
    assert METRICS["ProcessingLatency"] == "Milliseconds"
    with pytest.raises(ValueError, match="unknown metrics"):
        document("dev", {"Typo": 1})


def test_stdout_sink_writes_one_line(capsys):
    Metrics("dev", stdout_sink).emit({"ImagesFailed": 1})
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["ImagesFailed"] == 1


def test_tcp_sink_sends_to_the_agent():
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def accept() -> None:
        connection, _ = server.accept()
        with connection:
            while chunk := connection.recv(65536):
                received.append(chunk)

    thread = threading.Thread(target=accept)
    thread.start()
    sink = sink_for(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    assert isinstance(sink, SocketSink)
    Metrics("dev", sink).emit({"ImagesProcessed": 1})
    Metrics("dev", sink).emit({"ImagesProcessed": 1})
    sink._socket.close()  # type: ignore[union-attr]
    thread.join(timeout=5)
    server.close()
    lines = b"".join(received).decode().splitlines()
    assert [json.loads(line)["ImagesProcessed"] for line in lines] == [1, 1]


def test_unreachable_agent_never_fails_the_caller(caplog):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SocketSink(f"tcp://127.0.0.1:{port}")
    with caplog.at_level(logging.WARNING):
        sink("{}")
    assert "cannot send metrics" in caplog.text


def test_bad_metrics_endpoint_is_refused():
    with pytest.raises(ValueError, match="tcp://host:port"):
        sink_for("http://127.0.0.1:25888")


def test_log_context_is_scoped_and_extra_fields_are_kept(capsys):
    jsonlog.configure("unit", "INFO")
    log = logging.getLogger("unit")
    with jsonlog.log_context(image_id="abc", execution_id=None):
        log.info("inside", extra={"faces": 2})
    log.info("outside")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("failed")

    inside, outside, failed = (json.loads(x) for x in capsys.readouterr().out.splitlines())
    assert inside["image_id"] == "abc"
    assert inside["faces"] == 2
    assert "execution_id" not in inside
    assert "image_id" not in outside
    assert failed["level"] == "ERROR"
    assert "RuntimeError: boom" in failed["exception"]
