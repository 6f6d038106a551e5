"""The command line through CliRunner, with real engines and packages."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.synthetic_argos import corrupt_package


@pytest.fixture
def env(tmp_path, argos_dir):
    return {"SERVICE_INSTANCE_PATH": str(tmp_path / "instance"), "ARGOS_PACKAGES_DIR": str(argos_dir)}


def test_languages_prints_routes(env):
    result = CliRunner().invoke(main, ["languages"], env=env)
    assert result.exit_code == 0
    assert "fr→es  Spanish      fr→es (apertium)" in result.output
    assert "fr→de  German       fr→en (argos) → de (argos)" in result.output


def test_translate_from_stdin(env):
    result = CliRunner().invoke(main, ["translate", "--to", "es"], input="Le chat dort. Il pleut.", env=env)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "[fr] Le chat dort." and lines[1].startswith("[es]") and "gato" in lines[1]


def test_translate_unknown_target_is_a_usage_error(env):
    result = CliRunner().invoke(main, ["translate", "--to", "zz"], input="Bonjour.", env=env)
    assert result.exit_code == 2 and "unknown target language" in result.output


def test_models_install_good_and_corrupt(tmp_path, argos_archives):
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "pk"), "SERVICE_INSTANCE_PATH": str(tmp_path / "i")}
    runner = CliRunner()
    ok = runner.invoke(main, ["models", "install", str(argos_archives[("fr", "en")])], env=env)
    assert ok.exit_code == 0 and "installed translate-fr_en-1_0" in ok.output
    bad = runner.invoke(main, ["models", "install", str(corrupt_package(tmp_path))], env=env)
    assert bad.exit_code == 1 and "not a zip archive" in bad.output
    listed = runner.invoke(main, ["models", "list"], env=env)
    assert "fr→en  v1.0" in listed.output and "xx" not in listed.output
    assert re.search(r"fr→es  v[0-9][^ ]*  [0-9.]+ MB  apertium-fr-es \(fr-es\)", listed.output)
    removed = runner.invoke(main, ["models", "remove", "fr-en"], env=env)
    assert removed.exit_code == 0 and not (tmp_path / "pk" / "translate-fr_en-1_0").exists()


def test_index_install_offline_answers_cleanly(tmp_path):
    # A closed local port stands for "no network" on any machine.
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "pk"), "SERVICE_ARGOS_INDEX_URL": "http://127.0.0.1:9/index.json"}
    result = CliRunner().invoke(main, ["models", "install", "--from-index", "fr", "en", "--timeout", "2"], env=env)
    assert result.exit_code == 1 and "offline" in result.output and "Traceback" not in result.output


def test_summarize_and_evaluate(tmp_path, sample_text):
    article = tmp_path / "article.txt"
    article.write_text(sample_text, encoding="utf-8")
    runner = CliRunner()
    lead = runner.invoke(main, ["summarize", str(article), "-a", "lead", "-n", "2"])
    assert lead.exit_code == 0
    assert lead.output.splitlines()[0].startswith("La ligne E du tramway de Grenoble a enfin été inaugurée")
    assert len(lead.output.splitlines()) == 2
    reference = tmp_path / "ref.txt"
    reference.write_text(lead.output, encoding="utf-8")
    scores = runner.invoke(main, ["evaluate", str(article), "-r", str(reference), "-n", "2", "-a", "lead", "-a", "kl"])
    assert scores.exit_code == 0
    rows = {line.split()[0]: line.split()[1:] for line in scores.output.splitlines()[1:]}
    assert rows["lead"] == ["1.000", "1.000", "1.000"]
    assert float(rows["kl"][0]) < 1.0
    bad = runner.invoke(main, ["summarize", str(article), "-a", "magic"])
    assert bad.exit_code == 2 and "unknown algorithm" in bad.output


def _archive(path, top: str, files: dict[str, bytes], level: int = 6):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in files.items():
            zf.writestr(f"{top}/{name}" if top else name, data)
    return path


PACKAGE_FILES = {
    "metadata.json": b'{"from_code": "fr", "to_code": "en", "package_version": "1.0", "type": "translate"}',
    "model/model.bin": b"x" * 1000,
    "sentencepiece.model": b"y" * 1000,
}


@pytest.mark.parametrize(
    ("top", "message"),
    [(".", "not a plain visible name"), (".hidden", "not a plain visible name"), ("a b/c", "not a plain visible name")],
)
def test_models_install_refuses_odd_top_folders(tmp_path, top, message):
    archive = _archive(tmp_path / "odd.argosmodel", top, PACKAGE_FILES)
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "pk")}
    result = CliRunner().invoke(main, ["models", "install", str(archive)], env=env)
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "pk").exists() or not any((tmp_path / "pk").iterdir())
    listed = CliRunner().invoke(main, ["models", "list"], env=env)
    assert "(none)" in listed.output


def test_models_install_refuses_an_archive_that_expands_too_much(tmp_path):
    bomb = {**PACKAGE_FILES, "model/model.bin": b"\0" * (300 * 1024 * 1024)}
    archive = _archive(tmp_path / "bomb.argosmodel", "translate-fr_en-1_0", bomb, level=9)
    assert archive.stat().st_size < 2 * 1024 * 1024
    result = CliRunner().invoke(
        main, ["models", "install", str(archive)], env={"ARGOS_PACKAGES_DIR": str(tmp_path / "pk")}
    )
    assert result.exit_code == 1 and "would expand to 315 MB" in result.output
    unpacked = [p for p in (tmp_path / "pk").rglob("*") if p.is_file()] if (tmp_path / "pk").exists() else []
    assert unpacked == []  # refused from the sizes: nothing was unpacked


def test_models_install_folder_without_packages_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(
        main, ["models", "install", str(empty)], env={"ARGOS_PACKAGES_DIR": str(tmp_path / "pk")}
    )
    assert result.exit_code == 1 and "no .argosmodel file" in result.output
