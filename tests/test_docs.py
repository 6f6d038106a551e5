"""The documentation site is built from the code, and the README stays a short front door to it.

- the site (``docs/mkdocs.yml``, pages in ``docs/site/``) builds with ``mkdocs build --strict``: no
  warning, no broken link or anchor, every page in the navigation;
- its generated pages (``docs/hooks.py``) show every setting, every command and every API path;
- the README is under 10 KB, keeps the two commands and a ``curl`` example, and its relative links work.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from service.cli import main
from service.settings import SETTINGS
from tests.support import ROOT, VENV_BIN, in_ci

DOCS = ROOT / "docs"
CONFIG = DOCS / "mkdocs.yml"
PAGES = DOCS / "site"
README = ROOT / "README.md"
OPENAPI = ROOT / "service" / "web" / "openapi.json"
README_LIMIT = 10 * 1024


def _mkdocs() -> list[str] | None:
    """The project's mkdocs (the hook imports the project, so it must run with the project's Python)."""
    if (VENV_BIN / "mkdocs").exists():
        return [str(VENV_BIN / "mkdocs")]
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "mkdocs"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site, built once for this module into a temporary folder (never inside the repository)."""
    command = _mkdocs()
    if command is None:
        if in_ci():
            pytest.fail("mkdocs is not installed (it is in the dev lock)")
        pytest.skip("mkdocs is not installed (scripts/setup --dev installs it)")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [*command, "build", "--strict", "-f", str(CONFIG), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    return out


def _text(site: Path, page: str) -> str:
    """A built page's HTML with entities decoded."""
    return html.unescape((site / page).read_text(encoding="utf-8"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def test_the_site_builds_in_strict_mode_and_loads_nothing_from_elsewhere(site):
    assert (site / "index.html").is_file()
    assert (site / "images" / "reader-page.png").is_file()
    assert not (ROOT / "site").exists() and not (DOCS / "site" / "index.html").exists()
    remote = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=[\"'](?:https?:)?//", re.IGNORECASE)
    for page in site.rglob("*.html"):
        assert not remote.search(page.read_text(encoding="utf-8")), f"{page.name} loads something from the network"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.variable)
def test_every_setting_is_on_the_settings_page(site, setting):
    page = _text(site, "configuration.html")
    assert f"<code>{setting.variable}</code>" in page, f"{setting.variable} is not in the settings table"


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_on_the_command_line_page_and_has_help(site, command):
    found = main
    for part in command.split():
        found = found.commands[part]
    assert found.help and found.help.strip(), f"'{command}' has no help text"
    page = _text(site, "cli.html")
    assert f'id="{_slug(command)}"' in page and f"<code>{command}</code>" in page, f"'{command}' is not on the page"
    for option in (p for p in found.params if isinstance(p, click.Option)):
        assert f"<code>{option.opts[0]}</code>" in page, f"'{command} {option.opts[0]}' is not on the page"


def _operations() -> list[tuple[str, str]]:
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return [(method, path) for path, item in spec["paths"].items() for method in item if method != "parameters"]


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_every_api_path_is_on_the_api_reference_page(site, method, path):
    page = _text(site, "api-reference.html")
    assert f"<code>{method.upper()} {path}</code>" in page, f"{method.upper()} {path} is not on the page"
    assert f'id="{_slug(f"{method} {path}")}"' in page


def _nav_pages(entries) -> list[str]:
    pages = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += _nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_page_in_the_navigation_exists_and_every_page_is_in_it():
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert (CONFIG.parent / config["docs_dir"]).resolve() == PAGES
    nav = _nav_pages(config["nav"])
    missing = [page for page in nav if not (PAGES / page).is_file()]
    assert missing == [], f"pages in the navigation but not in docs/site: {missing}"
    pages = sorted(str(p.relative_to(PAGES)) for p in PAGES.rglob("*.md"))
    assert sorted(nav) == pages, "every page of docs/site is in the navigation, once"


def test_the_site_is_never_built_inside_the_repository():
    yaml = pytest.importorskip("yaml")
    site_dir = Path(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["site_dir"])
    assert site_dir.is_absolute() and ROOT not in site_dir.resolve().parents


def test_readme_is_short_and_keeps_the_two_commands_and_a_curl_example():
    readme = README.read_text(encoding="utf-8")
    assert README.stat().st_size < README_LIMIT, f"README.md is {README.stat().st_size} bytes; the rest goes to docs/"
    assert "scripts/run" in readme and "scripts/test" in readme
    assert re.search(r"^curl .*?/api/v1/articles", readme, re.MULTILINE | re.DOTALL)


def test_every_relative_link_of_the_readme_points_to_a_file():
    readme = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    relative = [t.split("#")[0] for t in targets if not re.match(r"[a-z][a-z+.-]*:", t) and not t.startswith("#")]
    assert relative, "the README links to the docs pages"
    broken = [t for t in relative if not (ROOT / t).exists()]
    assert broken == [], f"README links to files that do not exist: {broken}"
