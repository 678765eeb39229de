"""Times the same boto3 calls made directly to the emulator and through the gateway: the
latency the gateway adds per request on loopback. Prints JSON: for each target and call, the
milliseconds at p50, p90 and p99 of ROUNDS calls (after WARMUP calls), the targets interleaved
call by call, one client per target, connections kept alive as boto3 keeps them.

Usage: python3 client.py ROUNDS WARMUP TARGETS_JSON   (TARGETS_JSON: [{"name", "endpoint",
"key", "secret", "verify"}]; the key may call every operation below)
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import boto3
from botocore.config import Config


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def main() -> int:
    rounds, warmup = int(sys.argv[1]), int(sys.argv[2])
    targets = json.loads(sys.argv[3])
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0})
    calls_by_target = {}
    for target in targets:

        def client(service, target=target):
            return boto3.client(
                service,
                endpoint_url=target["endpoint"],
                region_name="us-east-1",
                aws_access_key_id=target["key"],
                aws_secret_access_key=target["secret"],
                verify=target["verify"],
                config=config,
            )

        s3, dynamodb, sts = client("s3"), client("dynamodb"), client("sts")
        calls_by_target[target["name"]] = {
            "sts.get_caller_identity": sts.get_caller_identity,
            "s3.head_object": lambda s3=s3: s3.head_object(Bucket="bench", Key="small.json"),
            "s3.put_object (1 KB, aws-chunked)": lambda s3=s3: s3.put_object(
                Bucket="bench", Key="put.json", Body=b"x" * 1024
            ),
            "dynamodb.get_item": lambda dynamodb=dynamodb: dynamodb.get_item(
                TableName="bench", Key={"id": {"S": "a"}}
            ),
        }
    names = list(next(iter(calls_by_target.values())))
    results = []
    for name in names:
        timings: dict[str, list[float]] = {target["name"]: [] for target in targets}
        for _ in range(warmup):
            for target in targets:
                calls_by_target[target["name"]][name]()
        # Targets interleaved call by call, so that a busy moment of the machine weighs on all.
        for _ in range(rounds):
            for target in targets:
                call = calls_by_target[target["name"]][name]
                start = time.perf_counter()
                call()
                timings[target["name"]].append((time.perf_counter() - start) * 1000)
        for target in targets:
            values = timings[target["name"]]
            results.append(
                {
                    "target": target["name"],
                    "call": name,
                    "p50": round(statistics.median(values), 3),
                    "p90": round(percentile(values, 0.9), 3),
                    "p99": round(percentile(values, 0.99), 3),
                }
            )
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
