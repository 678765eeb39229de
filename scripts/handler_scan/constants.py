"""Limits and method-name sets the scan shares."""

from __future__ import annotations

from pathlib import Path

OUTPUT_FORMAT = 1
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_MAP = REPO_ROOT / "Sources" / "IAM" / "Resources" / "boto3-iam-map.json"
MAX_CALL_DEPTH = 10
# Calls nested deeper than this are evaluated without their call context (parameters then hold
# whatever any call site passes), which keeps big code bases linear-ish instead of exponential.
MAX_CONTEXT_DEPTH = 4
EXCLUDED_DIRS = {"tests", "test", "__pycache__", ".venv", "venv", "node_modules"}
# Method names too common outside boto3 to report as unresolved when the receiver is unknown.
GENERIC_METHODS = {
    "all",
    "abort",
    "close",
    "complete",
    "copy",
    "create",
    "delete",
    "filter",
    "get",
    "head",
    "limit",
    "load",
    "page_size",
    "put",
    "reload",
    "update",
    "upload",
    "wait",
    "enable",
    "suspend",
}
COLLECTION_METHODS = {"all", "filter", "limit", "page_size"}
LOCAL_CLIENT_METHODS = {"can_paginate", "close"}
# Callables that run a function with arguments given beside it → the function's position.
CALLBACK_RUNNERS = {"submit": 0, "partial": 0, "run_in_executor": 1, "Thread": -1}
