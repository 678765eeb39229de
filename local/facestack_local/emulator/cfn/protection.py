"""Termination protection as CloudFormation keeps it. moto 5.2.1 takes
`EnableTerminationProtection` on CreateStack but has no UpdateTerminationProtection (an
environment with `protectData` turns it on after its deploy) and deletes a protected stack.
Here UpdateTerminationProtection sets the stack's flag (DescribeStacks shows it), and DeleteStack
refuses a protected stack with AWS's ValidationError."""

from __future__ import annotations

from typing import Any


def install() -> None:
    from moto.cloudformation.exceptions import ValidationError
    from moto.cloudformation.models import CloudFormationBackend
    from moto.cloudformation.responses import CloudFormationResponse
    from moto.core.responses import ActionResult

    if getattr(CloudFormationResponse, "update_termination_protection", None) is not None:
        return
    delete = CloudFormationBackend.delete_stack

    def update_termination_protection(self: Any) -> ActionResult:
        stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
        stack.enable_termination_protection = (
            str(self._get_param("EnableTerminationProtection")).lower() == "true")
        return ActionResult({"StackId": stack.stack_id})

    def delete_stack(self: Any, name_or_stack_id: str) -> None:
        for stack in list(self.stacks.values()):
            if name_or_stack_id in (stack.stack_id, stack.name) and getattr(
                    stack, "enable_termination_protection", False):
                raise ValidationError(message=(
                    f"Stack [{stack.name}] cannot be deleted while TerminationProtection is "
                    "enabled"))
        delete(self, name_or_stack_id)

    CloudFormationResponse.update_termination_protection = (  # type: ignore[attr-defined]
        update_termination_protection)
    CloudFormationBackend.delete_stack = delete_stack  # type: ignore[method-assign]
