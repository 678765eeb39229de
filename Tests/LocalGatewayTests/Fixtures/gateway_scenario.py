"""The gateway, end to end, as a user sees it: boto3 over TLS (AWS_CA_BUNDLE) through the gateway
to the real emulator, the AWS CLI likewise. Prints one JSON object of observations.

Usage: python3 gateway_scenario.py GATEWAY_URL EMULATOR_URL CA_BUNDLE
Bootstrap (the admin user) is made directly in the emulator, as the local cloud's launcher does;
everything else goes through the gateway.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
BUCKET = "images"
STORE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "WriteProcessed",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/processed/*",
        },
        {
            "Sid": "ReadInput",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/input/*",
        },
    ],
}


def error_of(call) -> dict:
    try:
        call()
    except ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message", ""),
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return {"code": None}


def main() -> int:
    gateway, emulator, bundle = sys.argv[1:4]
    config = Config(
        s3={"addressing_style": "path"}, retries={"max_attempts": 0}, signature_version="s3v4"
    )

    def client(service, key, secret, token=None, endpoint=gateway):
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            aws_session_token=token,
            verify=bundle,
            config=config,
        )

    out: dict = {}
    # Bootstrap, straight to the emulator: an administrator and a user with no policy.
    boot = client("iam", "bootstrap", "bootstrap", endpoint=emulator)
    boot.create_user(UserName="admin")
    boot.put_user_policy(
        UserName="admin",
        PolicyName="admin",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    admin_key = boot.create_access_key(UserName="admin")["AccessKey"]
    admin = (admin_key["AccessKeyId"], admin_key["SecretAccessKey"])
    boot.create_user(UserName="alice")
    alice_key = boot.create_access_key(UserName="alice")["AccessKey"]
    alice = (alice_key["AccessKeyId"], alice_key["SecretAccessKey"])
    out["adminKey"] = admin[0]

    # Everything below goes through the gateway.
    s3 = client("s3", *admin)
    iam = client("iam", *admin)
    s3.create_bucket(Bucket=BUCKET)
    iam.create_role(
        RoleName="StoreRole",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    iam.put_role_policy(
        RoleName="StoreRole", PolicyName="Store", PolicyDocument=json.dumps(STORE_POLICY)
    )
    out["callerIdentity"] = client("sts", *admin).get_caller_identity()["Arn"]
    assumed = client("sts", *admin).assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/StoreRole", RoleSessionName="store-1"
    )
    credentials = assumed["Credentials"]
    session = (
        credentials["AccessKeyId"],
        credentials["SecretAccessKey"],
        credentials["SessionToken"],
    )
    store = client("s3", *session)

    # An aws-chunked upload (STREAMING-UNSIGNED-PAYLOAD-TRAILER over TLS), read back.
    body = b'{"faces": [1, 2, 3]}' * 5000
    store.put_object(Bucket=BUCKET, Key="processed/a.json", Body=body)
    out["roundTrip"] = s3.get_object(Bucket=BUCKET, Key="processed/a.json")["Body"].read() == body
    out["headLength"] = s3.head_object(Bucket=BUCKET, Key="processed/a.json")["ContentLength"]
    # Outside the grant.
    out["outsideGrant"] = error_of(
        lambda: store.put_object(Bucket=BUCKET, Key="input/x.jpg", Body=b"x")
    )
    # Remove the grant: denied, naming action and resource; put it back: allowed again.
    iam.delete_role_policy(RoleName="StoreRole", PolicyName="Store")
    out["removedGrant"] = error_of(
        lambda: store.put_object(Bucket=BUCKET, Key="processed/b.json", Body=b"{}")
    )
    iam.put_role_policy(
        RoleName="StoreRole", PolicyName="Store", PolicyDocument=json.dumps(STORE_POLICY)
    )
    out["restoredGrant"] = error_of(
        lambda: store.put_object(Bucket=BUCKET, Key="processed/b.json", Body=b"{}")
    )
    # A user with no policy.
    out["alice"] = error_of(lambda: client("s3", *alice).list_objects_v2(Bucket=BUCKET))
    # A resource policy's explicit deny, and its TLS condition (satisfied over TLS).
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                    {
                        "Sid": "DenySecrets",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/secret/*",
                    },
                ],
            }
        ),
    )
    out["overTLS"] = error_of(lambda: s3.head_object(Bucket=BUCKET, Key="processed/a.json"))
    out["bucketDeny"] = error_of(lambda: s3.get_object(Bucket=BUCKET, Key="secret/x"))
    # Refused signatures.
    out["wrongSecretS3"] = error_of(lambda: client("s3", admin[0], "wrong").list_buckets())
    out["wrongSecretSTS"] = error_of(lambda: client("sts", admin[0], "wrong").get_caller_identity())
    out["unknownKeyS3"] = error_of(lambda: client("s3", "AKIANOTISSUED0000000", "x").list_buckets())
    out["unknownKeySTS"] = error_of(
        lambda: client("sts", "AKIANOTISSUED0000000", "x").get_caller_identity()
    )
    # An operation the map does not know.
    out["unknownOperation"] = error_of(
        lambda: client("dynamodb", *admin).execute_statement(Statement="SELECT * FROM t")
    )
    # A presigned URL (SigV4), then the same with a changed signature.
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "processed/a.json"}, ExpiresIn=300
    )
    context = ssl.create_default_context(cafile=bundle)
    with urllib.request.urlopen(url, context=context) as response:
        out["presigned"] = response.read() == body
    try:
        urllib.request.urlopen(url[:-4] + "0000", context=context)
        out["presignedTampered"] = 200
    except urllib.error.HTTPError as error:
        out["presignedTampered"] = error.code
    # The AWS CLI with the CA bundle.
    environment = dict(
        os.environ,
        AWS_ACCESS_KEY_ID=admin[0],
        AWS_SECRET_ACCESS_KEY=admin[1],
        AWS_CA_BUNDLE=bundle,
        AWS_DEFAULT_REGION="us-east-1",
    )
    environment.pop("AWS_SESSION_TOKEN", None)
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as handle:
        handle.write(b"from the cli\n" * 1000)
        path = handle.name
    copy = subprocess.run(
        ["aws", "--endpoint-url", gateway, "s3", "cp", path, f"s3://{BUCKET}/cli/file.txt"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out["cliCopy"] = {"code": copy.returncode, "stderr": copy.stderr[-500:]}
    identity = subprocess.run(
        ["aws", "--endpoint-url", gateway, "sts", "get-caller-identity", "--output", "json"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out["cliIdentity"] = {
        "code": identity.returncode,
        "stdout": identity.stdout,
        "stderr": identity.stderr[-500:],
    }
    out["cliObject"] = s3.get_object(Bucket=BUCKET, Key="cli/file.txt")["Body"].read() == (
        b"from the cli\n" * 1000
    )
    out["session"] = list(session)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
