"""MkDocs hook: the parts of the site that are generated from the code when it is built.

A page asks for a generated section with a block such as::

    <!-- generated:settings -->
    (what a reader of the Markdown file sees instead, e.g. on a Git forge)
    <!-- /generated -->

and ``on_page_markdown`` replaces the block with the section:

- ``settings``: the table of ``service.settings.SETTINGS`` (variable, default, meaning);
- ``cli``: every command, sub-command, argument and option of ``service.cli.main``;
- ``api``: every path and method of ``service/web/openapi.json``, then its schemas;
- ``layers``: the import contracts of ``pyproject.toml`` (``[tool.importlinter]``).

Nothing generated is committed, so the site cannot drift from the code. The hook
imports the project: build with the project's virtualenv (``.venv/bin/mkdocs``).
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OPENAPI = ROOT / "service" / "web" / "openapi.json"
PYPROJECT = ROOT / "pyproject.toml"
BLOCK = re.compile(r"<!-- generated:(?P<name>[a-z-]+) -->\n.*?<!-- /generated -->", re.DOTALL)
PROGRAM = "python -m service"
METHODS = ("get", "post", "put", "patch", "delete")


def cell(text: object) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# -- settings -----------------------------------------------------------------


def _default(setting) -> str:
    if setting.shown_default:
        return setting.shown_default
    value = setting.default
    if callable(value):
        return "computed when the service starts"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list | tuple):
        return f"`{','.join(map(str, value))}`" if value else "empty"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`" if value != "" else "empty"


def settings_table() -> str:
    from service.settings import SETTINGS

    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s.variable}` | {cell(_default(s))} | {cell(s.help)} |" for s in SETTINGS]
    return "\n".join(rows) + "\n"


# -- command line ---------------------------------------------------------------

_CODE_WORDS = re.compile(
    r"(?<![`\w])((?:SERVICE|ARGOS|APERTIUM)_[A-Z_]+|--[a-z][a-z-]*|[\w.-]+\.(?:html|json))(?![`\w])"
)


def _prose(text: str) -> str:
    """Click help text as Markdown: ``Example:`` lines and ``\\b`` paragraphs become code blocks."""
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):
            out.append("```text\n" + paragraph.lstrip("\b\n") + "\n```")
        elif paragraph.startswith("Example:"):
            out.append("Example:\n\n```sh\n" + " ".join(paragraph.removeprefix("Example:").split()) + "\n```")
        else:
            out.append(_CODE_WORDS.sub(r"`\1`", " ".join(paragraph.split())))
    return "\n\n".join(out)


def _option_row(param, ctx) -> str:
    import click

    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    notes = []
    if isinstance(param.type, click.Choice):
        notes.append("one of " + ", ".join(f"`{choice}`" for choice in param.type.choices))
    elif not param.is_flag:
        names += f" `{param.make_metavar(ctx)}`"
    help_text = _CODE_WORDS.sub(r"`\1`", param.help or "")
    describe_range = getattr(param.type, "_describe_range", None)  # click's IntRange and FloatRange
    if describe_range:
        notes.append(f"`{describe_range()}`")
    if param.required:
        notes.append("required")
    if param.multiple:
        notes.append("repeatable")
    shown = param.show_default if param.show_default is not None else ctx.show_default
    if isinstance(shown, str):
        notes.append(f"default {shown}")
    elif shown and param.default not in (None, ()) and not param.is_flag and "UNSET" not in repr(param.default):
        notes.append(f"default `{param.default}`")
    extra = f" ({'; '.join(notes)})" if notes else ""
    return f"| {cell(names)} | {cell(help_text + extra)} |"


def _command_section(command, ctx, path: list[str], level: int) -> list[str]:
    import click

    name = " ".join(path)
    lines = [f"{'#' * level} `{name}` {{#{slug(name)}}}", ""]
    usage = " ".join([PROGRAM, *path, *command.collect_usage_pieces(ctx)])
    lines += ["```sh", usage, "```", ""]
    if command.help:
        lines += [_prose(command.help), ""]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if arguments:
        described = [f"`{p.make_metavar(ctx)}`" + (" (required)" if p.required else "") for p in arguments]
        lines += ["Arguments: " + ", ".join(described) + ".", ""]
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    if options:
        lines += ["| option | meaning |", "| --- | --- |"]
        lines += [_option_row(p, ctx) for p in options]
        lines += ["| `-h`, `--help` | Show the help and exit. |", ""]
    if isinstance(command, click.Group):
        children = [(n, command.get_command(ctx, n)) for n in command.list_commands(ctx)]
        lines += ["| command | what it does |", "| --- | --- |"]
        lines += [
            f"| [`{name} {n}`](#{slug(name + ' ' + n)}) | {cell(c.get_short_help_str(200))} |" for n, c in children
        ]
        lines.append("")
        for n, child in children:
            lines += _command_section(child, click.Context(child, info_name=n, parent=ctx), [*path, n], level + 1)
    return lines


def cli_reference() -> str:
    import click

    from service.cli.main import main

    root = click.Context(main, info_name=PROGRAM)
    commands = [(n, main.get_command(root, n)) for n in main.list_commands(root)]
    lines = [
        f"`{PROGRAM}`: {_prose(main.help or '')}",
        "",
        "| command | what it does |",
        "| --- | --- |",
        *[f"| [`{n}`](#{slug(n)}) | {cell(c.get_short_help_str(200))} |" for n, c in commands],
        "",
    ]
    for name, command in commands:
        lines += _command_section(command, click.Context(command, info_name=name, parent=root), [name], 2)
    return "\n".join(lines)


# -- JSON API -------------------------------------------------------------------


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict | None) -> str:
    """A schema in a few words, with links to the named schemas."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = _schema_name(schema["$ref"])
        return f"[{name}](#schema-{slug(name)})"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            text = " or ".join(_type(s) for s in options)
            return text + (" or null" if len(options) < len(schema[key]) else "")
    if "enum" in schema:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + _type(schema.get("items"))
    if kind == "object":
        if isinstance(schema.get("additionalProperties"), dict):
            return "map of " + _type(schema["additionalProperties"])
        if schema.get("properties"):
            return "object with " + ", ".join(f"`{name}`" for name in schema["properties"])
        return "object"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def _parameter(parameter: dict, spec: dict) -> dict:
    if "$ref" in parameter:
        return spec["components"]["parameters"][_schema_name(parameter["$ref"])]
    return parameter


def _response(response: dict, spec: dict) -> dict:
    if "$ref" in response:
        return spec["components"]["responses"][_schema_name(response["$ref"])]
    return response


def _operation(path: str, method: str, operation: dict, shared: list, spec: dict) -> list[str]:
    anchor = slug(f"{method} {path}")
    lines = [f"### `{method.upper()} {path}` {{#{anchor}}}", "", f"**{operation.get('summary', '')}**", ""]
    if operation.get("description"):
        lines += [operation["description"], ""]
    if operation.get("security") == [{}]:
        lines += ["Open even when the server requires API keys.", ""]
    parameters = [_parameter(p, spec) for p in [*shared, *operation.get("parameters", [])]]
    if parameters:
        lines += ["| parameter | in | required | type | meaning |", "| --- | --- | --- | --- | --- |"]
        lines += [
            f"| `{p['name']}` | {p['in']} | {'yes' if p.get('required') else 'no'} | {cell(_type(p.get('schema')))} "
            f"| {cell(p.get('description', ''))} |"
            for p in parameters
        ]
        lines.append("")
    body = operation.get("requestBody")
    if body:
        lines += ["Request body" + (" (required)" if body.get("required") else "") + ":", ""]
        for content_type, content in body.get("content", {}).items():
            schema = content.get("schema") or {}
            lines.append(f"- `{content_type}`: {_type(schema)}")
            if "$ref" not in schema and schema.get("properties"):
                required = set(schema.get("required", []))
                for name, field in schema["properties"].items():
                    note = " (required)" if name in required else ""
                    text = field.get("description", "")
                    lines.append(f"    - `{name}`{note}: {_type(field)}" + (f". {text}" if text else ""))
        lines.append("")
        examples = [(t, c["example"]) for t, c in body.get("content", {}).items() if "example" in c]
        for content_type, example in examples[:1]:
            shown = json.dumps(example, ensure_ascii=False, indent=2) if "json" in content_type else str(example)
            indented = [f"    {line}" for line in shown.splitlines()]
            lines += ['??? example "Example request body"', "", "    ```json", *indented, "    ```", ""]
    lines += ["| status | meaning | body |", "| --- | --- | --- |"]
    for status, response in sorted(operation.get("responses", {}).items()):
        response = _response(response, spec)
        contents = response.get("content", {})
        shown = "; ".join(f"{_type(c.get('schema'))} (`{t}`)" for t, c in contents.items()) or "none"
        headers = ", ".join(f"`{h}`" for h in response.get("headers", {}))
        if headers:
            shown += f"; headers {headers}"
        lines.append(f"| {status} | {cell(response.get('description', ''))} | {cell(shown)} |")
    return [*lines, ""]


def _schema_section(name: str, schema: dict) -> list[str]:
    lines = [f"### {name} {{#schema-{slug(name)}}}", ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    properties = schema.get("properties", {})
    if not properties:
        return [*lines, f"Type: {_type(schema)}.", ""]
    required = set(schema.get("required", []))
    lines += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for field, definition in properties.items():
        lines.append(
            f"| `{field}` | {cell(_type(definition))} | {'yes' if field in required else 'no'} "
            f"| {cell(definition.get('description', ''))} |"
        )
    return [*lines, ""]


def api_reference() -> str:
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    base = spec.get("servers", [{}])[0].get("url", "")
    info = spec["info"]
    schemes = spec.get("components", {}).get("securitySchemes", {})
    lines = [
        f"**{info['title']}**, version {info['version']} (OpenAPI {spec['openapi']}). "
        f"Every path below is under `{base}`.",
        "",
        info.get("description", ""),
        "",
    ]
    for scheme in schemes.values():
        lines += [f"Authentication: the `{scheme.get('name')}` {scheme.get('in')}. {scheme.get('description', '')}", ""]
    lines += ["## Operations", "", "| method | path | summary |", "| --- | --- | --- |"]
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                link = f"[`{base}{path}`](#{slug(f'{method} {path}')})"
                lines.append(f"| `{method.upper()}` | {link} | {cell(item[method].get('summary', ''))} |")
    lines.append("")
    for path, item in spec["paths"].items():
        lines += [f"## `{path}` {{#path-{slug(path)}}}", ""]
        for method in METHODS:
            if method in item:
                lines += _operation(path, method, item[method], item.get("parameters", []), spec)
    lines += ["## Schemas", "", "The bodies named above, generated from the models in `service/models/`.", ""]
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        lines += _schema_section(name, schema)
    return "\n".join(lines)


# -- layers -------------------------------------------------------------------------


def layer_contracts() -> str:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    lines = []
    for contract in config["contracts"]:
        lines += [f"**{contract['name']}** ({contract['type']})", ""]
        if contract["type"] == "layers":
            lines += [
                "| layer, from the top | modules (siblings on one layer never import each other) |",
                "| --- | --- |",
            ]
            for number, layer in enumerate(contract["layers"], start=1):
                modules = " · ".join(f"`{m.strip()}`" for m in layer.split("|"))
                lines.append(f"| {number} | {modules} |")
        elif contract["type"] == "forbidden":
            sources = ", ".join(f"`{m}`" for m in contract["source_modules"])
            forbidden = ", ".join(f"`{m}`" for m in contract["forbidden_modules"])
            lines.append(f"Never imported by {sources}: {forbidden}.")
        elif contract["type"] == "independence":
            lines.append("Independent of one another: " + ", ".join(f"`{m}`" for m in contract["modules"]) + ".")
        lines.append("")
    return "\n".join(lines)


GENERATORS: dict[str, Callable[[], str]] = {
    "settings": settings_table,
    "cli": cli_reference,
    "api": api_reference,
    "layers": layer_contracts,
}


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace each ``<!-- generated:NAME -->`` block with its section, built now from the code."""

    def generate(match: re.Match) -> str:
        name = match.group("name")
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_uri}: no generator named {name!r} (known: {', '.join(GENERATORS)})")
        return GENERATORS[name]()

    return BLOCK.sub(generate, markdown)
