#!/usr/bin/python3
"""The OpenAPI contract check: every HTTP exchange recorded by the end-to-end tests must be
allowed by the served document (api/openapi.json, which openapi_test proves is what the
server serves): its status is documented for the operation, every header the operation marks
required is there, every API header it sent is documented, and the body validates against the
documented schema (JSON Schema 2020-12, Debian's python3-jsonschema). Every documented
operation must have been exercised at least once, so the check cannot silently cover less.

  check_traffic.py DOCUMENT TRAFFIC_DIR   check the *.ndjson files of TRAFFIC_DIR
  check_traffic.py DOCUMENT --self-test   prove the checker rejects what it must
Exit 0 when everything is allowed; 1 with one line per kind of violation otherwise.
"""

import glob
import json
import os
import re
import sys
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, RefResolver

# Headers that are part of the API's contract: when the server sends one, the document must
# describe it on that response. (Transport headers such as Content-Length are not listed.)
API_HEADERS = {
    "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after",
    "www-authenticate", "idempotent-replayed", "allow",
}
METHODS = ("get", "put", "post", "delete", "patch")


class Contract:
    def __init__(self, document):
        self.doc = document
        self.resolver = RefResolver.from_schema(document)
        self.templates = []  # (regex, literal segment count, path template)
        for path in document["paths"]:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
            literal = sum(1 for seg in path.split("/") if seg and not seg.startswith("{"))
            self.templates.append((re.compile(pattern), literal, path))

    def deref(self, obj):
        while isinstance(obj, dict) and "$ref" in obj:
            _, obj = self.resolver.resolve(obj["$ref"])
        return obj

    def match(self, path):
        """The most specific documented path template matching `path`, or None."""
        found = [(lit, tpl) for rx, lit, tpl in self.templates if rx.match(path)]
        return max(found)[1] if found else None

    def schema_errors(self, schema, instance):
        validator = Draft202012Validator(schema, resolver=self.resolver,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(body)", e.message)
                for e in errors[:3]]

    def response_for(self, exchange):
        """(operation key, documented response object or None, problem or None)."""
        method = exchange["method"].lower()
        path = urlsplit(exchange["target"]).path
        if len(path) > 1 and path.endswith("/"):
            path = path[:-1]  # the server matches with or without one trailing slash
        status = str(exchange["status"])
        template = self.match(path)
        unmatched = self.doc.get("x-unmatched-requests", {})
        if template is None:
            key = "(no documented path) %s" % path
            return key, self.deref(unmatched.get(status)), None
        item = self.doc["paths"][template]
        if method not in item:
            key = "(undocumented method) %s %s" % (method.upper(), template)
            return key, self.deref(unmatched.get(status)), None
        key = "%s %s" % (method.upper(), template)
        responses = item[method]["responses"]
        return key, self.deref(responses.get(status)), None

    def check(self, exchange):
        """The violations of one exchange: (operation key, list of problem strings)."""
        key, response, _ = self.response_for(exchange)
        status = exchange["status"]
        if response is None:
            return key, ["status %d is not documented" % status]
        problems = []
        headers = {k.lower(): v for k, v in exchange.get("headers", {}).items()}
        documented = {name.lower(): self.deref(h)
                      for name, h in response.get("headers", {}).items()}
        for name, header in documented.items():
            if header.get("required") and name not in headers:
                problems.append("required header %s missing" % name)
        for name in sorted(API_HEADERS & set(headers)):
            if name not in documented:
                problems.append("header %s is sent but not documented" % name)
        for name, header in documented.items():
            if name in headers and "schema" in header:
                value = headers[name]
                schema = self.deref(header["schema"])
                if schema.get("type") == "integer":
                    value = int(value) if re.fullmatch(r"-?[0-9]+", value) else value
                for e in self.schema_errors(header["schema"], value):
                    problems.append("header %s: %s" % (name, e))
        content = response.get("content")
        body = exchange.get("body", "")
        if not content:
            if body and status != 101:
                problems.append("a body is sent but none is documented")
            return key, problems
        media = headers.get("content-type", "").split(";")[0].strip()
        if media not in content:
            problems.append("content-type %r is not documented (%s)" % (media, ", ".join(content)))
            return key, problems
        schema = content[media].get("schema")
        if schema is None:
            return key, problems
        try:
            instance = json.loads(body)
        except ValueError:
            return key, problems + ["body is not JSON: %r" % body[:80]]
        problems += self.schema_errors(schema, instance)
        return key, problems

    def operations(self):
        return {"%s %s" % (m.upper(), p) for p, item in self.doc["paths"].items()
                for m in item if m in METHODS}


def check_all(contract, exchanges):
    """Violation lines (empty when everything is allowed)."""
    violations = {}
    seen = set()
    for ex in exchanges:
        key, problems = contract.check(ex)
        seen.add(key)
        for problem in problems:
            entry = violations.setdefault((key, ex["status"], problem), [0, ex])
            entry[0] += 1
    lines = []
    for (key, status, problem), (count, ex) in sorted(violations.items(), key=str):
        lines.append("%s -> %d: %s (%d times; e.g. %s %s: %s)" % (
            key, status, problem, count, ex["method"], ex["target"], ex.get("body", "")[:200]))
    for op in sorted(contract.operations() - seen):
        lines.append("%s: never exercised by the end-to-end tests" % op)
    return lines


def load_traffic(directory):
    exchanges = []
    for name in sorted(glob.glob(os.path.join(directory, "*.ndjson"))):
        with open(name, encoding="utf-8") as f:
            exchanges += [json.loads(line) for line in f if line.strip()]
    return exchanges


def self_test(contract):
    """Each crafted exchange must be judged as expected: (cases run, failure lines)."""
    rate = {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "99",
            "x-ratelimit-reset": "60", "content-type": "application/json"}
    good_error = json.dumps({"success": False, "error": {"code": "WORKFLOW_NOT_FOUND",
                                                           "message": "Workflow not found"}})
    wf = "/api/v2/workflows/00000000-0000-4000-8000-000000000000"
    cases = [
        ("a documented 404", True,
         {"method": "GET", "target": wf, "status": 404, "headers": rate, "body": good_error}),
        ("an undocumented status", False,
         {"method": "GET", "target": wf, "status": 418, "headers": rate, "body": good_error}),
        ("a body breaking the schema", False,
         {"method": "GET", "target": wf, "status": 404, "headers": rate,
          "body": json.dumps({"success": False, "error": {"code": 7}})}),
        ("a missing required header", False,
         {"method": "GET", "target": wf, "status": 401,
          "headers": {"content-type": "application/json"}, "body": good_error}),
        ("an undocumented API header", False,
         {"method": "GET", "target": "/api/v2/workflows/health", "status": 200,
          "headers": {"content-type": "application/json", "idempotent-replayed": "true"},
          "body": json.dumps({"status": "ok", "service": "s", "version": "v",
                              "timestamp": "2026-01-01T00:00:00.000Z"})}),
        ("an undocumented method answered 405", True,
         {"method": "PUT", "target": wf, "status": 405,
          "headers": {"content-type": "application/json", "allow": "GET, PATCH, DELETE"},
          "body": json.dumps({"success": False, "error": {"code": "METHOD_NOT_ALLOWED",
                                                            "message": "Method not allowed"}})}),
        ("an undocumented method answered 200", False,
         {"method": "PUT", "target": wf, "status": 200, "headers": rate, "body": "{}"}),
    ]
    failures = []
    for name, allowed, ex in cases:
        _, problems = contract.check(ex)
        if (not problems) != allowed:
            failures.append("self-test: %s was %s: %s" % (
                name, "rejected" if problems else "allowed", problems))
    return len(cases), failures


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        contract = Contract(json.load(f))
    if argv[2] == "--self-test":
        total, failures = self_test(contract)
        for line in failures:
            print(line)
        print("%d passed, %d failed" % (total - len(failures), len(failures)))
        return 1 if failures else 0
    exchanges = load_traffic(argv[2])
    lines = check_all(contract, exchanges)
    for line in lines:
        print(line)
    print("contract: %d exchanges, %d operations documented, %d violations"
          % (len(exchanges), len(contract.operations()), len(lines)))
    return 1 if lines or not exchanges else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
