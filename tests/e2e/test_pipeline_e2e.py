"""The deployed pipeline runs on the local cloud, end to end: enroll a person, upload photos, and
read the faces found — through the deployed rules, state machine and functions' own zips, with
the face engine. Then failures: an injected one takes the state machine's Catch, a function
that outlives its timeout is retried as Lambda retries asynchronous invocations; changes made in
the emulator (a function's environment and code, the state machine's definition) take effect on
the next upload; the AWS CLI and boto3 start executions and read histories at the local endpoint.

The stack is the dev environment under another prefix (facestack-e2e), so it does not meet the
one test_deploy_e2e.py deployed and destroyed (whose images bucket is retained).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import ROOT, LocalCloud, eventually

sys.path.insert(0, str(ROOT / "local"))
from facestack_local import samples

PREFIX = "facestack-e2e"
STACK = f"{PREFIX}-FaceRecognition"
BUCKET = f"{PREFIX}-images-111111111111"
MACHINE = f"arn:aws:states:us-east-1:123456789012:stateMachine:{PREFIX}-pipeline"


@pytest.fixture(scope="module")
def environments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("environments")
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    dev = folder / "dev.yaml"
    dev.write_text(dev.read_text().replace("namePrefix: facestack-dev", f"namePrefix: {PREFIX}"))
    return folder


@pytest.fixture(scope="module")
def photos() -> dict[str, Path]:
    return samples.ensure(ROOT / ".facestack" / "cache" / "samples")


class Pipeline:
    """The facestack-e2e stack on the local cloud, through facestack's commands."""

    def __init__(self, cloud: LocalCloud, environments: Path) -> None:
        self.cloud = cloud
        self.extra = {"FACESTACK_ENVIRONMENTS_DIR": str(environments)}

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        result = self.cloud.facestack(*arguments, extra=self.extra)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def upload(self, *files: Path | str, enroll: str | None = None) -> None:
        self.run("local", "upload", *map(str, files), *(["--enroll", enroll] if enroll else []))

    def rows(self) -> list[dict[str, Any]]:
        out = self.run("local", "results", "--limit", "1000", "--format", "json").stdout
        return [json.loads(line) for line in out.splitlines()]

    def rows_of(self, key: str, count: int = 1) -> list[dict[str, Any]]:
        def found() -> list[dict[str, Any]] | None:
            rows = [row for row in self.rows() if row["key"] == key]
            return rows if len(rows) >= count else None

        return eventually(found, what=f"{count} result rows of {key}")

    def execution_of(self, key: str) -> dict[str, Any]:
        """The newest execution whose input names `key`, once it has ended."""
        sfn = self.cloud.client("stepfunctions")

        def ended() -> dict[str, Any] | None:
            for summary in sfn.list_executions(stateMachineArn=MACHINE)["executions"]:
                described = sfn.describe_execution(executionArn=summary["executionArn"])
                if json.loads(described["input"]).get("key") == key:
                    return described if described["status"] != "RUNNING" else None
            return None

        return eventually(ended, what=f"the execution of {key}")

    def states_entered(self, execution_arn: str) -> list[str]:
        history = self.cloud.client("stepfunctions").get_execution_history(
            executionArn=execution_arn
        )["events"]
        return [
            event["stateEnteredEventDetails"]["name"]
            for event in history
            if "stateEnteredEventDetails" in event
        ]


@pytest.fixture(scope="module")
def pipeline(cloud: LocalCloud, environments: Path) -> Pipeline:
    pipeline = Pipeline(cloud, environments)
    result = pipeline.run("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain")
    assert f"deployed {STACK}: CREATE_COMPLETE" in result.stdout
    return pipeline


def test_an_enrolled_person_is_recognized_and_a_stranger_is_not(
    pipeline: Pipeline, photos: dict[str, Path]
) -> None:
    pipeline.upload(photos["obama.jpg"], enroll="obama")
    (enrolled,) = pipeline.rows_of("enroll/obama/obama.jpg")
    assert enrolled["record_type"] == "ENROLLMENT"
    assert enrolled["external_image_id"] == "obama"

    pipeline.upload(photos["obama2.jpg"], photos["biden.jpg"])
    (match,) = pipeline.rows_of("input/obama2.jpg")
    assert match["record_type"] == "FACE"
    assert match["match_status"] == "MATCHED"
    assert match["person_id"] == "obama"
    assert match["similarity"] >= 90
    assert match["emotions"], "the face engine gives emotions"
    (stranger,) = pipeline.rows_of("input/biden.jpg")
    assert stranger["record_type"] == "FACE"
    assert stranger["match_status"] != "MATCHED"
    assert "person_id" not in stranger

    # The enriched JSON store wrote under processed/.
    body = pipeline.cloud.client("s3").get_object(Bucket=BUCKET, Key="processed/obama2.jpg.json")
    lines = [json.loads(line) for line in body["Body"].read().decode().splitlines()]
    assert [line["person_id"] for line in lines] == ["obama"]

    # Each execution's history shows its states.
    for key in ("input/obama2.jpg", "input/biden.jpg"):
        execution = pipeline.execution_of(key)
        assert execution["status"] == "SUCCEEDED"
        assert pipeline.states_entered(execution["executionArn"]) == [
            "Detect",
            "Rejected?",
            "Store",
        ]


def test_a_file_that_is_not_an_image_is_stored_as_a_rejection(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photograph\n")
    pipeline.upload(notes)
    (rejected,) = pipeline.rows_of("input/notes.jpg")
    assert rejected["record_type"] == "REJECTED"
    assert rejected["reason"]
    execution = pipeline.execution_of("input/notes.jpg")
    assert "RecordRejection" in pipeline.states_entered(execution["executionArn"])


def test_a_broken_environment_set_in_the_emulator_takes_the_catch_path(
    pipeline: Pipeline, photos: dict[str, Path], tmp_path: Path
) -> None:
    lambda_ = pipeline.cloud.client("lambda")
    name = f"{PREFIX}-detect"
    variables = lambda_.get_function_configuration(FunctionName=name)["Environment"]["Variables"]
    lambda_.update_function_configuration(
        FunctionName=name, Environment={"Variables": dict(variables, MAX_FACES="many")}
    )
    try:
        shutil.copy(photos["obama3.jpg"], tmp_path / "broken.jpg")
        pipeline.upload(tmp_path / "broken.jpg")
        (failure,) = pipeline.rows_of("input/broken.jpg")
    finally:
        lambda_.update_function_configuration(
            FunctionName=name, Environment={"Variables": variables}
        )
    assert failure["record_type"] == "FAILURE"
    assert failure["error"] == "ConfigError"
    assert "MAX_FACES" in failure["error_message"]
    # Recorded, then failed on purpose (the workflow's failure alarm counts it).
    execution = pipeline.execution_of("input/broken.jpg")
    assert execution["status"] == "FAILED"
    assert execution["error"] == "ImageProcessingFailed"
    assert pipeline.states_entered(execution["executionArn"]) == [
        "Detect",
        "RecordFailure",
        "Failed",
    ]

    # Put back, the next upload is processed again.
    shutil.copy(photos["obama3.jpg"], tmp_path / "mended.jpg")
    pipeline.upload(tmp_path / "mended.jpg")
    (face,) = pipeline.rows_of("input/mended.jpg")
    assert face["person_id"] == "obama"


def test_a_definition_changed_in_the_emulator_runs_on_the_next_upload(
    pipeline: Pipeline, photos: dict[str, Path], tmp_path: Path
) -> None:
    sfn = pipeline.cloud.client("stepfunctions")
    deployed = sfn.describe_state_machine(stateMachineArn=MACHINE)["definition"]
    definition = json.loads(deployed)
    definition["States"]["Received"] = {"Type": "Pass", "Next": definition["StartAt"]}
    definition["StartAt"] = "Received"
    sfn.update_state_machine(stateMachineArn=MACHINE, definition=json.dumps(definition))
    try:
        shutil.copy(photos["obama2.jpg"], tmp_path / "changed.jpg")
        pipeline.upload(tmp_path / "changed.jpg")
        execution = pipeline.execution_of("input/changed.jpg")
    finally:
        sfn.update_state_machine(stateMachineArn=MACHINE, definition=deployed)
    assert execution["status"] == "SUCCEEDED"
    assert pipeline.states_entered(execution["executionArn"])[:2] == ["Received", "Detect"]


def sleeping_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "app.py", "import time\n\ndef handler(event, context):\n    time.sleep(30)\n"
        )
    return buffer.getvalue()


def test_a_function_past_its_timeout_is_timed_out_and_retried(
    pipeline: Pipeline, photos: dict[str, Path]
) -> None:
    """enroll runs asynchronously (the rule's target): its code, replaced in the emulator by one
    that sleeps past a 1 s timeout, ends in Sandbox.Timedout, is retried twice (the local cloud
    waits 1 s, then 2, where Lambda waits a minute, then two: 'local start
    --async-retry-delay 1'), and the record of the failure reaches the on-failure destination."""
    cloud = pipeline.cloud
    lambda_ = cloud.client("lambda")
    name = f"{PREFIX}-enroll"
    original = lambda_.get_function(FunctionName=name)
    with urllib.request.urlopen(original["Code"]["Location"], timeout=30) as response:
        original_code = response.read()
    lambda_.update_function_code(FunctionName=name, ZipFile=sleeping_package())
    lambda_.update_function_configuration(FunctionName=name, Timeout=1)
    sqs = cloud.client("sqs")
    queue = sqs.get_queue_url(QueueName=f"{PREFIX}-dead-letters")["QueueUrl"]

    def failure_record() -> dict[str, Any] | None:
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
        for message in messages:
            body: dict[str, Any] = json.loads(message["Body"])
            if name in body.get("requestContext", {}).get("functionArn", ""):
                return body
        return None

    try:
        pipeline.upload(photos["biden.jpg"], enroll="sleeper")
        record = eventually(failure_record, what="the on-failure record of enroll")
    finally:
        lambda_.update_function_code(FunctionName=name, ZipFile=original_code)
        lambda_.update_function_configuration(
            FunctionName=name, Timeout=original["Configuration"]["Timeout"]
        )
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["responsePayload"]["errorType"] == "Sandbox.Timedout"
    ended = [
        r
        for r in cloud.runtime("records")
        if r["type"] == "invocationEnded" and r["function"] == name
    ]
    assert [r.get("errorType") for r in ended][-3:] == ["Sandbox.Timedout"] * 3


def test_the_aws_cli_and_boto3_start_executions_and_read_histories(
    pipeline: Pipeline, photos: dict[str, Path]
) -> None:
    cloud = pipeline.cloud
    variables = json.loads(cloud.facestack("local", "env", "--format", "json").stdout)
    environment = dict(cloud.environment, **variables)
    started = subprocess.run(
        [
            "aws",
            "stepfunctions",
            "start-execution",
            "--state-machine-arn",
            MACHINE,
            "--name",
            "from-the-cli",
            "--input",
            json.dumps({"bucket": BUCKET, "key": "input/obama2.jpg"}),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    arn = json.loads(started.stdout)["executionArn"]
    assert arn.endswith(":from-the-cli")
    sfn = cloud.client("stepfunctions")
    described: dict[str, Any] = eventually(
        lambda: (lambda d: d if d["status"] != "RUNNING" else None)(
            sfn.describe_execution(executionArn=arn)
        ),
        what="the CLI's execution",
    )
    assert described["status"] == "SUCCEEDED"
    history = subprocess.run(
        ["aws", "stepfunctions", "get-execution-history", "--execution-arn", arn],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert history.returncode == 0, history.stderr
    types = [event["type"] for event in json.loads(history.stdout)["events"]]
    assert types[0] == "ExecutionStarted"
    assert types[-1] == "ExecutionSucceeded"
    assert "TaskSucceeded" in types
    # Lambda's Invoke, synchronous and Event, answered by the runtime.
    answer = cloud.client("lambda").invoke(
        FunctionName=f"{PREFIX}-detect",
        Payload=json.dumps({"input": {"bucket": BUCKET, "key": "input/biden.jpg"}}),
    )
    assert answer["StatusCode"] == 200
    assert "FunctionError" not in answer
    payload = json.loads(answer["Payload"].read())
    assert payload["status"] == "OK"
    assert payload["face_count"] == 1
    queued = cloud.client("lambda").invoke(
        FunctionName=f"{PREFIX}-detect", InvocationType="Event", Payload=b"{}"
    )
    assert queued["StatusCode"] == 202


def test_the_local_commands_tell_the_story(pipeline: Pipeline) -> None:
    executions = pipeline.run("local", "executions").stdout
    assert "SUCCEEDED" in executions
    assert "from-the-cli" in executions
    history = pipeline.run("local", "execution", "from-the-cli").stdout
    assert "ExecutionSucceeded" in history
    assert "TaskStateEntered" in history
    trace = pipeline.run("local", "trace", "input/obama2.jpg").stdout
    assert " matched" in trace
    assert "did not match" in trace  # the enroll rule, and why
    assert f"{PREFIX}-detect invoked" in trace
    assert "SUCCEEDED" in trace
    logs = pipeline.run("local", "logs", "--function", "detect", "--since", "1h").stdout
    assert "REPORT RequestId:" in logs
    assert "faces detected" in logs
    status = pipeline.run("local", "status").stdout
    assert "events routed" in status
    unknown = pipeline.cloud.facestack("local", "logs", "--function", "nope", extra=pipeline.extra)
    assert unknown.returncode == 2
    assert "no function nope" in unknown.stderr


def test_a_grant_removed_from_the_store_role_denies_the_next_upload_until_put_back(
    pipeline: Pipeline, photos: dict[str, Path], tmp_path: Path
) -> None:
    """The proof of least privilege: every call goes through the IAM gateway, authorized
    against the deployed policies as AWS would. The store role's s3:PutObject on processed/,
    removed in the emulator, fails the next upload's execution at Store with AWS's
    AccessDenied naming the action and the object; put back, the next upload succeeds."""
    cloud = pipeline.cloud
    role_arn = cloud.client("lambda").get_function_configuration(FunctionName=f"{PREFIX}-store")[
        "Role"
    ]
    role = role_arn.rsplit("/", 1)[-1]
    iam = cloud.client("iam")
    (name,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    kept = [s for s in document["Statement"] if s["Action"] != "s3:PutObject"]
    assert len(kept) == len(document["Statement"]) - 1, "one s3:PutObject statement"
    iam.put_role_policy(
        RoleName=role, PolicyName=name, PolicyDocument=json.dumps(dict(document, Statement=kept))
    )
    try:
        shutil.copy(photos["obama2.jpg"], tmp_path / "denied.jpg")
        pipeline.upload(tmp_path / "denied.jpg")
        execution = pipeline.execution_of("input/denied.jpg")
    finally:
        iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(document))
    resource = f"arn:aws:s3:::{BUCKET}/processed/denied.jpg.json"
    assert execution["status"] == "FAILED"
    assert pipeline.states_entered(execution["executionArn"]) == ["Detect", "Rejected?", "Store"]
    history = pipeline.run("local", "execution", execution["executionArn"]).stdout
    assert "AccessDenied" in history
    assert f"is not authorized to perform: s3:PutObject on resource: {resource}" in history
    assert "because no identity-based policy allows the s3:PutObject action" in history
    denied = pipeline.run("local", "iam-log", "--denied").stdout.splitlines()
    line = next(line for line in denied if f" s3:PutObject {resource}:" in line)
    assert f"assumed-role/{role}/" in line
    assert "no identity-based policy allows the s3:PutObject action" in line
    records = [
        json.loads(record)
        for record in pipeline.run("local", "iam-log", "--denied", "--format", "json").stdout.split(
            "\n"
        )
        if record
    ]
    (record,) = [r for r in records if r["resource"] == resource]
    assert record["decision"] == "ImplicitDeny"
    assert record["action"] == "s3:PutObject"
    assert record["missing"] == "identity"
    # The grant back: the next upload is stored, and the allow names the statement.
    shutil.copy(photos["obama2.jpg"], tmp_path / "allowed.jpg")
    pipeline.upload(tmp_path / "allowed.jpg")
    (face,) = pipeline.rows_of("input/allowed.jpg")
    assert face["person_id"] == "obama"
    assert pipeline.execution_of("input/allowed.jpg")["status"] == "SUCCEEDED"
    allowed = pipeline.run("local", "iam-log").stdout
    assert f"ALLOW assumed-role/{role}/" in allowed
    assert f" s3:PutObject arn:aws:s3:::{BUCKET}/processed/allowed.jpg.json: allowed by" in allowed


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wrong secret", "SignatureDoesNotMatch"),
        ("unknown key", "InvalidClientTokenId"),
        ("expired session", "ExpiredToken"),
    ],
)
def test_a_request_with_bad_credentials_is_refused_with_aws_error(
    pipeline: Pipeline, case: str, code: str
) -> None:
    """Signatures are verified with the keys the local cloud issued: a wrong secret, a key it
    never issued and a session past its expiry get AWS's errors (sts and sqs, query and JSON)."""
    cloud = pipeline.cloud
    key, secret, token = cloud.access_key_id, cloud.secret_access_key + "x", None
    if case == "unknown key":
        key, secret = "AKIAFACESTACKNOBODY0", cloud.secret_access_key
    if case == "expired session":
        # A session of a role made for it, one second long: AWS's minimum is 900 s, the
        # emulator's STS takes less when boto3 does not validate, so it expires at once.
        iam = cloud.client("iam")
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_role(
                RoleName="e2e-short-session", AssumeRolePolicyDocument=json.dumps(trust)
            )
        sts = boto3.client(
            "sts",
            endpoint_url=cloud.endpoint,
            region_name="us-east-1",
            aws_access_key_id=cloud.access_key_id,
            aws_secret_access_key=cloud.secret_access_key,
            verify=cloud.ca_bundle,
            config=Config(parameter_validation=False),
        )
        credentials = sts.assume_role(
            RoleArn="arn:aws:iam::123456789012:role/e2e-short-session",
            RoleSessionName="short",
            DurationSeconds=1,
        )["Credentials"]
        key, secret, token = (
            credentials["AccessKeyId"],
            credentials["SecretAccessKey"],
            credentials["SessionToken"],
        )
        time.sleep(2)
    client = boto3.client(
        "sts",
        endpoint_url=cloud.endpoint,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        verify=cloud.ca_bundle,
    )
    with pytest.raises(ClientError) as refused:
        client.get_caller_identity()
    assert refused.value.response["Error"]["Code"] == code
