"""Argos packages checked before they are installed, broken installed ones isolated, checksums verified.

Every case starts from a real package (tests/synthetic_argos.py) and corrupts one part of a copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from service.translation.argos_packages import PackageError, install_package, list_packages
from service.translation.engines.argos import ArgosEngine
from tests.support import FAST, follow_job, make_app
from tests.test_web import csrf_token

FR_EN = "translate-fr_en-1_0"


def _rewrite(archive: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """A copy of ``archive`` whose members (named inside the package folder) ``change`` has edited."""
    with zipfile.ZipFile(archive) as zf:
        top = zf.namelist()[0].split("/")[0]
        members = {n.split("/", 1)[1]: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    change(members)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(f"{top}/{name}", data)
    return out


def _metadata(**changes) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        metadata = json.loads(members["metadata.json"])
        metadata.update(changes)
        members["metadata.json"] = json.dumps(metadata).encode()

    return change


def _set(name: str, data: bytes | None) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        if data is None:
            del members[name]
        else:
            members[name] = data

    return change


def _truncate(name: str) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        members[name] = members[name][: len(members[name]) // 2]

    return change


BAD_ARCHIVES = [
    ("metadata-list", _set("metadata.json", b'["fr", "en"]'), "metadata.json holds list, not an object"),
    ("code-object", _metadata(from_code={"a": 1}), "from_code {'a': 1} is not an ISO 639 code"),
    ("code-path", _metadata(to_code="../../x"), "to_code '../../x' is not an ISO 639 code"),
    ("code-long", _metadata(from_code="f" * 5000), "is not an ISO 639 code"),
    ("code-unknown", _metadata(to_code="qq"), "to_code 'qq' is not an ISO 639 code"),
    ("code-three-letters", _metadata(from_code="fra"), "from_code 'fra' is not an ISO 639 code"),
    ("code-missing", _metadata(to_code=None), "metadata.json lacks to_code"),
    ("prefix-object", _metadata(target_prefix=["x"]), "target_prefix is ['x'], not text"),
    ("not-translate", _metadata(type="sbd"), "a 'sbd' package, not a translation package"),
    ("tokenizer-garbage", _set("sentencepiece.model", b"not a model" * 50), "the tokenizer does not load"),
    ("tokenizer-missing", _set("sentencepiece.model", None), "no tokenizer"),
    ("model-truncated", _truncate("model/model.bin"), "the CTranslate2 model does not load"),
    ("model-garbage", _set("model/model.bin", b"\0" * 4096), "the CTranslate2 model does not load"),
]


@pytest.mark.parametrize(("label", "change", "reason"), BAD_ARCHIVES, ids=[c[0] for c in BAD_ARCHIVES])
def test_a_bad_archive_is_refused_with_its_reason_and_nothing_is_installed(
    tmp_path, argos_archives, label, change, reason
):
    packages = tmp_path / "pk"
    install_package(argos_archives[("de", "en")], packages)
    bad = _rewrite(argos_archives[("fr", "en")], tmp_path / f"{label}.argosmodel", change)
    with pytest.raises(PackageError) as refused:
        install_package(bad, packages)
    assert reason in str(refused.value) and str(refused.value).startswith(f"{label}.argosmodel: ")
    assert len(str(refused.value)) < 400  # a 5,000-character code is not echoed whole
    assert sorted(p.name for p in packages.iterdir()) == ["translate-de_en-1_0"]  # no staging folder left


def test_the_installer_reports_each_bad_archive_and_installs_the_others(tmp_path, argos_archives):
    folder = tmp_path / "from-usb"
    folder.mkdir()
    for archive in argos_archives.values():
        shutil.copy(archive, folder)
    _rewrite(argos_archives[("fr", "en")], folder / "a-list.argosmodel", _set("metadata.json", b"[]"))
    _rewrite(argos_archives[("fr", "en")], folder / "b-code.argosmodel", _metadata(from_code={"a": 1}))
    _rewrite(argos_archives[("fr", "en")], folder / "c-model.argosmodel", _truncate("model/model.bin"))
    (folder / "d-folder.argosmodel").mkdir()  # a folder with a package's name
    packages = tmp_path / "pk"
    packages.mkdir()
    (packages / "translate-en_de-1_0").write_text("a stray file where the package goes")
    result = CliRunner().invoke(main, ["models", "install", str(folder)], env={"ARGOS_PACKAGES_DIR": str(packages)})
    assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None)))
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert [e.split(":")[1].strip() for e in errors] == [
        "a-list.argosmodel",
        "b-code.argosmodel",
        "c-model.argosmodel",
        "d-folder.argosmodel",
    ]
    assert "not an object" in errors[0] and "model does not load" in errors[2] and "a folder" in errors[3]
    assert sorted((p.source, p.target) for p in list_packages(packages)) == [("de", "en"), ("en", "de"), ("fr", "en")]


def _sums(*archives: Path, wrong: Path | None = None) -> str:
    lines = []
    for archive in archives:
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        lines.append(f"{'0' * 64 if archive == wrong else digest}  {archive.name}")
    return "\n".join(lines) + "\n"


def test_a_sha256sums_file_beside_the_archives_is_checked(tmp_path, argos_archives):
    folder = tmp_path / "from-usb"
    folder.mkdir()
    fr_en, en_de, _ = (shutil.copy(argos_archives[p], folder) for p in [("fr", "en"), ("en", "de"), ("de", "en")])
    # fr→en listed right, en→de listed with another digest, de→en not listed at all.
    (folder / "SHA256SUMS").write_text(_sums(Path(fr_en), Path(en_de), wrong=Path(en_de)))
    packages = tmp_path / "pk"
    result = CliRunner().invoke(main, ["models", "install", str(folder)], env={"ARGOS_PACKAGES_DIR": str(packages)})
    assert result.exit_code == 1
    assert "installed translate-fr_en-1_0" in result.output
    assert "translate-en_de-1_0.argosmodel: SHA-256 mismatch" in result.output
    assert "translate-de_en-1_0.argosmodel: not listed in" in result.output
    assert [(p.source, p.target) for p in list_packages(packages)] == [("fr", "en")]


def test_the_sha256_option_checks_files_given_one_by_one(tmp_path, argos_archives):
    fr_en, en_de = argos_archives[("fr", "en")], argos_archives[("en", "de")]
    sums = tmp_path / "sums.txt"
    sums.write_text(_sums(fr_en, en_de, wrong=en_de).replace(f"  {fr_en.name}", f" *{fr_en.name}"))
    packages = tmp_path / "pk"
    env = {"ARGOS_PACKAGES_DIR": str(packages)}
    result = CliRunner().invoke(main, ["models", "install", "--sha256", str(sums), str(fr_en), str(en_de)], env=env)
    assert result.exit_code == 1 and "installed translate-fr_en-1_0" in result.output
    assert "SHA-256 mismatch" in result.output and "download it again" in result.output
    assert [(p.source, p.target) for p in list_packages(packages)] == [("fr", "en")]
    sums.write_text("not a checksum line\n")
    garbled = CliRunner().invoke(main, ["models", "install", "--sha256", str(sums), str(fr_en)], env=env)
    assert garbled.exit_code == 1 and "not a sha256sum line" in garbled.output and "Traceback" not in garbled.output


def _break_installed(folder: Path, how: str) -> None:
    package = folder / FR_EN
    if how == "model-truncated":
        model = package / "model" / "model.bin"
        model.write_bytes(model.read_bytes()[:1000])
    elif how == "tokenizer-missing":
        (package / "sentencepiece.model").unlink()
    elif how == "tokenizer-garbage":
        (package / "sentencepiece.model").write_bytes(b"garbage")
    elif how == "model-missing":
        (package / "model" / "model.bin").unlink()


@pytest.mark.parametrize("how", ["model-truncated", "model-missing", "tokenizer-missing", "tokenizer-garbage"])
def test_a_broken_installed_package_answers_503_and_the_other_pairs_serve(tmp_path, fresh_argos_dir, how):
    _break_installed(fresh_argos_dir, how)
    client = make_app(tmp_path / "instance", fresh_argos_dir).test_client()
    broken = client.post("/api/v1/translate", json={"text": "Bonjour le monde.", "source": "fr", "targets": ["en"]})
    assert broken.status_code == 503, broken.get_data(as_text=True)
    message = broken.get_json()["error"]["message"]
    assert "Argos package for fr→en is broken" in message and FR_EN in message and "models install" in message
    other = client.post("/api/v1/translate", json={"text": "Hallo Welt.", "source": "de", "targets": ["en"]})
    assert other.status_code == 200 and other.get_json()["targets"]["en"]["engines"] == ["argos"]
    assert (
        client.post(
            "/api/v1/translate", json={"text": "Bonjour le monde.", "source": "fr", "targets": ["es"]}
        ).status_code
        == 200
    )  # Apertium's fr→es
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.get_json()["status"] == "degraded"
    argos = next(e for e in health.get_json()["engines"] if e["name"] == "argos")
    assert any(p.startswith(f"{FR_EN}: ") for p in argos["problems"]), argos
    assert ["fr", "en"] not in argos["pairs"] and ["de", "en"] in argos["pairs"]
    assert client.get("/api/v1/languages").status_code == 200


@pytest.mark.parametrize(
    "metadata", [["fr", "en"], {"from_code": {"a": 1}, "to_code": "en"}, {"from_code": "../../x", "to_code": "en"}]
)
def test_installed_metadata_of_the_wrong_shape_is_a_problem_not_a_500(tmp_path, fresh_argos_dir, metadata):
    (fresh_argos_dir / FR_EN / "metadata.json").write_text(json.dumps(metadata))
    client = make_app(tmp_path / "instance", fresh_argos_dir).test_client()
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.get_json()["status"] == "degraded"
    argos = next(e for e in health.get_json()["engines"] if e["name"] == "argos")
    assert any(p.startswith(f"{FR_EN}: metadata.json") for p in argos["problems"]), argos
    assert client.get("/api/v1/languages").status_code == 200
    other = client.post("/api/v1/translate", json={"text": "Hallo Welt.", "source": "de", "targets": ["en"]})
    assert other.status_code == 200
    listed = CliRunner().invoke(main, ["models", "list"], env={"ARGOS_PACKAGES_DIR": str(fresh_argos_dir)})
    assert listed.exit_code == 0, listed.output


def test_warm_up_finds_a_truncated_model_and_health_lists_it_before_any_request(fresh_argos_dir):
    _break_installed(fresh_argos_dir, "model-truncated")
    engine = ArgosEngine([fresh_argos_dir], FAST)
    assert engine.status().problems == []  # found only when the model loads
    engine.warm()
    assert [p.split(":")[0] for p in engine.status().problems] == [FR_EN]
    assert ("fr", "en") in engine.pairs() and ("fr", "en") not in engine.status().pairs
    assert engine.translate(["Hallo Welt."], "de", "en")[0].text


def test_the_page_telling_an_offline_user_argos_is_missing_links_to_the_air_gapped_procedure(tmp_path):
    empty = tmp_path / "no-packages"
    empty.mkdir()
    client = make_app(tmp_path / "instance", empty).test_client()
    token = csrf_token(client)
    response = client.post(
        "/articles", data={"csrf_token": token, "text": "Le chat dort. Il pleut.", "targets": ["es"], "length": "1"}
    )
    page = follow_job(client, response).get_data(as_text=True)
    assert "Argos Translate packages (neural) are not installed" in page
    assert 'href="/help/models"' in page
    help_page = client.get("/help/models").get_data(as_text=True)
    assert "<code>http://127.0.0.1:9/index.json</code>" in help_page  # the ARGOS_INDEX_URL setting (the tests: offline)
    assert "sha256sum *.argosmodel &gt; SHA256SUMS" in help_page
    assert "python -m service models install" in help_page and "No Argos package is installed." in help_page
    assert "offline-models.md" in help_page
    french = client.get("/help/models?lang=fr").get_data(as_text=True)
    assert "Paquets Argos sur une machine sans réseau" in french


def test_the_help_page_lists_installed_pairs_and_broken_packages(tmp_path, fresh_argos_dir):
    _break_installed(fresh_argos_dir, "tokenizer-missing")
    page = make_app(tmp_path / "instance", fresh_argos_dir).test_client().get("/help/models").get_data(as_text=True)
    assert "de→en" in page and "fr→en" not in page.split("Broken packages")[0]
    assert f"{FR_EN}: no tokenizer" in page
