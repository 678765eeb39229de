"""The repository's own templates/dev/FaceRecognition.yaml, deployed unchanged through boto3 as
`deploy --local` does (template through the assets bucket, the Lambda zips under the keys the
template names): what the models make right, and exactly what the emulator still skips."""

from __future__ import annotations

import io
import json
import re
import time
import uuid
import zipfile
from typing import Any
from urllib.parse import unquote

import pytest

from .conftest import ROOT, Emulator

TEMPLATE = ROOT / "templates" / "dev" / "FaceRecognition.yaml"
# Types with no CloudFormation model in moto 5.2.1 nor here: created by nobody locally.
SKIPPED: dict[str, int] = {}


def template_types() -> dict[str, str]:
    """logical id → type, read from the YAML text (short-form tags make it no plain YAML)."""
    text = TEMPLATE.read_text()
    resources = text.split("\nResources:\n", 1)[1].split("\nOutputs:\n", 1)[0]
    return dict(re.findall(r"^  (\w+):\n    Type: (\S+)$", resources, flags=re.MULTILINE))


def package() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    return out.getvalue()


@pytest.fixture(scope="module")
def stack(emulator: Emulator) -> dict[str, Any]:
    s3, cloudformation = emulator.client("s3"), emulator.client("cloudformation")
    assets = f"facestack-dev-assets-{uuid.uuid4().hex[:6]}"
    s3.create_bucket(Bucket=assets)
    body = TEMPLATE.read_text()
    for key in re.findall(r"S3Key: (assets/[0-9a-f]{64}\.zip)", body):
        s3.put_object(Bucket=assets, Key=key, Body=package())
    s3.put_object(Bucket=assets, Key="templates/facestack-dev.yaml", Body=body.encode())
    cloudformation.create_stack(
        StackName="facestack-dev",
        TemplateURL=f"https://s3.us-east-1.amazonaws.com/{assets}/templates/facestack-dev.yaml",
        Parameters=[{"ParameterKey": "AssetsBucket", "ParameterValue": assets}],
        Capabilities=["CAPABILITY_NAMED_IAM"])
    for _ in range(300):
        described = cloudformation.describe_stacks(StackName="facestack-dev")["Stacks"][0]
        if not described["StackStatus"].endswith("IN_PROGRESS"):
            break
        time.sleep(0.1)
    resources = cloudformation.list_stack_resources(StackName="facestack-dev")[
        "StackResourceSummaries"]
    return {"stack": described, "resources": resources}


def test_the_stack_is_created(stack: dict[str, Any]) -> None:
    assert stack["stack"]["StackStatus"] == "CREATE_COMPLETE", stack["stack"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["stack"]["Outputs"]}
    assert outputs["ImagesBucketName"] == "facestack-dev-images-111111111111"
    assert outputs["FaceCollectionId"] == "facestack-dev-faces"


def test_only_the_known_types_are_skipped(stack: dict[str, Any]) -> None:
    created = {r["LogicalResourceId"] for r in stack["resources"]}
    missing: dict[str, int] = {}
    for logical_id, kind in template_types().items():
        if logical_id not in created:
            missing[kind] = missing.get(kind, 0) + 1
    assert missing == SKIPPED
    made = {r["ResourceType"] for r in stack["resources"]}
    assert {"AWS::Rekognition::Collection", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy",
            "AWS::Lambda::EventInvokeConfig"} <= made


def test_the_pipeline_resources_behave_as_deployed(
    emulator: Emulator, stack: dict[str, Any]
) -> None:
    bucket = "facestack-dev-images-111111111111"
    s3 = emulator.client("s3")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket=bucket)
    assert len(s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]) == 3
    assert "DenyInsecureTransport" in s3.get_bucket_policy(Bucket=bucket)["Policy"]
    collection = emulator.client("rekognition").describe_collection(
        CollectionId="facestack-dev-faces")
    arn = collection["CollectionARN"]
    iam = emulator.client("iam")
    roles = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in stack["resources"]
             if r["ResourceType"] == "AWS::IAM::Role"}
    names = iam.list_role_policies(RoleName=roles["DetectRole"])["PolicyNames"]
    document = iam.get_role_policy(RoleName=roles["DetectRole"], PolicyName=names[0])[
        "PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(unquote(document))
    assert arn in json.dumps(document)  # Fn::GetAtt Faces.Arn resolved by the model
    sqs = emulator.client("sqs")
    url = sqs.get_queue_url(QueueName="facestack-dev-dead-letters")["QueueUrl"]
    assert "Policy" in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])[
        "Attributes"]
    config = emulator.client("lambda").get_function_event_invoke_config(
        FunctionName="facestack-dev-enroll")
    assert "DestinationConfig" in config
    machine = emulator.client("stepfunctions").list_state_machines()["stateMachines"][0]
    definition = emulator.client("stepfunctions").describe_state_machine(
        stateMachineArn=machine["stateMachineArn"])["definition"]
    assert '"$$.Execution.Id"' in definition  # Fn::Sub keeps $$ (moto's turned it into $)
    subnets = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in stack["resources"]
               if r["ResourceType"] == "AWS::EC2::Subnet"}
    found = emulator.client("ec2").describe_subnets(SubnetIds=sorted(subnets.values()))
    # Fn::Cidr [10.40.0.0/16, 2, 8]: moto has no Fn::Cidr
    assert sorted(s["CidrBlock"] for s in found["Subnets"]) == ["10.40.0.0/24", "10.40.1.0/24"]


def test_monitoring_and_analytics_exist(emulator: Emulator, stack: dict[str, Any]) -> None:
    alarms = emulator.client("cloudwatch").describe_alarms()["MetricAlarms"]
    names = {alarm["AlarmName"] for alarm in alarms}
    assert "facestack-dev-detect-errors" in names
    alarm_count = list(template_types().values()).count("AWS::CloudWatch::Alarm")
    assert len([n for n in names if n.startswith("facestack-dev-")]) == alarm_count == 13
    detect = next(a for a in alarms if a["AlarmName"] == "facestack-dev-detect-errors")
    assert detect["Threshold"] == 5.0
    topics = [t["TopicArn"] for t in emulator.client("sns").list_topics()["Topics"]]
    assert detect["AlarmActions"] == [t for t in topics if "MonitoringTopic" in t]
    policies = emulator.client("autoscaling").describe_policies()["ScalingPolicies"]
    assert len(policies) == 2
    assert {p["PolicyType"] for p in policies} == {"TargetTrackingScaling"}
    subscriptions = emulator.client("sns").list_subscriptions()["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [
        ("email", "vision-dev@example.com")]
    glue = emulator.client("glue")
    table = glue.get_table(DatabaseName="facestack_dev", Name="processed")["Table"]
    assert table["StorageDescriptor"]["Location"].startswith("s3://facestack-dev-images-")
    athena = emulator.client("athena")
    group = athena.get_work_group(WorkGroup="facestack-dev-analytics")["WorkGroup"]
    assert group["Configuration"]["EnforceWorkGroupConfiguration"] is True
    queries = athena.list_named_queries(WorkGroup="facestack-dev-analytics")["NamedQueryIds"]
    assert len(queries) == 4


def test_the_table_is_encrypted_as_deployed(emulator: Emulator, stack: dict[str, Any]) -> None:
    """dev's SSESpecification {SSEEnabled: true}: the AWS managed key, as on AWS."""
    table = emulator.client("dynamodb").describe_table(
        TableName="facestack-dev-FaceRecognitionResults")["Table"]
    sse = table["SSEDescription"]
    assert (sse["Status"], sse["SSEType"]) == ("ENABLED", "KMS")
    aliases = emulator.client("kms").list_aliases(KeyId=sse["KMSMasterKeyArn"])["Aliases"]
    assert [alias["AliasName"] for alias in aliases] == ["alias/aws/dynamodb"]


def test_a_tables_customer_key_and_no_encryption_are_translated() -> None:
    from facestack_local.emulator.cfn.dynamodb import translated

    key = "arn:aws:kms:us-east-1:123456789012:key/k"
    prod = {"TableName": "t", "SSESpecification": {
        "SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}}
    assert translated(prod)["SSESpecification"] == {
        "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}
    assert translated({"SSESpecification": {"SSEEnabled": "false"}})["SSESpecification"] is None
    assert translated({"TableName": "t"}) == {"TableName": "t"}
