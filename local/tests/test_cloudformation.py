"""CloudFormation through boto3 against the launcher: the models leave the emulator as AWS would
be (versioned bucket sending AWS-shaped events to EventBridge, lifecycle, public access block,
bucket and queue policies, the collection, the event invoke configuration)."""

from __future__ import annotations

import base64
import io
import json
import time
import uuid
import zipfile
from typing import Any

import pytest

from .conftest import Emulator

ACCOUNT = "123456789012"


def template(suffix: str) -> dict[str, Any]:
    bucket_arn = {"Fn::GetAtt": ["Images", "Arn"]}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Events": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": f"events-{suffix}"}},
            "EventsPolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [{"Ref": "Events"}],
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sqs:SendMessage",
                        "Resource": {"Fn::GetAtt": ["Events", "Arn"]}}]},
                },
            },
            "Images": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketName": f"images-{suffix}",
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "NotificationConfiguration": {
                        "EventBridgeConfiguration": {"EventBridgeEnabled": True}},
                    "LifecycleConfiguration": {"Rules": [
                        {"Id": "expire-noncurrent-versions", "Status": "Enabled",
                         "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
                        {"Id": "expire-processed", "Status": "Enabled", "Prefix": "processed/",
                         "ExpirationInDays": 30},
                    ]},
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True, "BlockPublicPolicy": True,
                        "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
                    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                },
            },
            "ImagesPolicy": {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": {"Ref": "Images"},
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [bucket_arn, {"Fn::Sub": "${Images.Arn}/*"}],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]},
                },
            },
            "Faces": {"Type": "AWS::Rekognition::Collection",
                      "Properties": {"CollectionId": f"faces-{suffix}",
                                     "Tags": [{"Key": "Project", "Value": "facestack"}]}},
            "EnrollRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": {
                    "Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}},
            },
            "Enroll": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": f"enroll-{suffix}", "Runtime": "python3.12",
                    "Handler": "index.handler", "Role": {"Fn::GetAtt": ["EnrollRole", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return event\n"},
                },
            },
            "EnrollInvokeConfig": {
                "Type": "AWS::Lambda::EventInvokeConfig",
                "Properties": {
                    "FunctionName": {"Ref": "Enroll"}, "Qualifier": "$LATEST",
                    "MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 300,
                    "DestinationConfig": {"OnFailure": {
                        "Destination": {"Fn::GetAtt": ["Events", "Arn"]}}},
                },
            },
            "InputUploads": {
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "EventPattern": {
                        "source": ["aws.s3"], "detail-type": ["Object Created"],
                        "detail": {"bucket": {"name": [{"Ref": "Images"}]},
                                   "object": {"key": [{"prefix": "input/"}]}}},
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Events", "Arn"]}, "Id": "queue"}],
                },
            },
        },
        "Outputs": {"CollectionArn": {"Value": {"Fn::GetAtt": ["Faces", "Arn"]}},
                    "CollectionId": {"Value": {"Ref": "Faces"}}},
    }


def wait_for_stack(cloudformation: Any, name: str) -> dict[str, Any]:
    for _ in range(100):
        stack: dict[str, Any] = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            return stack
        time.sleep(0.1)
    raise AssertionError(f"{name} is still in progress")


def messages(sqs: Any, url: str, wait: int = 2) -> list[dict[str, Any]]:
    found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait)
    return [json.loads(message["Body"]) for message in found.get("Messages", [])]


@pytest.fixture(scope="module")
def deployed(emulator: Emulator) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:8]
    cloudformation = emulator.client("cloudformation")
    name = f"models-{suffix}"
    cloudformation.create_stack(StackName=name, TemplateBody=json.dumps(template(suffix)),
                                Capabilities=["CAPABILITY_IAM"])
    stack = wait_for_stack(cloudformation, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    return {"suffix": suffix, "stack": stack, "name": name}


def test_the_collection_exists_with_its_arn(emulator: Emulator, deployed: dict[str, Any]) -> None:
    suffix = deployed["suffix"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in deployed["stack"]["Outputs"]}
    arn = f"arn:aws:rekognition:us-east-1:{ACCOUNT}:collection/faces-{suffix}"
    assert outputs == {"CollectionArn": arn, "CollectionId": f"faces-{suffix}"}
    rekognition = emulator.client("rekognition")
    described = rekognition.describe_collection(CollectionId=f"faces-{suffix}")
    assert described["CollectionARN"] == arn
    assert described["FaceCount"] == 0
    assert rekognition.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Project": "facestack"}


def test_the_bucket_is_configured_as_the_template_says(
    emulator: Emulator, deployed: dict[str, Any]
) -> None:
    s3 = emulator.client("s3")
    bucket = f"images-{deployed['suffix']}"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert notifications["EventBridgeConfiguration"] == {}
    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert rules["expire-processed"]["Expiration"] == {"Days": 30}
    assert rules["expire-processed"]["Filter"] == {"Prefix": "processed/"}
    assert rules["expire-noncurrent-versions"]["NoncurrentVersionExpiration"][
        "NoncurrentDays"] == 30
    assert rules["expire-noncurrent-versions"]["AbortIncompleteMultipartUpload"] == {
        "DaysAfterInitiation": 7}
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                     "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]
    assert ownership["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    statement = policy["Statement"][0]
    assert statement["Sid"] == "DenyInsecureTransport"
    assert statement["Resource"] == [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]


def test_the_queue_policy_and_invoke_config_are_in_place(
    emulator: Emulator, deployed: dict[str, Any]
) -> None:
    suffix = deployed["suffix"]
    sqs = emulator.client("sqs")
    url = sqs.get_queue_url(QueueName=f"events-{suffix}")["QueueUrl"]
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])[
        "Attributes"]["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}
    config = emulator.client("lambda").get_function_event_invoke_config(
        FunctionName=f"enroll-{suffix}")
    assert config["MaximumRetryAttempts"] == 1
    assert config["MaximumEventAgeInSeconds"] == 300
    assert config["DestinationConfig"]["OnFailure"]["Destination"] == (
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:events-{suffix}")


def test_uploads_send_object_created_with_the_real_version_id(
    emulator: Emulator, deployed: dict[str, Any]
) -> None:
    suffix = deployed["suffix"]
    s3, sqs = emulator.client("s3"), emulator.client("sqs")
    url = sqs.get_queue_url(QueueName=f"events-{suffix}")["QueueUrl"]
    put = s3.put_object(Bucket=f"images-{suffix}", Key="input/cam-1/a.jpg", Body=b"\xff\xd8\xff1")
    s3.put_object(Bucket=f"images-{suffix}", Key="processed/ignored.json", Body=b"{}")
    received = messages(sqs, url)
    assert len(received) == 1, received
    event = received[0]
    assert event["source"] == "aws.s3"
    assert event["detail-type"] == "Object Created"
    assert event["resources"] == [f"arn:aws:s3:::images-{suffix}"]
    assert event["time"].endswith("Z")
    assert event["account"] == ACCOUNT
    detail = event["detail"]
    assert detail["bucket"] == {"name": f"images-{suffix}"}
    obj = detail["object"]
    assert obj["key"] == "input/cam-1/a.jpg"
    assert obj["size"] == 4
    assert obj["etag"] == put["ETag"].strip('"')
    assert obj["version-id"] == put["VersionId"] != "null"
    assert detail["reason"] == "PutObject"
    assert detail["requester"] == ACCOUNT
    assert detail["source-ip-address"] == "127.0.0.1"
    assert len(detail["request-id"]) == 16
    assert set(detail) == {"version", "bucket", "object", "request-id", "requester",
                           "source-ip-address", "reason"}
    assert messages(sqs, url, wait=0) == []


def test_deleting_the_stack_removes_what_it_made(
    emulator: Emulator, deployed: dict[str, Any]
) -> None:
    cloudformation = emulator.client("cloudformation")
    suffix = deployed["suffix"]
    cloudformation.delete_stack(StackName=deployed["name"])
    wait_for_stack(cloudformation, deployed["stack"]["StackId"])
    assert f"faces-{suffix}" not in emulator.client("rekognition").list_collections()[
        "CollectionIds"]


def zipped(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def role_template(actions: list[str], tag: str) -> dict[str, Any]:
    return {"Resources": {
        "Worker": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "work", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": actions, "Resource": "*"}]}}],
            "Tags": [{"Key": "Stage", "Value": tag}]}},
        "Faces": {"Type": "AWS::Rekognition::Collection", "Properties": {
            "CollectionId": "updated-faces", "Tags": [{"Key": "Stage", "Value": tag}]}},
    }, "Outputs": {"Role": {"Value": {"Ref": "Worker"}}}}


def test_updates_reach_the_role_and_the_collection(emulator: Emulator) -> None:
    cloudformation, iam = emulator.client("cloudformation"), emulator.client("iam")
    cloudformation.create_stack(StackName="updates",
                                TemplateBody=json.dumps(role_template(["s3:GetObject"], "one")),
                                Capabilities=["CAPABILITY_IAM"])
    stack = wait_for_stack(cloudformation, "updates")
    role = stack["Outputs"][0]["OutputValue"]
    first = iam.get_role_policy(RoleName=role, PolicyName="work")["PolicyDocument"]
    assert first["Statement"][0]["Action"] == ["s3:GetObject"]  # JSON, not a Python repr
    cloudformation.update_stack(
        StackName="updates", Capabilities=["CAPABILITY_IAM"],
        TemplateBody=json.dumps(role_template(["s3:GetObject", "s3:PutObject"], "two")))
    assert wait_for_stack(cloudformation, "updates")["StackStatus"] == "UPDATE_COMPLETE"
    second = iam.get_role_policy(RoleName=role, PolicyName="work")["PolicyDocument"]
    assert second["Statement"][0]["Action"] == ["s3:GetObject", "s3:PutObject"]
    assert iam.list_role_tags(RoleName=role)["Tags"] == [{"Key": "Stage", "Value": "two"}]
    rekognition = emulator.client("rekognition")
    arn = rekognition.describe_collection(CollectionId="updated-faces")["CollectionARN"]
    assert rekognition.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Stage": "two"}


def test_change_sets_compute_outputs_and_resource_events(emulator: Emulator) -> None:
    cloudformation = emulator.client("cloudformation")
    body: dict[str, Any] = {
        "Resources": {"Faces": {"Type": "AWS::Rekognition::Collection",
                                "Properties": {"CollectionId": "change-set-faces"}}},
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Faces", "Arn"]}}}}
    cloudformation.create_change_set(StackName="change-sets", ChangeSetName="one",
                                     ChangeSetType="CREATE", TemplateBody=json.dumps(body))
    cloudformation.execute_change_set(StackName="change-sets", ChangeSetName="one")
    stack = wait_for_stack(cloudformation, "change-sets")
    assert stack["Outputs"] == [{"OutputKey": "Arn", "OutputValue":
                                 f"arn:aws:rekognition:us-east-1:{ACCOUNT}:collection/"
                                 "change-set-faces"}]
    events = cloudformation.describe_stack_events(StackName="change-sets")["StackEvents"]
    faces = [(e["ResourceStatus"], e["PhysicalResourceId"]) for e in events
             if e["LogicalResourceId"] == "Faces"]
    assert faces == [("CREATE_COMPLETE", "change-set-faces"), ("CREATE_IN_PROGRESS", "")]
    body["Resources"]["Queue"] = {"Type": "AWS::SQS::Queue",
                                  "Properties": {"QueueName": "change-set-queue"}}
    body["Outputs"]["Queue"] = {"Value": {"Ref": "Queue"}}
    cloudformation.create_change_set(StackName="change-sets", ChangeSetName="two",
                                     ChangeSetType="UPDATE", TemplateBody=json.dumps(body))
    cloudformation.execute_change_set(StackName="change-sets", ChangeSetName="two")
    stack = wait_for_stack(cloudformation, "change-sets")
    assert sorted(o["OutputKey"] for o in stack["Outputs"]) == ["Arn", "Queue"]


def key_template(description: str, rotate: bool) -> dict[str, Any]:
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "AccountAdministersKey", "Effect": "Allow",
        "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
        "Action": ["kms:DescribeKey", "kms:PutKeyPolicy"], "Resource": "*"}]}
    return {"Resources": {
        "DataKey": {"Type": "AWS::KMS::Key", "Properties": {
            "Description": description, "EnableKeyRotation": rotate, "KeyPolicy": policy,
            "Tags": [{"Key": "Project", "Value": "facestack"}]}},
        "DataKeyAlias": {"Type": "AWS::KMS::Alias", "Properties": {
            "AliasName": "alias/models-key", "TargetKeyId": {"Ref": "DataKey"}}},
    }, "Outputs": {"Key": {"Value": {"Ref": "DataKey"}},
                   "Arn": {"Value": {"Fn::GetAtt": ["DataKey", "Arn"]}}}}


def test_a_tagged_key_is_created_and_updated_in_place(emulator: Emulator) -> None:
    cloudformation, kms = emulator.client("cloudformation"), emulator.client("kms")
    cloudformation.create_stack(StackName="keys",
                                TemplateBody=json.dumps(key_template("one", rotate=True)))
    stack = wait_for_stack(cloudformation, "keys")
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    outputs = {output["OutputKey"]: output["OutputValue"] for output in stack["Outputs"]}
    key = outputs["Key"]
    assert outputs["Arn"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key}"
    # The policy is JSON text, with the template's intrinsics resolved, as KMS keeps it.
    policy = json.loads(kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
    assert policy["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is True
    assert kms.list_resource_tags(KeyId=key)["Tags"] == [
        {"TagKey": "Project", "TagValue": "facestack"}]
    aliases = kms.list_aliases(KeyId=key)["Aliases"]
    assert [alias["AliasName"] for alias in aliases] == ["alias/models-key"]
    cloudformation.update_stack(StackName="keys",
                                TemplateBody=json.dumps(key_template("two", rotate=False)))
    assert wait_for_stack(cloudformation, "keys")["StackStatus"] == "UPDATE_COMPLETE"
    metadata = kms.describe_key(KeyId=key)["KeyMetadata"]
    assert metadata["Description"] == "two"
    assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is False


def test_termination_protection_is_kept_and_refuses_deletion(emulator: Emulator) -> None:
    cloudformation = emulator.client("cloudformation")
    body = json.dumps({"Resources": {"Work": {"Type": "AWS::SQS::Queue"}}})
    stack_id = cloudformation.create_stack(StackName="protected", TemplateBody=body)["StackId"]
    assert wait_for_stack(cloudformation, "protected")["StackStatus"] == "CREATE_COMPLETE"
    cloudformation.update_termination_protection(
        StackName="protected", EnableTerminationProtection=True)
    stack = cloudformation.describe_stacks(StackName="protected")["Stacks"][0]
    assert stack["EnableTerminationProtection"] is True
    with pytest.raises(cloudformation.exceptions.ClientError, match="TerminationProtection"):
        cloudformation.delete_stack(StackName="protected")
    cloudformation.update_termination_protection(
        StackName="protected", EnableTerminationProtection=False)
    cloudformation.delete_stack(StackName="protected")
    assert wait_for_stack(cloudformation, stack_id)["StackStatus"] == "DELETE_COMPLETE"


def fleet_template(user_data: str) -> dict[str, Any]:
    return {"Resources": {
        "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
            "LaunchTemplateData": {"ImageId": "ami-12c6146b", "InstanceType": "t4g.small",
                                   "UserData": {"Fn::Base64": user_data}}}},
        "Pinned": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
            "LaunchTemplateData": {"ImageId": "ami-12c6146b", "InstanceType": "t4g.small",
                                   "UserData": {"Fn::Base64": user_data}}}},
        "Group": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "0", "MaxSize": "1", "DesiredCapacity": "0",
            "AvailabilityZones": ["us-east-1a"],
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"},
                               "Version": {"Fn::GetAtt": ["Template", "LatestVersionNumber"]}}}},
        "PinnedGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "0", "MaxSize": "1", "DesiredCapacity": "0",
            "AvailabilityZones": ["us-east-1a"],
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Pinned"}, "Version": "$Default"}}},
    }, "Outputs": {"Group": {"Value": {"Ref": "Group"}},
                   "PinnedGroup": {"Value": {"Ref": "PinnedGroup"}}}}


def test_a_group_follows_its_launch_templates_new_version(emulator: Emulator) -> None:
    cloudformation = emulator.client("cloudformation")
    autoscaling, ec2 = emulator.client("autoscaling"), emulator.client("ec2")
    cloudformation.create_stack(StackName="fleet-update",
                                TemplateBody=json.dumps(fleet_template("#!/bin/sh\necho one\n")))
    stack = wait_for_stack(cloudformation, "fleet-update")
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    names = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}

    def launched(name: str) -> dict[str, Any]:
        (group,) = autoscaling.describe_auto_scaling_groups(
            AutoScalingGroupNames=[names[name]])["AutoScalingGroups"]
        template: dict[str, Any] = group["LaunchTemplate"]
        return template

    assert launched("Group")["Version"] == "1"
    cloudformation.update_stack(StackName="fleet-update",
                                TemplateBody=json.dumps(fleet_template("#!/bin/sh\necho two\n")))
    assert wait_for_stack(cloudformation, "fleet-update")["StackStatus"] == "UPDATE_COMPLETE"

    group = launched("Group")
    assert group["Version"] == "2"
    (version,) = ec2.describe_launch_template_versions(
        LaunchTemplateId=group["LaunchTemplateId"], Versions=[group["Version"]]
    )["LaunchTemplateVersions"]
    assert "echo two" in base64.b64decode(version["LaunchTemplateData"]["UserData"]).decode()
    # A group naming $Default is left on it.
    assert launched("PinnedGroup")["Version"] == "$Default"
