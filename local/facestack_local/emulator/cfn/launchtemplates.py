"""An Auto Scaling group follows its launch template's new version. A group names
`!GetAtt Template.LatestVersionNumber`; on AWS an update of the template makes a new version,
the attribute changes, and CloudFormation updates the group (its `UpdatePolicy` then replaces
the instances). moto 5.2.1 makes the new version but leaves the group on the old one: its change
set does not see that the group's resolved property changed, so a local deploy of new service
code left the local fleet running the old code ("running 1 (unchanged)"). Here, when a template
gets a new version through CloudFormation, every group of the account and region that named the
version that was the latest moves to the new one, as the group's update would; a group pinned
to another version, `$Default` or `$Latest` is left as it is."""

from __future__ import annotations

from typing import Any


def follow(template: Any, previous: str, account_id: str, region_name: str) -> None:
    """Moves the groups on ``template``'s version ``previous`` to its latest."""
    from moto.autoscaling.models import autoscaling_backends

    latest = str(template.latest_version_number)
    if latest == previous:
        return
    for group in autoscaling_backends[account_id][region_name].autoscaling_groups.values():
        launched = getattr(group, "ec2_launch_template", None)
        if launched is None or launched.id != template.id:
            continue
        if str(group.launch_template_version) != previous:
            continue
        group.launch_template_version = latest
        if group.provided_launch_template_version is not None:
            group.provided_launch_template_version = latest


def install() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplate

    original = LaunchTemplate.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    if getattr(original, "_facestack", False):
        return

    def update(
        cls: Any, original_resource: Any, new_resource_name: str,
        cloudformation_json: dict[str, Any], account_id: str, region_name: str,
    ) -> Any:
        previous = str(original_resource.latest_version_number)
        template = original(
            cls, original_resource, new_resource_name, cloudformation_json, account_id,
            region_name)
        follow(template, previous, account_id, region_name)
        return template

    update._facestack = True  # type: ignore[attr-defined]
    LaunchTemplate.update_from_cloudformation_json = classmethod(update)  # type: ignore[method-assign,assignment]
