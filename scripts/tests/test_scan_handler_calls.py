"""scan_handler_calls on small fake handler packages: each pattern, exact file and line."""

from __future__ import annotations

import copy
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from scripts_support import REPO_ROOT, SCRIPTS

sys.path.insert(0, str(SCRIPTS))
import scan_handler_calls


def write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return root


def line_of(path: Path, marker: str) -> int:
    """The 1-based line holding `# <marker>`; markers keep the expected lines readable."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [number for number, text in enumerate(lines, 1) if text.rstrip().endswith(f"# {marker}")]
    assert len(hits) == 1, f"marker {marker} in {path}: {hits}"
    return hits[0]


def scan(repo: Path, root: str, *entries: str) -> dict[str, Any]:
    return scan_handler_calls.scan(
        repo / root, [str(repo / entry) for entry in entries], repo_root=repo
    )


def calls(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            call["file"],
            call["line"],
            call["service"],
            call["operation"],
            call["resource"],
            call["iam_actions"],
        )
        for call in report["calls"]
    ]


def unresolved(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (entry["file"], entry["line"], entry["operation"], entry["reason"])
        for entry in report["unresolved"]
    ]


def test_module_global_client_and_resource_table(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import os
        import boto3

        s3 = boto3.client("s3")
        dynamodb = boto3.resource("dynamodb")
        table = dynamodb.Table(os.environ["TABLE"])


        def handler(event, context):
            body = s3.get_object(Bucket=event["b"], Key=event["k"])  # get
            table.put_item(Item={"id": "1"})  # put
            table.query(KeyConditionExpression="x")  # query
            table.get_item(Key={"id": "1"})  # getitem
            with table.batch_writer() as batch:  # batch
                batch.put_item(Item={"id": "2"})
            return body
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "get"), "s3", "get_object", None, ["s3:GetObject"]),
        (f, line_of(app, "put"), "dynamodb", "put_item", "Table", ["dynamodb:PutItem"]),
        (f, line_of(app, "query"), "dynamodb", "query", "Table", ["dynamodb:Query"]),
        (f, line_of(app, "getitem"), "dynamodb", "get_item", "Table", ["dynamodb:GetItem"]),
        (
            f,
            line_of(app, "batch"),
            "dynamodb",
            "batch_writer",
            "Table",
            ["dynamodb:BatchWriteItem"],
        ),
    ]
    assert report["unresolved"] == []
    assert report["files"] == [f]
    assert report["entries"] == [f]
    assert report["root"] == "h"


def test_sessions_factories_caches_and_lazy_globals(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
            import functools

            import boto3
            from boto3.session import Session

            _sqs = None
            _clients = {}


            def s3():
                return boto3.client("s3")


            @functools.lru_cache(maxsize=None)
            def cached(name):
                return boto3.client(name)


            def sqs():
                global _sqs
                if _sqs is None:
                    _sqs = boto3.Session().client("sqs")
                return _sqs


            def client(name):
                if name not in _clients:
                    _clients[name] = Session(region_name="eu-west-1").client(service_name=name)
                return _clients[name]


            def handler(event, context):
                s3().put_object(Bucket="b", Key="k", Body=b"")  # factory
                cached("sns").publish(TopicArn="t", Message="m")  # lru
                sqs().send_message(QueueUrl="q", MessageBody="m")  # lazy
                client("stepfunctions").start_execution(stateMachineArn="a")  # dictcache
                session = boto3.session.Session()
                session.client("cloudwatch").put_metric_data(Namespace="n", MetricData=[])  # session
        """,
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "factory"), "s3", "put_object", None, ["s3:PutObject"]),
        (f, line_of(app, "lru"), "sns", "publish", None, ["sns:Publish"]),
        (f, line_of(app, "lazy"), "sqs", "send_message", None, ["sqs:SendMessage"]),
        (
            f,
            line_of(app, "dictcache"),
            "stepfunctions",
            "start_execution",
            None,
            ["states:StartExecution"],
        ),
        (
            f,
            line_of(app, "session"),
            "cloudwatch",
            "put_metric_data",
            None,
            ["cloudwatch:PutMetricData"],
        ),
    ]
    assert report["unresolved"] == []


def test_imports_classes_parameters_and_dataclasses(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/common/__init__.py": "",
            "h/common/clients.py": """
            from dataclasses import dataclass
            from typing import Any

            import boto3


            @dataclass(frozen=True)
            class Clients:
                s3: Any
                rekognition: Any


            def default_clients() -> Clients:
                session = boto3.session.Session()
                return Clients(s3=session.client("s3"), rekognition=session.client("rekognition"))
        """,
            "h/common/repo.py": """
            import boto3


            class Repository:
                client = boto3.client("dynamodb")

                def __init__(self, s3=None):
                    self.s3 = s3 or boto3.client("s3")

                def save(self, item):
                    self.client.put_item(TableName="t", Item=item)  # classattr
                    self.s3.put_object(Bucket="b", Key="k")  # initattr
        """,
            "h/common/work.py": """
            from . import helpers


            def index(rekognition, key):
                return rekognition.index_faces(CollectionId="c", Image={"S3Object": {"Bucket": "b", "Name": key}})  # param


            def run(clients, key):
                helpers.fetch(clients.s3, key)
                return index(clients.rekognition, key)
        """,
            "h/common/helpers.py": """
            def fetch(s3, key):
                return s3.head_object(Bucket="b", Key=key)  # passed
        """,
            "h/enroll/app.py": """
            from common.clients import default_clients
            from common.repo import Repository
            from common import work


            def handler(event, context):
                clients = default_clients()
                Repository().save({"id": {"S": "1"}})
                return work.run(clients, event["key"])
        """,
        },
    )
    report = scan(tmp_path, "h", "h/enroll/app.py")
    repo = tmp_path / "h/common/repo.py"
    work = tmp_path / "h/common/work.py"
    helpers = tmp_path / "h/common/helpers.py"
    assert calls(report) == [
        (
            "h/common/helpers.py",
            line_of(helpers, "passed"),
            "s3",
            "head_object",
            None,
            ["s3:GetObject"],
        ),
        (
            "h/common/repo.py",
            line_of(repo, "classattr"),
            "dynamodb",
            "put_item",
            None,
            ["dynamodb:PutItem"],
        ),
        ("h/common/repo.py", line_of(repo, "initattr"), "s3", "put_object", None, ["s3:PutObject"]),
        (
            "h/common/work.py",
            line_of(work, "param"),
            "rekognition",
            "index_faces",
            None,
            ["rekognition:IndexFaces", "s3:GetObject"],
        ),
    ]
    assert report["unresolved"] == []
    assert report["files"] == [
        "h/common/__init__.py",
        "h/common/clients.py",
        "h/common/helpers.py",
        "h/common/repo.py",
        "h/common/work.py",
        "h/enroll/app.py",
    ]


def test_paginators_waiters_presigned_urls_and_resource_collections(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import boto3

        s3 = boto3.client("s3")
        s3_resource = boto3.resource("s3")


        def handler(event, context):
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket="b")  # paginator
            for page in pages:
                pass
            s3.get_waiter("object_exists").wait(Bucket="b", Key="k")  # waiter
            url = s3.generate_presigned_url("get_object", Params={})  # presigned
            bucket = s3_resource.Bucket("b")
            for summary in bucket.objects.filter(Prefix="input/"):  # collection
                summary.delete()  # itemdelete
            s3_resource.Object("b", "k").upload_file("/tmp/x")  # upload
            s3_resource.meta.client.copy_object(Bucket="b", Key="k", CopySource="b/j")  # metaclient
            return url
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "paginator"), "s3", "list_objects_v2", None, ["s3:ListBucket"]),
        (f, line_of(app, "waiter"), "s3", "head_object", None, ["s3:GetObject"]),
        (f, line_of(app, "presigned"), "s3", "get_object", None, ["s3:GetObject"]),
        (f, line_of(app, "collection"), "s3", "objects.filter", "Bucket", ["s3:ListBucket"]),
        (f, line_of(app, "itemdelete"), "s3", "delete", "ObjectSummary", ["s3:DeleteObject"]),
        (f, line_of(app, "upload"), "s3", "upload_file", "Object", ["s3:PutObject"]),
        (
            f,
            line_of(app, "metaclient"),
            "s3",
            "copy_object",
            None,
            ["s3:GetObject", "s3:PutObject"],
        ),
    ]
    upload = next(call for call in report["calls"] if call["operation"] == "upload_file")
    assert "s3:AbortMultipartUpload" in upload["conditional_actions"]
    assert {call["via"] for call in report["calls"]} == {
        "paginator",
        "waiter",
        "presigned_url",
        "collection",
        "resource",
        "client",
    }


def test_reading_a_resource_attribute_is_a_load(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import boto3

        s3 = boto3.resource("s3")
        table = boto3.resource("dynamodb").Table("t")


        def handler(event, context):
            head = s3.Object("b", "k")
            size = head.content_length  # objectload
            count = table.item_count  # tableload
            return size, count, table.name, head.key
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "objectload"), "s3", "content_length", "Object", ["s3:GetObject"]),
        (
            f,
            line_of(app, "tableload"),
            "dynamodb",
            "item_count",
            "Table",
            ["dynamodb:DescribeTable"],
        ),
    ]
    assert {call["via"] for call in report["calls"]} == {"attribute"}


def test_literal_arguments_make_side_actions_required(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import boto3

        rekognition = boto3.client("rekognition")
        dynamodb = boto3.client("dynamodb")


        def handler(event, context):
            image = {"S3Object": {"Bucket": "b", "Name": "k"}}
            rekognition.detect_faces(Image={"Bytes": b""})  # bytes
            rekognition.search_faces_by_image(CollectionId="c", Image=image)  # s3object
            dynamodb.transact_write_items(TransactItems=[{"Put": {}}, {"Update": {}}])  # transact
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    by_operation = {call["operation"]: call for call in report["calls"]}
    assert by_operation["detect_faces"]["iam_actions"] == ["rekognition:DetectFaces"]
    assert by_operation["detect_faces"]["conditional_actions"] == ["kms:Decrypt", "s3:GetObject"]
    assert by_operation["search_faces_by_image"]["iam_actions"] == [
        "rekognition:SearchFacesByImage",
        "s3:GetObject",
    ]
    assert by_operation["transact_write_items"]["iam_actions"] == [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    ]
    assert by_operation["transact_write_items"]["conditional_actions"] == [
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
    ]


def test_defaults_callbacks_tuples_and_module_level_instances(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import functools
        import threading
        from concurrent.futures import ThreadPoolExecutor

        import boto3

        S3 = boto3.client("s3")


        def make():
            return boto3.client("sqs"), boto3.resource("dynamodb").Table("t")


        class Store:
            def __init__(self, table):
                self.table = table

            def delete(self, key):
                self.table.delete_item(Key=key)  # ctorparam


        STORE = Store(boto3.resource("dynamodb").Table("results"))


        def read(key, s3=S3):
            return s3.get_object(Bucket="b", Key=key)  # default


        def notify(sns, message):
            sns.publish(Message=message)  # submitted


        def log(logs, line):
            logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[])  # partial


        def trace(xray):
            xray.put_trace_segments(TraceSegmentDocuments=[])  # thread


        def handler(event, context):
            for client in (boto3.client("sqs"),):
                client.purge_queue(QueueUrl="q")  # loop
            queue, table = make()
            queue.send_message(QueueUrl="q", MessageBody="m")  # tuple
            table.scan()  # tupletable
            pair = make()
            pair[0].delete_message(QueueUrl="q", ReceiptHandle="r")  # index
            STORE.delete({"id": "1"})
            with ThreadPoolExecutor() as pool:
                pool.submit(notify, boto3.client("sns"), "hi")
            functools.partial(log, boto3.client("logs"))("line")
            threading.Thread(target=trace, args=(boto3.client("xray"),)).start()
            return read(event["key"])
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "ctorparam"), "dynamodb", "delete_item", "Table", ["dynamodb:DeleteItem"]),
        (f, line_of(app, "default"), "s3", "get_object", None, ["s3:GetObject"]),
        (f, line_of(app, "submitted"), "sns", "publish", None, ["sns:Publish"]),
        (f, line_of(app, "partial"), "logs", "put_log_events", None, ["logs:PutLogEvents"]),
        (f, line_of(app, "thread"), "xray", "put_trace_segments", None, ["xray:PutTraceSegments"]),
        (f, line_of(app, "loop"), "sqs", "purge_queue", None, ["sqs:PurgeQueue"]),
        (f, line_of(app, "tuple"), "sqs", "send_message", None, ["sqs:SendMessage"]),
        (f, line_of(app, "tupletable"), "dynamodb", "scan", "Table", ["dynamodb:Scan"]),
        (f, line_of(app, "index"), "sqs", "delete_message", None, ["sqs:DeleteMessage"]),
    ]
    assert report["unresolved"] == []
    assert report["summary"] == {
        "calls": 9,
        "conditional_actions": ["kms:Decrypt", "kms:GenerateDataKey", "s3:GetObjectVersion"],
        "iam_actions": [
            "dynamodb:DeleteItem",
            "dynamodb:Scan",
            "logs:PutLogEvents",
            "s3:GetObject",
            "sns:Publish",
            "sqs:DeleteMessage",
            "sqs:PurgeQueue",
            "sqs:SendMessage",
            "xray:PutTraceSegments",
        ],
        "unresolved": 0,
    }


def test_unresolvable_receivers_are_reported_not_dropped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        import json
        import os
        import socket

        import boto3


        def handler(event, context, client=None):
            client.put_object(Bucket="b", Key="k")  # noreceiver
            boto3.client(os.environ["SERVICE"]).publish(Message="m")  # noservice
            boto3.client("s3").frobnicate()  # nomethod
            boto3.client("s3").get_paginator(event["name"])  # nopaginator
            socket.create_connection(("localhost", 1))
            return json.dumps(event.get("x"))
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert report["calls"] == []
    assert unresolved(report) == [
        (
            f,
            line_of(app, "noreceiver"),
            "put_object",
            "receiver is not a known boto3 client or resource",
        ),
        (f, line_of(app, "noservice"), "publish", "service name is not a constant"),
        (f, line_of(app, "nomethod"), "frobnicate", "s3 client has no method frobnicate"),
        (
            f,
            line_of(app, "nopaginator"),
            "get_paginator",
            "get_paginator argument is not a constant",
        ),
    ]
    assert report["unresolved"][0]["expression"] == "client"


def test_star_imports_botocore_sessions_and_fail_on_unresolved(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/shared.py": """
            import botocore.session

            KMS = botocore.session.get_session().create_client("kms")
        """,
            "h/fn/app.py": """
            from shared import *


            def handler(event, context, unknown=None):
                KMS.decrypt(CiphertextBlob=b"")  # star
                unknown.send_message(QueueUrl="q", MessageBody="m")  # lost
        """,
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    assert calls(report) == [
        ("h/fn/app.py", line_of(app, "star"), "kms", "decrypt", None, ["kms:Decrypt"])
    ]
    assert unresolved(report) == [
        (
            "h/fn/app.py",
            line_of(app, "lost"),
            "send_message",
            "receiver is not a known boto3 client or resource",
        )
    ]
    (tmp_path / ".git").mkdir()
    command = [
        sys.executable,
        str(SCRIPTS / "scan_handler_calls.py"),
        str(tmp_path / "h"),
        "fn/app.py",
    ]
    assert subprocess.run(command, capture_output=True, cwd=tmp_path).returncode == 0
    failing = subprocess.run(
        [*command, "--fail-on-unresolved"], capture_output=True, text=True, cwd=tmp_path
    )
    assert failing.returncode == 1
    assert json.loads(failing.stdout)["summary"]["unresolved"] == 1


def test_code_the_entry_cannot_reach_is_not_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/common/__init__.py": "",
            "h/common/ops.py": """
            import boto3

            s3 = boto3.client("s3")


            def used():
                return s3.get_object(Bucket="b", Key="k")  # used


            def unused():
                return s3.delete_object(Bucket="b", Key="k")
        """,
            "h/fn/app.py": """
            from common.ops import used


            def handler(event, context):
                return used()
        """,
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    ops = tmp_path / "h/common/ops.py"
    assert calls(report) == [
        ("h/common/ops.py", line_of(ops, "used"), "s3", "get_object", None, ["s3:GetObject"])
    ]


def test_mypy_boto3_annotations_resolve_parameters(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "h/fn/app.py": """
        from mypy_boto3_dynamodb.service_resource import Table
        from mypy_boto3_s3 import S3Client


        def save(table: Table, s3: "S3Client") -> None:
            table.update_item(Key={})  # table
            s3.delete_object(Bucket="b", Key="k")  # client
    """
        },
    )
    report = scan(tmp_path, "h", "h/fn/app.py")
    app = tmp_path / "h/fn/app.py"
    f = "h/fn/app.py"
    assert calls(report) == [
        (f, line_of(app, "table"), "dynamodb", "update_item", "Table", ["dynamodb:UpdateItem"]),
        (f, line_of(app, "client"), "s3", "delete_object", None, ["s3:DeleteObject"]),
    ]


BASE_PACKAGE = {
    "h/common/__init__.py": "",
    "h/common/clients.py": """
        import functools

        import boto3


        @functools.cache
        def s3():
            return boto3.client("s3")
    """,
    "h/store/app.py": """
        from common.clients import s3


        def handler(event, context):
            s3().put_object(Bucket=event["bucket"], Key="processed/x.json", Body=b"{}")
            return {"ok": True}
    """,
}


def test_adding_an_ungranted_call_yields_exactly_that_entry(tmp_path: Path) -> None:
    base = write(tmp_path / "base", BASE_PACKAGE)
    changed = tmp_path / "changed"
    shutil.copytree(base, changed)
    app = changed / "h/store/app.py"
    source = app.read_text(encoding="utf-8").replace(
        '    return {"ok": True}',
        '    s3().delete_object(Bucket=event["bucket"], Key=event["key"])  # added\n    return {"ok": True}',
    )
    app.write_text(source, encoding="utf-8")
    before = scan(base, "h", "h/store/app.py")
    after = scan(changed, "h", "h/store/app.py")
    new = [call for call in after["calls"] if call not in before["calls"]]
    assert [call for call in before["calls"] if call not in after["calls"]] == []
    assert new == [
        {
            "column": 4,
            "conditional_actions": [],
            "file": "h/store/app.py",
            "iam_actions": ["s3:DeleteObject"],
            "line": line_of(app, "added"),
            "operation": "delete_object",
            "resource": None,
            "service": "s3",
            "via": "client",
        }
    ]


def test_directory_entries_and_command_line_output_are_deterministic(tmp_path: Path) -> None:
    write(tmp_path, BASE_PACKAGE)
    (tmp_path / ".git").mkdir()
    command = [sys.executable, str(SCRIPTS / "scan_handler_calls.py"), str(tmp_path / "h"), "store"]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    assert report["entries"] == ["h/store/app.py"]
    assert [call["operation"] for call in report["calls"]] == ["put_object"]
    assert list(report) == sorted(report)


def test_each_scans_every_entry_as_its_own_run_would_in_one_process(tmp_path: Path) -> None:
    """--each (what iam review runs for the handlers it has no cached scan of) prints, per
    entry, exactly the report a run with that entry alone prints; shared modules, lookups and
    the map are read once, which must not leak one entry's reachability into another's. It
    runs as iam review starts it (ReviewInputs.python): isolated, without site-packages."""
    folders = [f"stacks/FaceRecognition/handlers/{name}" for name in ("detect", "service", "store")]
    common = ["--map", "Sources/IAM/Resources/boto3-iam-map.json", "--repo-root", "."]
    script = str(SCRIPTS / "scan_handler_calls.py")
    isolated = [sys.executable, "-I", "-S", "-X", f"pycache_prefix={tmp_path}"]
    each = subprocess.run(
        [*isolated, script, "stacks/FaceRecognition/handlers", *folders, "--each", *common],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    lines = [json.loads(line) for line in each.stdout.splitlines()]
    assert [line["entry"] for line in lines] == folders
    for line in lines:
        alone = subprocess.run(
            [sys.executable, script, "stacks/FaceRecognition/handlers", line["entry"], *common],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
        )
        assert line["report"] == json.loads(alone.stdout), line["entry"]
    # The fleet's service reaches modules the Lambda handlers do not, and not the other way.
    files = {line["entry"].rsplit("/", 1)[1]: set(line["report"]["files"]) for line in lines}
    assert files["service"] - files["store"]
    assert not any(
        path.startswith("stacks/FaceRecognition/handlers/service/") for path in files["store"]
    )


def store_scan_as_review_runs_it(*options: str) -> list[str]:
    """The command `iam review` runs to scan the store function, with Python's `options`."""
    return [
        sys.executable,
        "-I",
        "-S",
        *options,
        str(SCRIPTS / "scan_handler_calls.py"),
        "stacks/FaceRecognition/handlers",
        "stacks/FaceRecognition/handlers/store",
        "--each",
        "--map",
        "Sources/IAM/Resources/boto3-iam-map.json",
        "--repo-root",
        ".",
    ]


def test_bytecode_prefix_holds_the_scanner_and_not_the_standard_library(tmp_path: Path) -> None:
    """iam review gives the scanner `-X pycache_prefix=.facestack/cache/python`: the scanner's
    own modules are compiled there once, but the standard library keeps the bytecode its
    installation ships (compiling its 60 modules again cost every new cache 0.25 s)."""
    tag = sys.implementation.cache_tag
    if not (Path(os.__file__).parent / "__pycache__" / f"argparse.{tag}.pyc").exists():
        pytest.skip("this Python's standard library ships no bytecode: the prefix keeps it all")
    prefix = tmp_path / "python"
    command = store_scan_as_review_runs_it("-X", f"pycache_prefix={prefix}")
    package = SCRIPTS.resolve() / "handler_scan"

    def in_tree() -> dict[Path, int]:
        return {path: path.stat().st_mtime_ns for path in package.glob("__pycache__/*.pyc")}

    stamps = in_tree()
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    cached = {path.relative_to(prefix).as_posix() for path in prefix.rglob("*.pyc")}
    # Python mirrors each source's absolute folder under the prefix.
    expected = {
        f"{str(module.parent).lstrip('/')}/{module.stem}.{tag}.pyc"
        for module in package.glob("*.py")
    }
    assert expected <= cached
    stdlib = re.compile(r"/(ast|argparse|dataclasses|typing|enum|(json|pathlib)/__init__)\.")
    assert not [path for path in cached if stdlib.search(path)]
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert second.stdout == first.stdout
    assert json.loads(first.stdout)["report"]["calls"]
    # Nothing was written beside the sources (a pytest run may have put some there before).
    assert in_tree() == stamps


def test_records_are_frozen_values_compared_by_class_and_fields() -> None:
    """The scan's values are memo keys and set members: built like frozen dataclasses, without
    the code generation that made `dataclasses` a third of the scanner's start-up."""
    from handler_scan.values import Client, Collection, NoneValue, SDKModule, Session

    client = Client("s3")
    assert client == Client(service="s3")
    assert hash(client) == hash(Client(service="s3"))
    assert client != Client("sqs")
    assert client != SDKModule("s3")  # same fields, another kind
    assert len({client, Client("s3"), SDKModule("s3"), NoneValue(), NoneValue()}) == 3
    assert Session() == Session()
    assert Session() != NoneValue()
    assert repr(Collection("s3", "Bucket", "objects", called=False)) == (
        "Collection(service='s3', owner='Bucket', name='objects', called=False)"
    )
    assert repr(NoneValue()) == "NoneValue()"
    match Collection("s3", "Bucket", "objects", True):
        case Collection(service, owner, name, called):
            assert (service, owner, name, called) == ("s3", "Bucket", "objects", True)
        case _:
            raise AssertionError("no positional match")
    with pytest.raises(AttributeError, match="cannot assign to field 'service' of a Client"):
        client.service = "sqs"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        client.other = 1
    assert not hasattr(client, "__dict__")
    with pytest.raises(TypeError, match="Client\\(\\) is missing the field 'service'"):
        Client()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="has 1 fields, 2 values given"):
        Client("s3", "sqs")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected value for 'sevice'"):
        Client(sevice="s3")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected value for 'service'"):
        Client("s3", service="s3")  # type: ignore[misc]
    collection = Collection("s3", "Bucket", "objects", called=True)
    assert copy.copy(collection) == collection
    assert copy.deepcopy(collection) == collection
    assert pickle.loads(pickle.dumps(collection)) == collection
    # What a record cannot be is refused when the class is made, not found later.
    from handler_scan.records import Record

    header = "from __future__ import annotations\n"
    for source, message in [
        ("class Sub(Client):\n    extra: int\n", "cannot extend a record with fields"),
        ("class Default(Record):\n    x: int = 0\n", "has a default or is a ClassVar"),
        ("class Shared(Record):\n    x: ClassVar[int]\n", "has a default or is a ClassVar"),
    ]:
        with pytest.raises(TypeError, match=message):
            exec(header + source, {"Client": Client, "Record": Record})


def test_a_scan_starts_without_typing_dataclasses_or_inspect() -> None:
    """Each of these cost a scan's start-up milliseconds (`dataclasses` compiled 25 classes and
    imported `inspect`); the scanner's annotations need none of them at run time."""
    result = subprocess.run(
        store_scan_as_review_runs_it("-X", "importtime"),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {"handler_scan.records", "handler_scan.values", "ast", "json"} <= imported
    assert not imported & {"typing", "dataclasses", "inspect"}
    assert json.loads(result.stdout)["report"]["calls"]


def test_each_needs_entries() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "scan_handler_calls.py"), str(HANDLERS), "--each"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--each needs a handlers root and entries" in result.stderr


def test_bad_input_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "scan_handler_calls.py"), str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "is not a directory" in result.stderr


HANDLERS = REPO_ROOT / "stacks" / "FaceRecognition" / "handlers"


def test_the_real_handlers_have_no_unresolved_call() -> None:
    entries = sorted(path.relative_to(HANDLERS).as_posix() for path in HANDLERS.glob("*/app.py"))
    for entry in entries:
        report = scan_handler_calls.scan(HANDLERS, [entry], repo_root=REPO_ROOT)
        assert report["unresolved"] == [], entry
        assert report["calls"], f"{entry} makes no boto3 call"


def test_an_ungranted_call_added_to_a_copy_of_a_real_handler_is_the_only_new_entry(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "handlers"
    shutil.copytree(HANDLERS, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    app = copy / "detect" / "app.py"
    before = scan_handler_calls.scan(copy, [str(app)], repo_root=tmp_path)
    with app.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n\nfrom facecommon.clients import default_clients as _added_clients\n\n\n"
            "def _added(bucket: str, key: str) -> None:\n"
            "    _added_clients().s3.delete_object(Bucket=bucket, Key=key)  # added\n\n\n"
            "_added('b', 'k')\n"
        )
    after = scan_handler_calls.scan(copy, [str(app)], repo_root=tmp_path)
    assert [call for call in before["calls"] if call not in after["calls"]] == []
    new = [call for call in after["calls"] if call not in before["calls"]]
    assert [
        (call["file"], call["line"], call["operation"], call["iam_actions"]) for call in new
    ] == [("handlers/detect/app.py", line_of(app, "added"), "delete_object", ["s3:DeleteObject"])]
    assert after["unresolved"] == []


def test_manifest_mode_scans_each_function_from_its_zip_top(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **BASE_PACKAGE,
            "h/store/lib.py": """
            from common.clients import s3


            def archive(key):
                s3().copy_object(Bucket="b", Key=key, CopySource="b/" + key)  # lib
        """,
            "h/store/app.py": """
            import lib


            def handler(event, context):
                lib.archive(event["key"])
        """,
            "h/web/server.py": """
            import boto3

            app = None
            boto3.client("sqs").send_message(QueueUrl="q", MessageBody="up")  # web
        """,
            "h/web/consumer.py": """
            import boto3


            def main():
                boto3.client("sqs").delete_message(QueueUrl="q", ReceiptHandle="r")  # consumer
        """,
        },
    )
    (tmp_path / "h/manifest.json").write_text(
        json.dumps(
            {
                "functions": {
                    "store": {
                        "handler": "app.handler",
                        "zip_sources": [
                            {"from": "store", "to": ""},
                            {"from": "common", "to": "common"},
                        ],
                    },
                    "web": {
                        "entry_point": "server:app",
                        "zip_sources": [{"from": "web", "to": ""}],
                        "worker": {"entry_point": "consumer:main"},
                    },
                }
            }
        ),
        encoding="utf-8",
    )
    report = scan_handler_calls.scan_manifest(tmp_path / "h/manifest.json", repo_root=tmp_path)
    assert report["manifest"] == "h/manifest.json"
    assert sorted(report["functions"]) == ["store", "web"]
    store, web = report["functions"]["store"], report["functions"]["web"]
    assert store["entries"] == ["h/store/app.py"]
    assert calls(store) == [
        (
            "h/store/lib.py",
            line_of(tmp_path / "h/store/lib.py", "lib"),
            "s3",
            "copy_object",
            None,
            ["s3:GetObject", "s3:PutObject"],
        ),
    ]
    assert web["entries"] == ["h/web/consumer.py", "h/web/server.py"]
    assert calls(web) == [
        (
            "h/web/consumer.py",
            line_of(tmp_path / "h/web/consumer.py", "consumer"),
            "sqs",
            "delete_message",
            None,
            ["sqs:DeleteMessage"],
        ),
        (
            "h/web/server.py",
            line_of(tmp_path / "h/web/server.py", "web"),
            "sqs",
            "send_message",
            None,
            ["sqs:SendMessage"],
        ),
    ]


MANIFEST = HANDLERS / "manifest.json"


def test_the_real_handlers_need_exactly_what_their_manifest_declares() -> None:
    """The scan of each function's code and the manifest's hand-written aws_calls agree."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    report = scan_handler_calls.scan_manifest(MANIFEST, repo_root=REPO_ROOT)
    for name, function in manifest["functions"].items():
        scanned = report["functions"][name]
        assert scanned["unresolved"] == [], name
        declared = {
            action for call in function.get("aws_calls", []) for action in call["iam_actions"]
        }
        if declared:
            assert set(scanned["summary"]["iam_actions"]) == declared, name
