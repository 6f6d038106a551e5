"""The layering the project promises, checked on the source itself.

- nothing in the engine, pipeline or rendering layers imports Flask;
- no blueprint imports another (both call the service layer);
- every environment variable is read in ``service/settings.py``;
- no module grows past what one idea needs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

SERVICE = ROOT / "service"
MODULES = sorted(SERVICE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found |= {f"{prefix}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if "web" not in p.relative_to(SERVICE).parts], ids=str)
def test_only_the_web_package_imports_flask(path):
    assert not any(name == "flask" or name.startswith(("flask.", "flask_")) for name in _imports(path))


def test_blueprints_never_import_each_other():
    web = SERVICE / "web"
    assert not any(name.startswith("service.web.api") for name in _imports(web / "pages.py"))
    assert not any(name.startswith("service.web.pages") for name in _imports(web / "api.py"))


@pytest.mark.parametrize("path", MODULES, ids=str)
def test_environment_is_read_only_in_config(path):
    if path.name == "settings.py" and path.parent == SERVICE:
        return
    source = path.read_text(encoding="utf-8")
    for needle in ("os.environ.get(", "os.getenv(", 'os.environ["', "environ.get("):
        assert needle not in source, f"{path.name} reads the environment; read it in service/settings.py"


@pytest.mark.parametrize("path", MODULES, ids=str)
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    # Tables of data (abbreviations in the segmenter) are allowed to be long.
    limit = 380 if path.name == "segment.py" else 350
    assert lines <= limit, f"{path.name} has {lines} lines: split it by idea"
