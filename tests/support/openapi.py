"""Checking real responses against what ``openapi.json`` promises."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from service.web.api import OPENAPI

SPEC = json.loads(OPENAPI.read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource("urn:spec", Resource.from_contents(SPEC, default_specification=DRAFT202012))


def conforms(response, path: str, method: str) -> None:
    """Fail unless ``response`` matches what openapi.json promises for it."""
    documented = SPEC["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, f"{response.status_code} not documented for {method} {path}"
    entry = documented[str(response.status_code)]
    if "$ref" in entry:
        entry = SPEC["components"]["responses"][entry["$ref"].split("/")[-1]]
    if "content" not in entry:
        return
    schema = entry["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = {"$ref": "urn:spec" + schema["$ref"]}
    else:
        schema = json.loads(json.dumps(schema).replace('"#/components', '"urn:spec#/components'))
    Draft202012Validator(schema, registry=REGISTRY).validate(response.get_json())
