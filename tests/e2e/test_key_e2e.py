"""prod's customer-managed key on the local cloud: prod deployed (its KMS key encrypting the
results table, the queues, the log groups, the topic and the functions' environments), one photo
through the Lambda path and one through the fleet's encrypted work queue, every call through the
IAM gateway, which evaluates the key's use by SQS and DynamoDB with the caller's grants and the
key policy (EventBridge's delivery to the queue by the key policy alone). The store role's key
grant removed, the next upload fails at Store with AccessDenied on the key; put back, it is
stored.

The stack is prod under another prefix (facestack-e2ekey) with one local worker.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, LocalCloud, eventually
from test_pipeline_e2e import Pipeline

sys.path.insert(0, str(ROOT / "local"))
from facestack_local import samples

PREFIX = "facestack-e2ekey"
STACK = f"{PREFIX}-FaceRecognition"
MACHINE = f"arn:aws:states:us-east-1:123456789012:stateMachine:{PREFIX}-pipeline"


class ProdPipeline(Pipeline):
    """The facestack-e2ekey stack: prod's environment, through facestack's commands."""

    def run(self, *arguments: str) -> Any:
        if arguments[:2] in (("local", "upload"), ("local", "results")):
            arguments = (*arguments, "--env", "prod")
        return super().run(*arguments)

    def execution_of(self, key: str) -> dict[str, Any]:
        sfn = self.cloud.client("stepfunctions")

        def ended() -> dict[str, Any] | None:
            for summary in sfn.list_executions(stateMachineArn=MACHINE)["executions"]:
                described = sfn.describe_execution(executionArn=summary["executionArn"])
                if json.loads(described["input"]).get("key") == key:
                    return described if described["status"] != "RUNNING" else None
            return None

        return eventually(ended, what=f"the execution of {key}")


@pytest.fixture(scope="module")
def photos() -> dict[str, Path]:
    return samples.ensure(ROOT / ".facestack" / "cache" / "samples")


@pytest.fixture(scope="module")
def prod(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> ProdPipeline:
    folder = tmp_path_factory.mktemp("environments-key")
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    prod = folder / "prod.yaml"
    text = prod.read_text().replace("namePrefix: facestack-prod", f"namePrefix: {PREFIX}")
    assert "customerManagedKey: true" in text
    prod.write_text(text + "\nlocal:\n  workers: 1\n")
    pipeline = ProdPipeline(cloud, folder)
    result = pipeline.run("deploy", "--env", "prod", "--local", "--yes", "--progress", "plain")
    assert f"deployed {STACK}: CREATE_COMPLETE" in result.stdout
    return pipeline


def key_arn(cloud: LocalCloud) -> str:
    table = cloud.client("dynamodb").describe_table(TableName=f"{PREFIX}-FaceRecognitionResults")[
        "Table"
    ]
    arn: str = table["SSEDescription"]["KMSMasterKeyArn"]
    return arn


def test_prod_runs_with_its_key_and_a_removed_key_grant_fails_the_store_step(
    prod: ProdPipeline, photos: dict[str, Path], tmp_path: Path
) -> None:
    cloud = prod.cloud
    key = key_arn(cloud)
    assert key.startswith("arn:aws:kms:us-east-1:123456789012:key/")
    queue = cloud.client("sqs").get_queue_attributes(
        QueueUrl=cloud.client("sqs").get_queue_url(QueueName=f"{PREFIX}-work")["QueueUrl"],
        AttributeNames=["KmsMasterKeyId"],
    )["Attributes"]
    assert queue["KmsMasterKeyId"] == key

    # The Lambda path and the fleet path, each with one photo.
    shutil.copy(photos["obama2.jpg"], tmp_path / "lambda.jpg")
    shutil.copy(photos["obama2.jpg"], tmp_path / "fleet.jpg")
    prod.upload(tmp_path / "lambda.jpg")
    prod.run("local", "upload", str(tmp_path / "fleet.jpg"), "--batch")
    (stored,) = prod.rows_of("input/lambda.jpg")
    assert stored["record_type"] == "FACE"
    assert prod.execution_of("input/lambda.jpg")["status"] == "SUCCEEDED"
    (by_fleet,) = prod.rows_of("batch/fleet.jpg")
    assert by_fleet["record_type"] == "FACE"

    # The key's use was evaluated: by the store role writing the table, by EventBridge sending
    # to the work queue (the key policy alone), by the fleet's role receiving from it.
    log = prod.run("local", "iam-log").stdout.splitlines()
    uses = [line for line in log if f" {key}: " in line and "the key's use by the service" in line]
    assert any(
        "ALLOW assumed-role/" in line
        and "kms:GenerateDataKey" in line
        and "for dynamodb:BatchWriteItem on" in line
        for line in uses
    ), "\n".join(uses)
    assert any(
        "ALLOW events.amazonaws.com kms:GenerateDataKey" in line and "for sqs:SendMessage" in line
        for line in uses
    ), "\n".join(uses)
    assert any("kms:Decrypt" in line and "for sqs:ReceiveMessage" in line for line in uses)

    # The store role's key grant through DynamoDB removed: Store fails on the key.
    role_arn = cloud.client("lambda").get_function_configuration(FunctionName=f"{PREFIX}-store")[
        "Role"
    ]
    role = role_arn.rsplit("/", 1)[-1]
    iam = cloud.client("iam")
    (name,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]

    def uses_table_key(statement: dict[str, Any]) -> bool:
        condition = statement.get("Condition", {}).get("StringEquals", {})
        service: str | None = condition.get("kms:ViaService")
        return service == "dynamodb.us-east-1.amazonaws.com"

    kept = [s for s in document["Statement"] if not uses_table_key(s)]
    assert len(kept) == len(document["Statement"]) - 1, "one key statement through DynamoDB"
    iam.put_role_policy(
        RoleName=role, PolicyName=name, PolicyDocument=json.dumps(dict(document, Statement=kept))
    )
    try:
        shutil.copy(photos["obama2.jpg"], tmp_path / "denied.jpg")
        prod.upload(tmp_path / "denied.jpg")
        execution = prod.execution_of("input/denied.jpg")
    finally:
        iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(document))
    assert execution["status"] == "FAILED"
    history = prod.run("local", "execution", execution["executionArn"]).stdout
    assert "AccessDenied" in history
    assert f"is not authorized to perform: kms:GenerateDataKey on resource: {key}" in history
    denied = prod.run("local", "iam-log", "--denied").stdout.splitlines()
    assert any(
        f"DENY  assumed-role/{role}/" in line and f"kms:GenerateDataKey {key}:" in line
        for line in denied
    ), "\n".join(denied[-5:])

    # Put back: the next upload is stored.
    shutil.copy(photos["obama2.jpg"], tmp_path / "again.jpg")
    prod.upload(tmp_path / "again.jpg")
    (again,) = prod.rows_of("input/again.jpg")
    assert again["record_type"] == "FACE"
