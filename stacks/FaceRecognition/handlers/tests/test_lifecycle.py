"""The worker's view of its instance: IMDSv2 and the Auto Scaling lifecycle action."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import Stubber

from facecommon.lifecycle import (
    INSTANCE_ID_PATH,
    InstanceMetadata,
    LifecycleWatcher,
    MetadataError,
    complete_lifecycle_action,
)
from tests.test_worker_process import INSTANCE_ID, Stub


@pytest.fixture
def imds() -> Iterator[Stub]:
    server = Stub()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_metadata_is_read_with_a_session_token(imds):
    metadata = InstanceMetadata(imds.url)

    assert metadata.get(INSTANCE_ID_PATH) == INSTANCE_ID
    imds.token = "rotated"  # a stale token is refused, as IMDSv2 does
    with pytest.raises(MetadataError, match="401"):
        metadata.get(INSTANCE_ID_PATH)


def test_only_http_endpoints_are_accepted():
    with pytest.raises(ValueError, match="http"):
        InstanceMetadata("file:///etc/passwd")


def test_the_watcher_stops_the_worker_once_when_the_instance_is_leaving(imds):
    stops: list[str] = []
    watcher = LifecycleWatcher(InstanceMetadata(imds.url), lambda: stops.append("stop"))

    assert not watcher.check()
    imds.target_state = "Terminated"
    assert watcher.check()
    assert watcher.check()
    assert stops == ["stop"]
    assert watcher.terminating.is_set()


def test_an_unreachable_metadata_service_is_not_a_scale_in():
    watcher = LifecycleWatcher(InstanceMetadata("http://127.0.0.1:9", timeout=0.2), lambda: None)

    assert not watcher.check()
    assert not watcher.terminating.is_set()


def test_the_lifecycle_action_is_completed_with_continue():
    client = boto3.client("autoscaling", region_name="us-east-1")
    with Stubber(client) as stubber:
        stubber.add_response(
            "complete_lifecycle_action",
            {},
            {
                "LifecycleHookName": "drain-workers",
                "AutoScalingGroupName": "facestack-dev-recognition",
                "InstanceId": INSTANCE_ID,
                "LifecycleActionResult": "CONTINUE",
            },
        )
        stubber.add_client_error("complete_lifecycle_action", "ValidationError")

        assert complete_lifecycle_action(
            client, "drain-workers", "facestack-dev-recognition", INSTANCE_ID
        )
        assert not complete_lifecycle_action(
            client, "drain-workers", "facestack-dev-recognition", INSTANCE_ID
        )
        stubber.assert_no_pending_responses()
