"""boto3 clients, created once per container (or per service process) and reused.

Clients are thread-safe, so the service shares them across its worker threads. The SDK retries
a few times itself (standard mode); longer backoff is the state machine's job.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config


def client_config(max_pool_connections: int = 10) -> Config:
    """The botocore configuration every client of the pipeline uses."""
    return Config(
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=30,
        max_pool_connections=max_pool_connections,
        user_agent_extra="facestack-face-recognition",
    )


@dataclass(frozen=True)
class Clients:
    """The AWS clients one process uses; tests build one from moto and fake clients."""

    s3: Any
    rekognition: Any
    dynamodb: Any


@functools.cache
def default_clients(max_pool_connections: int = 10) -> Clients:
    """The process-wide clients, created on first use (inside the handler, not at import)."""
    session = boto3.session.Session()
    config = client_config(max_pool_connections)
    return Clients(
        s3=session.client("s3", config=config),
        rekognition=session.client("rekognition", config=config),
        dynamodb=session.client("dynamodb", config=config),
    )


def presign_client() -> Any:
    """An S3 client that only signs URLs (no call), with the process's own credentials:
    Signature Version 4, which every region and the local cloud's gateway accept (botocore's
    default for presigning in us-east-1 is still version 2)."""
    config = client_config().merge(Config(signature_version="s3v4"))
    return boto3.session.Session().client("s3", config=config)


@dataclass(frozen=True)
class WorkerClients:
    """The queue worker's clients beyond the pipeline's: the work queue and Auto Scaling."""

    sqs: Any
    autoscaling: Any


def worker_clients(max_pool_connections: int = 10) -> WorkerClients:
    """The worker's SQS and Auto Scaling clients (created once, at start).

    The long poll holds a connection for up to 20 s, so the read timeout must outlast it.
    """
    session = boto3.session.Session()
    config = client_config(max_pool_connections).merge(Config(read_timeout=60))
    return WorkerClients(
        sqs=session.client("sqs", config=config),
        autoscaling=session.client("autoscaling", config=client_config()),
    )
