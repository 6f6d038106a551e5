"""The layering the project promises, checked on the source itself.

- the import contracts of ``pyproject.toml`` (layers from entry points down
  to storage and models, Flask only in ``web``, blueprints independent) hold;
- no module imports itself back through others (no import cycles);
- every environment variable is read in ``service/settings.py``;
- the top of the package stays a short list: ideas live in sub-packages.
"""

from __future__ import annotations

import subprocess
import sys

import grimp
import pytest

from tests.support import ROOT

SERVICE = ROOT / "service"
MODULES = sorted(SERVICE.rglob("*.py"))


def test_import_contracts_hold():
    lint = ROOT / ".venv" / "bin" / "lint-imports"
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycles():
    sys.path.insert(0, str(ROOT))
    assert _cycles(grimp.build_graph("service", cache_dir=None)) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SERVICE)))
def test_environment_is_read_only_in_settings(path):
    if path.name == "settings.py" and path.parent == SERVICE:
        return
    source = path.read_text(encoding="utf-8")
    for needle in ("os.environ.get(", "os.getenv(", 'os.environ["', "environ.get("):
        assert needle not in source, f"{path.name} reads the environment; read it in service/settings.py"


def test_the_top_of_the_package_is_short():
    top = [p.name for p in SERVICE.glob("*.py")]
    assert len(top) <= 12, sorted(top)
