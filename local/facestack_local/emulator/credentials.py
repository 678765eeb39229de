"""`GET /_facestack/credentials/<access-key-id>`: what a SigV4 verifier in front of the emulator
needs to know about a key moto issued — an IAM user's access key, or the session of an
`AssumeRole` / `AssumeRoleWithWebIdentity` call."""

from __future__ import annotations

from typing import Any


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def describe(access_key_id: str) -> dict[str, Any] | None:
    """The key's secret, session and principal; None when moto never issued it."""
    from moto.iam.models import iam_backends
    from moto.sts.models import sts_backends

    for account_id, partitions in list(iam_backends.items()):
        for partition, iam in list(partitions.items()):
            key = iam.access_keys.get(access_key_id)
            if key is None:
                continue
            sts = sts_backends[account_id][partition]
            session = sts.get_assumed_role_from_access_key(access_key_id)
            if session is not None:
                role_name = session.role_arn.split("/")[-1]
                return {
                    "accessKeyId": access_key_id,
                    "secretAccessKey": session.secret_access_key,
                    "sessionToken": session.session_token,
                    "expiration": _iso(session.expiration),
                    "accountId": account_id,
                    "principal": {
                        "type": "assumed-role",
                        "arn": session.arn,
                        "roleArn": session.role_arn,
                        "roleName": role_name,
                        "sessionName": session.session_name,
                    },
                    "sessionPolicy": session.policy,
                }
            if key.user_name is None:
                continue
            user = iam.users.get(key.user_name)
            return {
                "accessKeyId": access_key_id,
                "secretAccessKey": key.secret_access_key,
                "sessionToken": None,
                "expiration": None,
                "accountId": account_id,
                "principal": {
                    "type": "user",
                    "arn": user.arn if user is not None
                    else f"arn:{partition}:iam::{account_id}:user/{key.user_name}",
                    "userName": key.user_name,
                },
                "sessionPolicy": None,
            }
    return None
