"""The request map is current, deterministic, names only real actions and resource types, and
maps every operation the handlers and facestack call."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import botocore
import botocore.session
import pytest
from scripts_support import REPO_ROOT, SCRIPTS, load_script

generator = load_script("update_request_map", SCRIPTS / "update-request-map")
OUT_DIR = REPO_ROOT / "Sources" / "LocalGateway" / "Resources"


@pytest.fixture(scope="module")
def request_map() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((OUT_DIR / "request-map.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return cast(dict[str, str], generator.outputs())


def test_committed_files_are_current(generated: dict[str, str]) -> None:
    for name, text in generated.items():
        assert (OUT_DIR / name).read_text(encoding="utf-8") == text, f"{name} is stale"


def test_generation_is_deterministic(generated: dict[str, str]) -> None:
    assert generator.outputs() == generated


def test_provenance_pins_the_inputs_and_the_output(generated: dict[str, str]) -> None:
    provenance = json.loads(generated["request-map.provenance.json"])
    assert provenance["botocore"] == botocore.__version__
    assert (
        provenance["mapSha256"]
        == hashlib.sha256(generated["request-map.json"].encode("utf-8")).hexdigest()
    )
    for path, digest in provenance["inputs"].items():
        assert hashlib.sha256((REPO_ROOT / path).read_bytes()).hexdigest() == digest, path


def test_covers_every_service_the_local_cloud_serves(request_map: dict[str, Any]) -> None:
    expected = {
        "s3", "dynamodb", "rekognition", "sqs", "sns", "events", "states", "lambda", "logs",
        "sts", "iam", "cloudformation", "kms", "monitoring", "autoscaling", "ec2",
        "elasticloadbalancing", "glue", "athena", "ssm", "xray",
    }  # fmt: skip
    assert set(request_map["services"]) == expected


def test_every_action_and_resource_type_exists_in_the_catalog(
    request_map: dict[str, Any], catalog: dict[str, Any]
) -> None:
    for service in request_map["services"].values():
        for name, operation in service["operations"].items():
            for entry in operation["actions"]:
                prefix, _, action = entry["action"].partition(":")
                actions = catalog["services"][prefix]["actions"]
                assert action in actions, f"{name}: {entry['action']}"
                for resource in entry["resources"]:
                    assert resource["type"] in catalog["services"][prefix]["resources"], name


def test_every_template_is_well_formed(request_map: dict[str, Any]) -> None:
    reference = re.compile(r"(?<!\$)\{\??(uri|query|header|body):[^{}|]+(?:\{\})?[^{}|]*(\|\w+)?\}")
    for service in request_map["services"].values():
        for name, operation in service["operations"].items():
            for entry in operation["actions"]:
                templates = [r["arn"] for r in entry["resources"]]
                templates += entry.get("when", []) + entry.get("unless", [])
                templates += list(entry.get("conditions", {}).values())
                for template in templates:
                    rest = reference.sub("", template)
                    rest = re.sub(r"\$\{(Partition|Region|Account)\}", "", rest)
                    assert "{" not in rest, f"{name}: {template}"
                    assert "}" not in rest, f"{name}: {template}"
                    for transform in re.findall(r"\|(\w+)\}", template):
                        assert transform in generator.TRANSFORMS, f"{name}: {transform}"


def test_rest_routes_are_unambiguous(request_map: dict[str, Any]) -> None:
    """No two operations of a REST service can match the same request: same method, path
    shape, query flags and required parameters (a deprecated twin is listed as shadowed)."""
    for signing_name, service in request_map["services"].items():
        seen: dict[tuple[Any, ...], str] = {}
        for name, operation in service["operations"].items():
            if "match" not in operation:
                continue
            key = generator.route_key(operation)
            assert key not in seen, f"{signing_name}: {name} and {seen.get(key)}"
            seen[key] = name
    assert request_map["services"]["s3"]["shadowed"]["GetBucketLifecycle"] == (
        "GetBucketLifecycleConfiguration"
    )


def manifest_calls() -> set[tuple[str, str]]:
    """The requests the handlers cause. A presigned URL is no call of its own: the request is
    the browser's, of the operation its action names (``s3:GetObject`` -> ``GetObject``)."""
    manifest = json.loads(
        (REPO_ROOT / "stacks/FaceRecognition/handlers/manifest.json").read_text(encoding="utf-8")
    )
    calls: set[tuple[str, str]] = set()
    for function in manifest["functions"].values():
        for call in function.get("aws_calls", []):
            if call["operation"] == "GeneratePresignedUrl":
                calls.update(
                    (call["service"], action.split(":", 1)[1]) for action in call["iam_actions"]
                )
            else:
                calls.add((call["service"], call["operation"]))
    return calls


SIGNING_NAMES = {"stepfunctions": "states", "cloudwatch": "monitoring"}


def test_every_handler_call_is_mapped_with_its_resources(request_map: dict[str, Any]) -> None:
    for service, operation in sorted(manifest_calls()):
        entry = request_map["services"][SIGNING_NAMES.get(service, service)]["operations"][
            operation
        ]
        for action in entry["actions"]:
            if action["action"] == "rekognition:DetectFaces":
                assert action["resources"] == [], "DetectFaces supports no resource scoping"
            else:
                assert action["resources"], f"{service}.{operation}: {action['action']} unbound"


def facestack_calls() -> set[tuple[str, str]]:
    """The operations Sources/AWSClient sends: query actions and S3 operations it names."""
    calls = set()
    client = REPO_ROOT / "Sources" / "AWSClient"
    for path in client.rglob("*.swift"):
        text = path.read_text(encoding="utf-8")
        service = {"CloudFormation": "cloudformation", "IAM": "iam", "STS": "sts", "S3": "s3"}.get(
            path.parent.name
        )
        if service is None:
            continue
        for name in re.findall(r'(?:call|action:|operation:)\s*\(?"([A-Z][A-Za-z0-9]+)"', text):
            calls.add((service, name))
    return calls


def test_every_facestack_call_is_mapped(request_map: dict[str, Any]) -> None:
    calls = facestack_calls()
    assert ("cloudformation", "CreateChangeSet") in calls
    assert ("s3", "PutObject") in calls
    for service, operation in sorted(calls):
        assert operation in request_map["services"][service]["operations"], (service, operation)


def test_nested_s3_objects_need_get_object(request_map: dict[str, Any]) -> None:
    detect = request_map["services"]["rekognition"]["operations"]["DetectFaces"]["actions"]
    nested = [a for a in detect if a["action"] == "s3:GetObject"]
    assert nested == [
        {
            "action": "s3:GetObject",
            "resources": [
                {
                    "arn": "arn:${Partition}:s3:::{body:Image.S3Object.Bucket}/"
                    "{body:Image.S3Object.Name}",
                    "type": "object",
                }
            ],
            "when": ["{body:Image.S3Object}"],
        }
    ]


def test_query_with_an_index_names_the_index_first(request_map: dict[str, Any]) -> None:
    query = request_map["services"]["dynamodb"]["operations"]["Query"]["actions"][0]
    assert [r["type"] for r in query["resources"]] == ["index", "table"]


def test_an_operation_without_an_iam_action_is_listed_unmapped(request_map: dict[str, Any]) -> None:
    dynamodb = request_map["services"]["dynamodb"]
    assert "ExecuteStatement" in dynamodb["unmapped"]
    assert "ExecuteStatement" not in dynamodb["operations"]


def test_overrides_name_only_known_operations_and_transforms() -> None:
    overrides = json.loads((SCRIPTS / "request_map_overrides.json").read_text(encoding="utf-8"))
    session = botocore.session.get_session()
    for service, operations in overrides["operations"].items():
        known = set(session.get_service_model(service).operation_names)
        assert set(operations) <= known, service
    text = json.dumps(overrides)
    for transform in re.findall(r"\|(\w+)\}", text):
        assert transform in generator.TRANSFORMS


def test_check_mode_reports_a_stale_file(tmp_path: Path, generated: dict[str, str]) -> None:
    for name, text in generated.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "request-map.json").write_text("{}\n", encoding="utf-8")
    script = str(SCRIPTS / "update-request-map")
    result = subprocess.run(
        [sys.executable, script, "--check", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "request-map.json" in result.stderr
