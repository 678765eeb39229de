"""The launcher's own endpoints: health, credentials of the keys moto issued, Lambda code; and a
clean stop on SIGTERM (the session fixture checks that too)."""

from __future__ import annotations

import io
import json
import urllib.request
import uuid
import zipfile
from datetime import datetime, timezone
from typing import Any

from .conftest import Emulator

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def get_json(emulator: Emulator, path: str) -> tuple[int, dict[str, Any]]:
    status, body = emulator.get(path)
    return status, json.loads(body)


def test_health_has_the_documented_shape(emulator: Emulator) -> None:
    health = emulator.health()
    assert set(health) == {"moto", "faceEngine", "collections"}
    assert health["moto"] == "5.2.1"
    engine = health["faceEngine"]
    assert set(engine) == {"state", "models", "error"}
    assert engine["state"] == "ready"
    assert engine["error"] is None
    assert engine["models"]["dlib"] == "20.0.1.post1"
    assert engine["models"]["faceRecognitionModels"] == "0.3.0"
    assert engine["models"]["emotions"].startswith("fer 25.10.3")
    for collection in health["collections"]:
        assert set(collection) == {"region", "account", "id", "faces"}


def test_credentials_of_a_user_key(emulator: Emulator) -> None:
    iam = emulator.client("iam")
    name = f"deployer-{uuid.uuid4().hex[:6]}"
    user = iam.create_user(UserName=name)["User"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    status, found = get_json(emulator, f"/_facestack/credentials/{key['AccessKeyId']}")
    assert status == 200
    assert found == {
        "accessKeyId": key["AccessKeyId"],
        "secretAccessKey": key["SecretAccessKey"],
        "sessionToken": None,
        "expiration": None,
        "accountId": "123456789012",
        "principal": {"type": "user", "arn": user["Arn"], "userName": name},
        "sessionPolicy": None,
    }


def test_credentials_of_assumed_role_sessions(emulator: Emulator) -> None:
    iam, sts = emulator.client("iam"), emulator.client("sts")
    role = iam.create_role(RoleName=f"detect-{uuid.uuid4().hex[:6]}",
                           AssumeRolePolicyDocument=TRUST)["Role"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="run-1", Policy=policy)
    credentials = session["Credentials"]
    status, found = get_json(emulator, f"/_facestack/credentials/{credentials['AccessKeyId']}")
    assert status == 200
    assert found["secretAccessKey"] == credentials["SecretAccessKey"]
    assert found["sessionToken"] == credentials["SessionToken"]
    expiration = datetime.strptime(found["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=timezone.utc)
    assert abs((expiration - credentials["Expiration"]).total_seconds()) < 1
    assert found["principal"] == {
        "type": "assumed-role", "arn": session["AssumedRoleUser"]["Arn"],
        "roleArn": role["Arn"], "roleName": role["RoleName"], "sessionName": "run-1"}
    assert json.loads(found["sessionPolicy"]) == json.loads(policy)

    web = sts.assume_role_with_web_identity(RoleArn=role["Arn"], RoleSessionName="web-1",
                                            WebIdentityToken="token")["Credentials"]
    status, found = get_json(emulator, f"/_facestack/credentials/{web['AccessKeyId']}")
    assert status == 200
    assert found["principal"]["sessionName"] == "web-1"
    assert found["sessionPolicy"] is None


def test_unknown_keys_are_404(emulator: Emulator) -> None:
    assert get_json(emulator, "/_facestack/credentials/AKIANOTAKEY000000000") == (
        404, {"error": "unknown access key"})


def zipped(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("app.py", text)
    return out.getvalue()


def test_lambda_code_location_serves_the_deployed_zip(emulator: Emulator) -> None:
    iam, functions, s3 = emulator.client("iam"), emulator.client("lambda"), emulator.client("s3")
    role = iam.create_role(RoleName=f"fn-{uuid.uuid4().hex[:6]}",
                           AssumeRolePolicyDocument=TRUST)["Role"]
    inline = zipped("def handler(event, context):\n    return 1\n")
    name = f"inline-{uuid.uuid4().hex[:6]}"
    functions.create_function(FunctionName=name, Runtime="python3.12", Role=role["Arn"],
                              Handler="app.handler", Code={"ZipFile": inline})
    location = functions.get_function(FunctionName=name)["Code"]["Location"]
    assert location == f"{emulator.endpoint}/_facestack/lambda-code/123456789012/us-east-1/{name}"
    with urllib.request.urlopen(location, timeout=10) as response:
        assert response.read() == inline

    bucket = f"assets-{uuid.uuid4().hex[:6]}"
    s3.create_bucket(Bucket=bucket)
    packaged = zipped("def handler(event, context):\n    return 2\n")
    s3.put_object(Bucket=bucket, Key="assets/abc.zip", Body=packaged)
    from_s3 = f"from-s3-{uuid.uuid4().hex[:6]}"
    functions.create_function(FunctionName=from_s3, Runtime="python3.12", Role=role["Arn"],
                              Handler="app.handler", Publish=True,
                              Code={"S3Bucket": bucket, "S3Key": "assets/abc.zip"})
    functions.update_function_code(FunctionName=from_s3, ZipFile=inline)
    latest = functions.get_function(FunctionName=from_s3)["Code"]["Location"]
    with urllib.request.urlopen(latest, timeout=10) as response:
        assert response.read() == inline
    first = functions.get_function(FunctionName=from_s3, Qualifier="1")["Code"]["Location"]
    assert first.endswith(f"/{from_s3}?Qualifier=1")
    with urllib.request.urlopen(first, timeout=10) as response:
        assert response.read() == packaged
    status, _ = emulator.get("/_facestack/lambda-code/123456789012/us-east-1/no-such-function")
    assert status == 404
