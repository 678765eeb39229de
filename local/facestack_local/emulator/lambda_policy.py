"""A Lambda function's resource policy as AWS writes it from AddPermission: moto copies every
request field it does not translate into the statement, so a permission made by CloudFormation
(`AWS::Lambda::Permission`, whose properties name the function) gets a `FunctionName` key, and
`Qualifier` or `FunctionUrlAuthType` stay as keys too. IAM has no such statement keys: the IAM
gateway, which reads the policy to authorize `lambda:InvokeFunction`, refuses a policy it
cannot read. Here they are dropped (`FunctionUrlAuthType` becomes AWS's condition)."""

from __future__ import annotations

from typing import Any

# AddPermission's fields that name the function or version, not part of the statement.
_NOT_STATEMENT_KEYS = ("FunctionName", "Qualifier", "InvokedViaFunctionUrl")


def statement_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """AddPermission's fields without those that are not statement keys."""
    fields = {key: value for key, value in obj.items() if key not in _NOT_STATEMENT_KEYS}
    auth_type = fields.pop("FunctionUrlAuthType", None)
    if auth_type is not None:
        condition = fields.setdefault("Condition", {})
        condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = auth_type
    return fields


def install() -> None:
    from moto.awslambda.policy import Policy

    original = Policy.decode_policy
    if getattr(original, "_facestack", False):
        return

    def decode_policy(self: Any, obj: dict[str, Any]) -> Any:
        # Only AddPermission's top-level object (it has an Action); nested maps as they are.
        return original(self, statement_fields(obj) if "Action" in obj else obj)

    decode_policy._facestack = True  # type: ignore[attr-defined]
    Policy.decode_policy = decode_policy  # type: ignore[method-assign]
