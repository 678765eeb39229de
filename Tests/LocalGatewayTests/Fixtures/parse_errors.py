"""Parses error answers with botocore's own response parsers, as a client would: reads
[{"service", "operation", "status", "headers": [[name, value]], "body" (base64)}] on stdin and
prints [{"code", "message"}] (the error botocore raises for each).
"""

from __future__ import annotations

import base64
import json
import sys

import botocore.session
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser


def main() -> int:
    session = botocore.session.get_session()
    results = []
    for case in json.load(sys.stdin):
        model = session.get_service_model(case["service"])
        operation = model.operation_model(case["operation"])
        headers = HeadersDict(case["headers"])  # case-insensitive, as on the wire
        response = {
            "status_code": case["status"],
            "headers": headers,
            "body": base64.b64decode(case["body"]),
        }
        protocol = case.get("protocol") or model.metadata["protocol"]
        parsed = create_parser(protocol).parse(response, operation.output_shape)
        error = parsed.get("Error", {})
        results.append({"code": error.get("Code"), "message": error.get("Message")})
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
