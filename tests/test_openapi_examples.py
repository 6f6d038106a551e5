"""Every endpoint and every status in openapi.json has an example, and every example matches its schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tests.support.openapi import REGISTRY, SPEC

METHODS = ("get", "post", "put", "patch", "delete")


def _schema(schema: dict) -> Draft202012Validator:
    if "$ref" in schema:
        schema = {"$ref": "urn:spec" + schema["$ref"]}
    else:
        schema = json.loads(json.dumps(schema).replace('"#/components', '"urn:spec#/components'))
    return Draft202012Validator(schema, registry=REGISTRY)


OPERATIONS = [
    (path, method, operation)
    for path, operations in SPEC["paths"].items()
    for method, operation in operations.items()
    if method in METHODS and path != "/openapi.json"
]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=[f"{m} {p}" for p, m, _ in OPERATIONS])
def test_examples_exist_and_match_their_schemas(path, method, operation):
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        assert "example" in body, f"{method} {path}: no request example"
        _schema(body["schema"]).validate(body["example"])
    for status, response in operation["responses"].items():
        content = response.get("content", {}).get("application/json")
        if content is None:
            continue
        assert "example" in content, f"{method} {path} {status}: no example"
        _schema(content["schema"]).validate(content["example"])
        if content["schema"].get("$ref", "").endswith("/Error"):
            assert content["example"]["error"]["code"] and content["example"]["error"]["message"]


def test_openapi_json_is_generated_from_the_models():
    """The committed contract is what the models, the operations' prose and the recorded examples give."""
    from service.web import openapi_spec

    assert openapi_spec.SPEC.read_text(encoding="utf-8") == openapi_spec.render(), (
        "openapi.json drifted from its sources: run .venv/bin/python -m service.web.openapi_spec"
    )
