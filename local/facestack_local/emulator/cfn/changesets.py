"""Change sets as CloudFormation executes them. moto 5.2.1's ExecuteChangeSet applies the
resources but computes no outputs (DescribeStacks then has none) and writes only the stack's own
events. Here each change writes `<ACTION>_IN_PROGRESS` and `<ACTION>_COMPLETE` events for its
resource (with its physical id), and the outputs are computed from the executed template."""

from __future__ import annotations

from typing import Any

_STATUS = {"Add": "CREATE", "Modify": "UPDATE", "Remove": "DELETE"}


def _event(change_set: Any, logical_id: str, resource_type: str, status: str) -> None:
    from moto.cloudformation.models import Event

    stack = change_set.stack
    resource = stack.resource_map._parsed_resources.get(logical_id)
    physical = getattr(resource, "physical_resource_id", None) or ""
    stack.events.append(Event(
        stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
        physical_resource_id=str(physical), resource_type=resource_type,
        resource_status=status, resource_status_reason=None, resource_properties=None))


def install() -> None:
    from moto.cloudformation.models import ChangeSet
    from moto.cloudformation.parsing import OutputMap

    original = ChangeSet.apply
    if getattr(original, "_facestack", False):
        return

    def apply(self: Any) -> None:
        changes = [(c.logical_resource_id, c.resource_type, _STATUS.get(c.action, "UPDATE"))
                   for c in self.changes]
        for logical_id, resource_type, action in changes:
            _event(self, logical_id, resource_type, f"{action}_IN_PROGRESS")
        original(self)
        for logical_id, resource_type, action in changes:
            _event(self, logical_id, resource_type, f"{action}_COMPLETE")
        stack = self.stack
        stack.output_map = OutputMap(stack.resource_map, self.template_dict, stack.stack_id)
        stack.description = self.template_dict.get("Description")

    apply._facestack = True  # type: ignore[attr-defined]
    ChangeSet.apply = apply  # type: ignore[method-assign]
