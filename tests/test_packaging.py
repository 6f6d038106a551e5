"""A non-editable install works: the wheel carries its code, templates, static files and translations.

The wheel is built from a copy of the tracked files (nothing is written in
the repository) and installed into a fresh virtual environment that sees the
project's already-installed dependencies. It is installed with ``--no-deps``,
as ``scripts/setup`` installs the project and its locks (pip's resolver would
otherwise ask for argostranslate's own NLP stack, which is deliberately left
out), and the wheel's declared runtime dependencies are then checked against
what that environment sees: every one present at a version the range accepts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the files git tracks."""
    source = tmp_path_factory.mktemp("source")
    tracked = _run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)])
    return next(out.glob("offline_news_translate-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; the project's dependencies visible through a .pth line."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    site = Path(
        _run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    # A plain path line: the directory is appended to sys.path, its own .pth files (our editable install) are not run.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    _run([*pip, "install", "--no-index", "--no-deps", "-q", str(wheel)])
    return venv


def test_installed_copy_sees_every_declared_dependency(installed):
    probe = """
import importlib.metadata as md, json
from packaging.requirements import Requirement
problems, runtime = [], 0
for line in md.requires("offline-news-translate"):
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue  # an extra's requirement
    runtime += 1
    try:
        version = md.version(req.name)
    except md.PackageNotFoundError:
        problems.append(f"{req.name} missing")
        continue
    if not req.specifier.contains(version, prereleases=True):
        problems.append(f"{req.name} {version} outside {req.specifier}")
print(json.dumps({"runtime": runtime, "problems": problems}))
"""
    env = {**os.environ, "PYTHONPATH": ""}
    report = json.loads(_run([str(installed / "bin" / "python"), "-c", probe], env=env, cwd=installed).stdout)
    assert report["runtime"] > 20 and report["problems"] == []


def test_wheel_contains_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "service/cli/__init__.py",
        "service/web/openapi.json",
        "service/templates/index.html",
        "service/static/style.css",
        "service/translations/fr/LC_MESSAGES/messages.mo",
    ):
        assert required in names, f"{required} missing from the wheel"


def test_installed_copy_runs_outside_the_source_tree(installed, tmp_path, argos_dir):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SERVICE_INSTANCE_PATH"}
    env.update({"XDG_DATA_HOME": str(tmp_path / "data"), "ARGOS_PACKAGES_DIR": str(argos_dir), "PYTHONPATH": ""})
    script = installed / "bin" / "news-translate"
    assert "Offline translation" in _run([str(script), "--help"], cwd=workdir, env=env).stdout
    languages = _run([str(script), "languages"], cwd=workdir, env=env).stdout
    assert "fr→es  Spanish" in languages and "fr→de  German       fr→en (argos) → de (argos)" in languages
    probe = """
import json, service
from service.web import create_app
app = create_app({"SECRET_KEY": "x", "TESTING": True})
client = app.test_client()
page = client.get("/", headers={"Accept-Language": "fr"})
spec = client.get("/api/v1/openapi.json")
print(json.dumps({"package": service.__file__, "templates": app.template_folder, "instance": app.instance_path,
                  "page": page.status_code, "french": "Traduire et résumer un article" in page.get_data(as_text=True),
                  "css": client.get("/static/style.css").status_code, "spec": spec.get_json()["openapi"]}))
"""
    report = json.loads(_run([str(installed / "bin" / "python"), "-c", probe], cwd=workdir, env=env).stdout)
    assert report["package"].startswith(str(installed)) and report["templates"].startswith(str(installed))
    assert report["page"] == 200 and report["french"] and report["css"] == 200
    assert report["spec"].startswith("3.")
    # No instance folder inside site-packages: the per-user data folder instead.
    assert report["instance"] == str(tmp_path / "data" / "offline-news-translate")
    assert not list(installed.rglob("instance"))
