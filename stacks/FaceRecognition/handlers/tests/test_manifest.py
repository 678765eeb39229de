"""manifest.json is the contract the Swift stack builds on: check it against the code itself."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import botocore.session
import pytest
from botocore import xform_name

from facecommon import errors, metrics, rejections, schema
from tests.conftest import MANIFEST, ROOT

FUNCTIONS = MANIFEST["functions"]
ENV_HELPERS = {"required", "optional", "optional_int", "optional_float"}
CLIENT_NAMES = {"s3", "rekognition", "dynamodb", "sqs", "autoscaling"}


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def code_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "tests" not in p.relative_to(ROOT).parts)


def entry_file(function: dict) -> Path:
    own = function["zip_sources"][0]["from"]
    return ROOT / own / "app.py"


def entry_files(function: dict) -> list[Path]:
    """The entry modules of a package: ``app.py``, and the service's queue worker."""
    files = [entry_file(function)]
    if "worker" in function:
        module = function["worker"]["entry_point"].split(":", 1)[0]
        files.append(ROOT / function["zip_sources"][0]["from"] / f"{module}.py")
    return files


# -- environment variables -------------------------------------------------------------------


def settings_reads() -> dict[str, dict[str, dict]]:
    """For each settings class in config.py, the variables its ``from_env`` reads."""
    reads: dict[str, dict[str, dict]] = {}
    for node in parse(ROOT / "facecommon" / "config.py").body:
        if not isinstance(node, ast.ClassDef):
            continue
        for method in node.body:
            if isinstance(method, ast.FunctionDef) and method.name == "from_env":
                found = {}
                for call in ast.walk(method):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in ENV_HELPERS
                    ):
                        name = call.args[0]
                        assert isinstance(name, ast.Constant), f"{node.name}: non-literal name"
                        entry = {"name": name.value, "required": call.func.id == "required"}
                        if call.func.id != "required":
                            default = call.args[1]
                            if isinstance(default, ast.Call):  # str(CONSTANT)
                                default = ast.Constant(str(eval_constant(default)))
                            entry["default"] = default.value
                        found[name.value] = entry
                reads[node.name] = found
    return reads


def eval_constant(node: ast.Call) -> object:
    from facecommon import config

    (argument,) = node.args
    return getattr(config, argument.id)


def from_env_classes(path: Path) -> set[str]:
    return {
        call.func.value.id
        for call in ast.walk(parse(path))
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "from_env"
        and isinstance(call.func.value, ast.Name)
    }


def direct_environment_reads(path: Path) -> list[str]:
    """``os.environ``/``os.getenv``/``environ`` uses, as ``file:line function``."""
    found = []
    tree = parse(path)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        hit = (
            isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}
        ) or (
            isinstance(node, ast.ImportFrom)
            and any(a.name in {"environ", "getenv"} for a in node.names)
        )
        if hit:
            scope = node
            while scope in parents and not isinstance(scope, ast.FunctionDef):
                scope = parents[scope]
            name = scope.name if isinstance(scope, ast.FunctionDef) else "<module>"
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def test_environment_is_read_only_through_the_config_helpers():
    reads = [read for path in code_files() for read in direct_environment_reads(path)]
    allowed = re.compile(r"^facecommon/config\.py:\d+ (required|optional)$")
    assert [read for read in reads if not allowed.match(read)] == []
    assert len(reads) == 2  # one in each helper: the scan does see them


def test_only_entry_modules_read_settings():
    users = {
        str(path.relative_to(ROOT))
        for path in code_files()
        if path.name != "config.py" and from_env_classes(path)
    }
    assert users == {f"{name}/app.py" for name in FUNCTIONS} | {"service/worker.py"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_manifest_lists_exactly_the_variables_the_code_reads(name):
    per_class = settings_reads()
    expected: dict[str, dict] = {}
    for entry in entry_files(FUNCTIONS[name]):
        for cls in from_env_classes(entry):
            expected.update(per_class[cls])
    listed = {
        variable["name"]: {k: v for k, v in variable.items() if k != "description"}
        for variable in FUNCTIONS[name]["environment"]
    }
    assert listed == expected
    assert all(variable["description"] for variable in FUNCTIONS[name]["environment"])


# -- AWS calls -------------------------------------------------------------------------------


def module_closure(entry: Path) -> set[Path]:
    """The entry module and every facecommon module it imports, transitively."""
    seen: set[Path] = set()
    pending = [entry]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        in_package = path.parent.name == "facecommon"
        for node in ast.walk(parse(path)):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 1 and in_package:
                base = node.module
            elif node.level == 0 and (node.module or "").startswith("facecommon"):
                base = (node.module or "").removeprefix("facecommon").lstrip(".") or None
            else:
                continue
            names = [base] if base else [alias.name for alias in node.names]
            for module in names:
                candidate = ROOT / "facecommon" / f"{module.replace('.', '/')}.py"
                if candidate.exists():
                    pending.append(candidate)
    return seen


def operations(service: str) -> dict[str, str]:
    model = botocore.session.get_session().get_service_model(service)
    return {xform_name(name): name for name in model.operation_names}


def aws_calls(entry: Path) -> set[tuple[str, str]]:
    calls = set()
    for path in module_closure(entry):
        for node in ast.walk(parse(path)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = node.func.value
            service = (
                receiver.id
                if isinstance(receiver, ast.Name)
                else receiver.attr
                if isinstance(receiver, ast.Attribute)
                else None
            )
            if service == "s3" and node.func.attr == "generate_presigned_url":
                # Signed locally; whoever uses the URL acts with this role (its ClientMethod's
                # action): listed as GeneratePresignedUrl with that action.
                calls.add((service, "GeneratePresignedUrl"))
            elif service in CLIENT_NAMES:
                operation = operations(service).get(node.func.attr)
                assert operation, (
                    f"{path}:{node.lineno}: {service}.{node.func.attr} is no operation"
                )
                calls.add((service, operation))
    return calls


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_manifest_lists_exactly_the_aws_calls_the_code_makes(name):
    listed = {(c["service"], c["operation"]) for c in FUNCTIONS[name]["aws_calls"]}
    assert listed == set().union(*(aws_calls(entry) for entry in entry_files(FUNCTIONS[name])))


def test_call_scan_sees_calls():
    assert ("rekognition", "SearchFacesByImage") in aws_calls(entry_file(FUNCTIONS["detect"]))


# -- packaging -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_zip_sources_and_requirements_exist_and_are_pinned(name):
    function = FUNCTIONS[name]
    for source in function["zip_sources"]:
        assert (ROOT / source["from"]).is_dir()
    assert function["zip_sources"][1] == {"from": "facecommon", "to": "facecommon"}
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / function["requirements"]).read_text().splitlines()
    ]
    assert all(
        re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[a-z0-9,]+\])?==[\w.]+", line) for line in lines if line
    )


@pytest.mark.parametrize("name", ["detect", "store", "enroll"])
def test_lambda_handler_entry_point_exists(name):
    module, function = FUNCTIONS[name]["handler"].split(".")
    tree = parse(ROOT / name / f"{module}.py")
    assert function in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_detect_ships_pillow_and_the_same_pin_as_the_service():
    detect = (ROOT / "detect" / "requirements.txt").read_text()
    service = (ROOT / "service" / "requirements.txt").read_text()
    pin = re.search(r"^pillow==\S+$", detect, re.MULTILINE)
    assert pin
    assert pin.group(0) in service.splitlines()


@pytest.mark.parametrize("name", ["store", "enroll"])
def test_functions_without_pillow_import_without_it(name):
    """store and enroll zips do not ship Pillow: importing their code must not need it."""
    script = (
        "import sys; sys.modules['PIL'] = None\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / name)!r}]\n"
        "import os; os.environ.update(COLLECTION_ID='c', TABLE_NAME='t', OUTPUT_BUCKET='b',"
        " AWS_DEFAULT_REGION='us-east-1')\n"
        "import app\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=60)


@pytest.mark.parametrize("process", ["service", "worker"])
def test_systemd_unit_runs_the_documented_command(process):
    service = FUNCTIONS["service"]
    described = service if process == "service" else service["worker"]
    unit = (ROOT / described["systemd_unit"]).read_text()
    assert f"ExecStart={described['exec_start']}" in unit.splitlines()
    assert f"EnvironmentFile={service['environment_file']}" in unit.splitlines()
    assert f"WorkingDirectory={service['install_dir']}" in unit.splitlines()


def test_worker_entry_point_exists():
    module, function = FUNCTIONS["service"]["worker"]["entry_point"].split(":")
    tree = parse(ROOT / "service" / f"{module}.py")
    assert function in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


# -- schema, state machine, metrics -----------------------------------------------------------


def test_table_definition_matches_the_code():
    table = MANIFEST["table"]
    assert table["logical_name"] == schema.TABLE_LOGICAL_NAME
    assert table["key_schema"] == schema.KEY_SCHEMA
    assert table["attribute_definitions"] == schema.ATTRIBUTE_DEFINITIONS
    assert table["global_secondary_indexes"] == schema.GLOBAL_SECONDARY_INDEXES
    assert table["ttl_attribute"] == schema.TTL_ATTRIBUTE
    defined = {a["AttributeName"] for a in table["attribute_definitions"]}
    used = {k["AttributeName"] for k in table["key_schema"]} | {
        k["AttributeName"]
        for index in table["global_secondary_indexes"]
        for k in index["KeySchema"]
    }
    assert defined == used  # CloudFormation refuses definitions that no key uses


def test_processed_columns_match_the_records():
    listed = [(c["name"], c["type"]) for c in MANIFEST["processed"]["columns"]]
    assert listed == schema.PROCESSED_COLUMNS
    assert MANIFEST["processed"]["glue"]["serde"] == "org.openx.data.jsonserde.JsonSerDe"


def test_metrics_match_the_code():
    section = MANIFEST["metrics"]
    assert section["namespace"] == metrics.NAMESPACE
    assert section["dimensions"] == [[metrics.DIMENSION]]
    assert {m["name"]: m["unit"] for m in section["metrics"]} == metrics.METRICS


def test_retryable_error_names_are_real_retryable_classes():
    names = {cls.__name__ for cls in errors.RETRYABLE_ERRORS}
    for function in FUNCTIONS.values():
        assert set(function["retryable_errors"]) <= names
    machine = MANIFEST["state_machine"]
    assert set(machine["detect"]["retryable_errors"]) <= names
    assert set(machine["store"]["retryable_errors"]) <= names
    assert set(machine["detect"]["rejection_reasons"]) <= set(rejections.REASONS)


def test_recommended_definition_retries_only_known_errors_and_routes_rejections():
    definition = MANIFEST["state_machine"]["recommended_definition"]
    machine = MANIFEST["state_machine"]
    known = (
        {cls.__name__ for cls in errors.RETRYABLE_ERRORS}
        | set(machine["lambda_service_errors_to_retry"])
        | set(machine["lambda_throttling_to_retry"])
    )
    states = definition["States"]
    for state in states.values():
        for retry in state.get("Retry", []):
            assert set(retry["ErrorEquals"]) <= known
        for target in [state.get("Next"), state.get("Default")] + [
            c["Next"] for c in state.get("Choices", []) + state.get("Catch", [])
        ]:
            assert target is None or target in states
    (choice,) = states["Rejected?"]["Choices"]
    assert (choice["Variable"], choice["StringEquals"]) == ("$.status", "REJECTED")
    assert states["Detect"]["Catch"][0]["ResultPath"] == "$.failure"


def test_manifest_is_canonical_json():
    text = (ROOT / "manifest.json").read_text()
    assert text == json.dumps(json.loads(text), indent=2) + "\n"


def test_readme_documents_every_contract_name():
    readme = (ROOT / "README.md").read_text()
    names = {v["name"] for f in FUNCTIONS.values() for v in f["environment"]}
    names |= {m["name"] for m in MANIFEST["metrics"]["metrics"]}
    names |= {cls.__name__ for cls in errors.RETRYABLE_ERRORS}
    names |= set(rejections.REASONS)
    names |= {i["IndexName"] for i in MANIFEST["table"]["global_secondary_indexes"]}
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
    columns = [f"| {c['name']} | {c['type']} |" for c in MANIFEST["processed"]["columns"]]
    assert [column for column in columns if column not in readme] == []
