"""Runs one handler of stacks/FaceRecognition/handlers as Lambda would import it:
`python run_handler.py FUNCTION EVENT_JSON RESULT_FILE` with the handlers folder on PYTHONPATH
and the function's environment set. The result goes to RESULT_FILE (stdout has the logs)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HANDLERS = Path(__file__).resolve().parents[2] / "stacks" / "FaceRecognition" / "handlers"


def main(function: str, event: str, result: str) -> None:
    spec = importlib.util.spec_from_file_location("app", HANDLERS / function / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    Path(result).write_text(json.dumps(module.handler(json.loads(event), None)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
