"""End to end on loopback: bootstrap, deploy dev to the local cloud, check what exists, update,
no-op, a refused deploy, a wrong secret, destroy. The tests run in order and share one local
cloud (and run before test_pipeline_e2e.py, which deploys again)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cfnlint.decode import decode_str
from conftest import ROOT, LocalCloud

STACK = "facestack-dev-FaceRecognition"
TEMPLATE, _ = decode_str((ROOT / "templates" / "dev" / "FaceRecognition.yaml").read_text())


def resources(kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in TEMPLATE["Resources"].items() if v["Type"] == kind}


def only(kind: str) -> dict[str, Any]:
    (resource,) = resources(kind).values()
    properties: dict[str, Any] = resource["Properties"]
    return properties


def images() -> dict[str, Any]:
    """The images bucket (the other bucket holds its access logs)."""
    assert set(resources("AWS::S3::Bucket")) == {"Images", "AccessLogs"}
    properties: dict[str, Any] = TEMPLATE["Resources"]["Images"]["Properties"]
    return properties


def test_bootstrap_creates_the_assets_bucket(cloud: LocalCloud) -> None:
    result = cloud.facestack("bootstrap", "--env", "dev", "--local", "--yes", "--progress", "plain")
    assert result.returncode == 0, result.stderr
    bucket = re.search(r"assets bucket: (\S+)", result.stdout).group(1)  # type: ignore[union-attr]
    s3 = cloud.client("s3")
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    cloudformation = cloud.client("cloudformation")
    stack = cloudformation.describe_stacks(StackName="facestack-dev-bootstrap")
    assert stack["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    # moto applies only encryption and tags of an AWS::S3::Bucket; the rest is checked in the
    # deployed template.
    deployed, _ = decode_str(
        cloudformation.get_template(StackName="facestack-dev-bootstrap")["TemplateBody"]
    )
    properties = deployed["Resources"]["AssetsBucket"]["Properties"]
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert all(properties["PublicAccessBlockConfiguration"].values())
    assert deployed["Resources"]["AssetsBucket"]["DeletionPolicy"] == "Retain"
    assert "aws:SecureTransport" in json.dumps(deployed["Resources"]["AssetsBucketPolicy"])


def test_deploy_dev_creates_the_stack(cloud: LocalCloud) -> None:
    result = cloud.facestack("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"deployed {STACK}: CREATE_COMPLETE" in result.stdout
    assert "74 resource changes: 74 to add" in result.stdout
    # The local cloud creates every resource of the stack (nothing to warn about).
    assert "did not create" not in result.stderr
    collection = cloud.client("rekognition").describe_collection(CollectionId="facestack-dev-faces")
    assert collection["FaceCount"] == 0
    outputs = json.loads((ROOT / ".facestack" / "outputs" / "dev.json").read_text())["outputs"]
    assert outputs["ImagesBucketName"] == images()["BucketName"]
    assert outputs["ResultsTableName"] == only("AWS::DynamoDB::Table")["TableName"]


def test_bucket_and_table_are_as_synthesized(cloud: LocalCloud) -> None:
    s3 = cloud.client("s3")
    bucket = images()
    encryption = s3.get_bucket_encryption(Bucket=bucket["BucketName"])[
        "ServerSideEncryptionConfiguration"
    ]
    synthesized = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert (
        encryption["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        == synthesized["ServerSideEncryptionByDefault"]["SSEAlgorithm"]
    )
    table = cloud.client("dynamodb").describe_table(
        TableName=only("AWS::DynamoDB::Table")["TableName"]
    )
    synthesized = only("AWS::DynamoDB::Table")
    assert table["Table"]["KeySchema"] == synthesized["KeySchema"]
    deployed_indexes = {
        i["IndexName"]: i["KeySchema"] for i in table["Table"]["GlobalSecondaryIndexes"]
    }
    assert deployed_indexes == {
        i["IndexName"]: i["KeySchema"] for i in synthesized["GlobalSecondaryIndexes"]
    }


def test_functions_run_code_from_the_assets_bucket(cloud: LocalCloud) -> None:
    lambda_ = cloud.client("lambda")
    for properties in (r["Properties"] for r in resources("AWS::Lambda::Function").values()):
        function = lambda_.get_function(FunctionName=properties["FunctionName"])
        configuration = function["Configuration"]
        for key in ("MemorySize", "Timeout", "Runtime", "Handler"):
            assert configuration[key] == properties[key], (properties["FunctionName"], key)
        zip_bytes = (ROOT / ".facestack" / properties["Code"]["S3Key"]).read_bytes()
        expected = base64.b64encode(hashlib.sha256(zip_bytes).digest()).decode()
        assert configuration["CodeSha256"] == expected, properties["FunctionName"]


def test_state_machine_definition_is_the_synthesized_one(cloud: LocalCloud) -> None:
    (logical_id,) = resources("AWS::StepFunctions::StateMachine")
    physical = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cloud.client("cloudformation").list_stack_resources(StackName=STACK)[
            "StackResourceSummaries"
        ]
    }
    definition = cloud.client("stepfunctions").describe_state_machine(
        stateMachineArn=physical[logical_id]
    )["definition"]
    text = only("AWS::StepFunctions::StateMachine")["DefinitionString"]["Fn::Sub"]
    text = text[0] if isinstance(text, list) else text
    pattern = "".join(
        ".+?" if part.startswith("${") else re.escape(part)
        for part in re.split(r"(\$\{[^}]+\})", text)
    )
    assert re.fullmatch(pattern, definition, flags=re.S), "definition differs from the template"
    assert json.loads(definition)["StartAt"] == "Detect"
    assert '"$$.Execution.Id"' in definition  # the context object survived Fn::Sub


def test_rules_targets_log_groups_and_launch_template(cloud: LocalCloud) -> None:
    events = cloud.client("events")
    rules = {rule["Name"]: rule for rule in events.list_rules()["Rules"]}
    synthesized_rules = resources("AWS::Events::Rule")
    assert len(rules) == len(synthesized_rules)
    queue = resources("AWS::SQS::Queue")["DeadLetters"]["Properties"]["QueueName"]
    target_arns = set()
    for name, rule in rules.items():
        (target,) = events.list_targets_by_rule(Rule=name)["Targets"]
        assert target["DeadLetterConfig"]["Arn"].endswith(f":{queue}")
        target_arns.add(target["Arn"])
        keys = json.loads(rule["EventPattern"])["detail"]["object"]["key"]
        assert keys in [
            r["Properties"]["EventPattern"]["detail"]["object"]["key"]
            for r in synthesized_rules.values()
        ]
    assert any(":stateMachine:facestack-dev-pipeline" in arn for arn in target_arns)
    assert any(arn.endswith(":function:facestack-dev-enroll") for arn in target_arns)
    # dev routes batch/ to the fleet's work queue (routing: split).
    assert any(arn.endswith(":facestack-dev-work") for arn in target_arns)
    logs = cloud.client("logs")
    deployed = {
        g["logGroupName"]: g.get("retentionInDays") for g in logs.describe_log_groups()["logGroups"]
    }
    for properties in (r["Properties"] for r in resources("AWS::Logs::LogGroup").values()):
        assert deployed[properties["LogGroupName"]] == properties["RetentionInDays"]
    synthesized = only("AWS::EC2::LaunchTemplate")
    ec2 = cloud.client("ec2")
    (template,) = ec2.describe_launch_templates(
        LaunchTemplateNames=[synthesized["LaunchTemplateName"]]
    )["LaunchTemplates"]
    version = ec2.describe_launch_template_versions(LaunchTemplateId=template["LaunchTemplateId"])[
        "LaunchTemplateVersions"
    ][0]["LaunchTemplateData"]
    assert version["InstanceType"] == synthesized["LaunchTemplateData"]["InstanceType"]
    assert version["MetadataOptions"]["HttpTokens"] == "required"


@pytest.fixture(scope="module")
def bigger_detect(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("environments")
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    dev = folder / "dev.yaml"
    text = dev.read_text()
    assert "detect: {memorySize: 1024" in text
    dev.write_text(text.replace("detect: {memorySize: 1024", "detect: {memorySize: 1536"))
    return folder


def test_changed_memory_is_an_update_through_a_change_set(
    cloud: LocalCloud, bigger_detect: Path
) -> None:
    extra = {"FACESTACK_ENVIRONMENTS_DIR": str(bigger_detect)}
    result = cloud.facestack(
        "deploy", "--env", "dev", "--local", "--yes", "--progress", "plain", extra=extra
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(UPDATE) for stack" in result.stdout
    # StackDiff's report of the deployed template against the new one, then the change set's.
    assert "[~] AWS::Lambda::Function Detect: update in place" in result.stdout
    assert "Properties.MemorySize: 1024 → 1536" in result.stdout
    assert "change set: 1 resource changes: 1 to modify" in result.stdout
    assert f"deployed {STACK}: UPDATE_COMPLETE" in result.stdout
    detect = cloud.client("lambda").get_function(FunctionName="facestack-dev-detect")
    assert detect["Configuration"]["MemorySize"] == 1536


def test_unchanged_deploy_is_a_no_op(cloud: LocalCloud, bigger_detect: Path) -> None:
    extra = {"FACESTACK_ENVIRONMENTS_DIR": str(bigger_detect)}
    result = cloud.facestack(
        "deploy", "--env", "dev", "--local", "--yes", "--progress", "plain", extra=extra
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no changes: {STACK} is up to date" in result.stdout
    change_sets = cloud.client("cloudformation").list_change_sets(StackName=STACK)["Summaries"]
    assert [c for c in change_sets if c["ExecutionStatus"] == "AVAILABLE"] == []


def test_diff_deployed_compares_the_stack_with_a_fresh_synth(
    cloud: LocalCloud, bigger_detect: Path
) -> None:
    same = cloud.facestack(
        "diff",
        "--env",
        "dev",
        "--deployed",
        "--local",
        "--fail",
        extra={"FACESTACK_ENVIRONMENTS_DIR": str(bigger_detect)},
    )
    assert same.returncode == 0, same.stdout + same.stderr
    assert "no changes" in same.stdout
    back = cloud.facestack("diff", "--env", "dev", "--deployed", "--local", "--fail")
    assert back.returncode == 1, back.stdout + back.stderr
    assert "Properties.MemorySize: 1536 → 1024" in back.stdout


def as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def policy_statements(body: str) -> tuple[set[str], set[str]]:
    """The logical ids a stack policy names in an Allow (the approved ones; its Allow of
    Update:* on "*" aside), and those it protects (a Deny of Update:Replace naming them)."""
    allowed, denied = set(), set()
    for statement in json.loads(body)["Statement"]:
        ids = {r.removeprefix("LogicalResourceId/") for r in as_list(statement["Resource"])}
        if statement["Effect"] == "Deny" and "Update:Replace" in as_list(statement["Action"]):
            denied |= ids
        elif statement["Effect"] == "Allow" and statement["Resource"] != "*":
            allowed |= ids
    return allowed, denied


def test_an_approved_replacement_of_a_protected_resource_runs_under_a_temporary_policy(
    cloud: LocalCloud, bigger_detect: Path
) -> None:
    """The images bucket is retained and stateful: the stack policy deploy set denies its
    replacement. The deployed stack is first moved to another bucket name (as an older template
    had it), so the next deploy replaces the bucket: approved with --yes, it runs under a
    temporary policy allowing exactly Images, and the policy is restored after it."""
    cloudformation = cloud.client("cloudformation")
    synthesized = images()["BucketName"]
    policy = cloudformation.get_stack_policy(StackName=STACK)["StackPolicyBody"]
    assert "Images" in policy_statements(policy)[1]
    old_name = synthesized.replace("-images-", "-images-old-")
    deployed, _ = decode_str(cloudformation.get_template(StackName=STACK)["TemplateBody"])
    deployed["Resources"]["Images"]["Properties"]["BucketName"] = old_name
    cloudformation.update_stack(
        StackName=STACK,
        TemplateBody=json.dumps(deployed),
        # As deploy passes them: the assets bucket; the image id keeps its SSM default.
        Parameters=[{"ParameterKey": "AssetsBucket", "UsePreviousValue": True}],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    physical = cloudformation.describe_stack_resource(StackName=STACK, LogicalResourceId="Images")
    assert physical["StackResourceDetail"]["PhysicalResourceId"] == old_name

    cloud.recorded_calls(start=True)
    extra = {"FACESTACK_ENVIRONMENTS_DIR": str(bigger_detect)}
    result = cloud.facestack(
        "deploy", "--env", "dev", "--local", "--yes", "--progress", "plain", extra=extra
    )
    calls = cloud.recorded_calls()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[~] AWS::S3::Bucket Images: will replace (Properties.BucketName)" in result.stdout
    assert "stack policy: temporarily allowing replacement and deletion of Images" in result.stdout
    assert "stack policy restored" in result.stdout
    assert f"deployed {STACK}: UPDATE_COMPLETE" in result.stdout

    # The calls, in order: read the policy, lift it for Images alone, execute, restore it.
    watched = {"GetStackPolicy", "SetStackPolicy", "ExecuteChangeSet"}
    order = [c["Action"] for c in calls if c["Action"] in watched]
    assert order == ["GetStackPolicy", "SetStackPolicy", "ExecuteChangeSet", "SetStackPolicy"]
    temporary, restored = (c["StackPolicyBody"] for c in calls if c["Action"] == "SetStackPolicy")
    allowed, denied = policy_statements(temporary)
    assert allowed == {"Images"}
    assert "Images" not in denied
    assert {"Results", "Faces"} <= denied
    assert restored == policy
    assert cloudformation.get_stack_policy(StackName=STACK)["StackPolicyBody"] == policy

    # Replaced: the bucket has the synthesized name again.
    physical = cloudformation.describe_stack_resource(StackName=STACK, LogicalResourceId="Images")
    assert physical["StackResourceDetail"]["PhysicalResourceId"] == synthesized
    cloud.client("s3").head_bucket(Bucket=synthesized)


def test_without_a_terminal_or_yes_a_deploy_needing_approval_is_refused(cloud: LocalCloud) -> None:
    # Back to 1024 MB: a change; --require-approval any asks; stdin is not a terminal.
    result = cloud.facestack("deploy", "--env", "dev", "--local", "--require-approval", "any")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refused" in result.stderr
    detect = cloud.client("lambda").get_function(FunctionName="facestack-dev-detect")
    assert detect["Configuration"]["MemorySize"] == 1536


def test_a_wrong_secret_fails_with_aws_error(cloud: LocalCloud) -> None:
    with pytest.raises(ClientError) as raised:
        cloud.client("cloudformation", secret="wrong").describe_stacks()
    assert raised.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    # facestack's own key, spoiled: the gateway refuses it, facestack says so (exit 3) and does
    # not print the secret.
    keys = cloud.folder / "credentials.json"
    saved = keys.read_text()
    spoiled = json.loads(saved)
    spoiled["secretAccessKey"] = "wrong-secret-value"
    keys.write_text(json.dumps(spoiled))
    try:
        result = cloud.facestack("deploy", "--env", "dev", "--local", "--yes")
    finally:
        keys.write_text(saved)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "SignatureDoesNotMatch" in result.stderr
    assert "wrong-secret-value" not in result.stderr


def test_destroy_deletes_the_stack_and_keeps_retained_data(cloud: LocalCloud) -> None:
    result = cloud.facestack("destroy", "--env", "dev", "--local", "--yes", "--progress", "plain")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"destroyed {STACK}" in result.stdout
    assert "Images (AWS::S3::Bucket): facestack-dev-images-111111111111" in result.stdout
    stacks = cloud.client("cloudformation").list_stacks()["StackSummaries"]
    assert STACK not in {s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"}
    cloud.client("s3").head_bucket(Bucket="facestack-dev-images-111111111111")
    again = cloud.facestack("destroy", "--env", "dev", "--local", "--yes")
    assert again.returncode == 0
    assert "nothing to destroy" in again.stdout
