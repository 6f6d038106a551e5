"""``openapi.json``, built from its three sources so that none is kept in step by hand.

- the schemas of every body come from the models (``service.models``), the
  same classes that validate requests and serialise answers;
- the operations' prose (summaries, descriptions, parameters, which status
  answers with which schema) is ``openapi_paths.json``;
- every example is a real answer of the app, recorded by
  ``scripts/openapi_examples.py`` into ``openapi_examples.json``.

``python -m service.web.openapi_spec`` writes ``openapi.json``; a test fails
when the committed file differs from what these sources give (drift).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from service.models.api import CONTRACT, SCHEMA_NAMES
from service.models.base import Model

HERE = Path(__file__).parent
SPEC = HERE / "openapi.json"
PATHS = HERE / "openapi_paths.json"
EXAMPLES = HERE / "openapi_examples.json"
REF = "#/components/schemas/"
# Keys that pydantic writes but openapi.json does not need (titles repeat the property names).
_DROPPED_KEYS = ("title",)


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema, without titles, and with the schema names the contract has always used."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def _rename(node, names: dict[str, str]):
    """Rename ``$ref`` targets and drop pydantic's titles, everywhere in a schema."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in _DROPPED_KEYS and isinstance(value, str):
                continue
            if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                name = value[len(REF) :]
                value = REF + names.get(name, name)
            out[key] = _rename(value, names)
        return out
    if isinstance(node, list):
        return [_rename(item, names) for item in node]
    return node


def _omitted_when_null() -> dict[str, set[str]]:
    """Per model, the fields it leaves out of its JSON when they are null (``exclude_if``): never required."""
    found: dict[str, set[str]] = {}
    pending: list[type] = [Model]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        for name, info in getattr(cls, "model_fields", {}).items():
            if info.exclude_if is not None:
                found.setdefault(cls.__name__, set()).add(info.serialization_alias or info.alias or name)
    return found


def schemas() -> dict:
    """Every component schema, from the models."""
    _, top = models_json_schema(CONTRACT, ref_template=REF + "{model}", schema_generator=_Generator)
    defs = top.get("$defs", {})
    names = {}
    for name in defs:
        base = re.sub(r"-(Input|Output)$", "", name)
        names[name] = SCHEMA_NAMES.get(base, base)
    out: dict = {}
    for name, schema in defs.items():
        target = names[name]
        if target in out and name.endswith("-Input"):
            continue  # a model read and written alike: the written form is the contract
        out[target] = _rename(schema, names)
    for name, optional in _omitted_when_null().items():
        required = out.get(SCHEMA_NAMES.get(name, name), {}).get("required")
        if required:
            out[SCHEMA_NAMES.get(name, name)]["required"] = [r for r in required if r not in optional]
    article = copy.deepcopy(out["Article"])
    article["properties"].pop("id", None)
    article["description"] = "A processed article that was not kept (keep: false): the Article document, without id."
    out["UnsavedArticle"] = article
    return dict(sorted(out.items()))


def _with_examples(doc: dict, examples: dict) -> dict:
    for key, entry in examples.items():
        method, path = key.split(" ", 1)
        operation = doc["paths"].get(path, {}).get(method.lower())
        if operation is None:
            continue
        request = entry.get("request")
        if request:
            content = operation.get("requestBody", {}).get("content", {}).get(request["content_type"])
            if content is not None:
                content.update({k: v for k, v in request.items() if k in ("value", "examples")})
                if "value" in content:
                    content["example"] = content.pop("value")
        for status, response in (entry.get("responses") or {}).items():
            target = operation.get("responses", {}).get(status, {}).get("content", {}).get(response["content_type"])
            if target is not None:
                if "value" in response:
                    target["example"] = response["value"]
                if "examples" in response:
                    target["examples"] = response["examples"]
    return doc


def build() -> dict:
    """The whole OpenAPI document."""
    doc = json.loads(PATHS.read_text(encoding="utf-8"))
    doc["components"]["schemas"] = schemas()
    return _with_examples(doc, json.loads(EXAMPLES.read_text(encoding="utf-8")))


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    """Write openapi.json (``--check``: only say whether it is up to date)."""
    text = render()
    if "--check" in argv:
        current = SPEC.read_text(encoding="utf-8") if SPEC.exists() else ""
        if current != text:
            print("openapi.json is out of date: run python -m service.web.openapi_spec", file=sys.stderr)
            return 1
        return 0
    SPEC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
