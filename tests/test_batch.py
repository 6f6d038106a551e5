"""The batch command on real files in a temporary tree, with the real engines."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.support import ROOT
from tests.support.corpus import write_variants

HTML_PAGE = """<!doctype html><html><head><title>Le marché de Noël ouvre</title></head><body>
<nav>Accueil | Sports | Météo</nav><article><h1>Le marché de Noël ouvre</h1>
<p>Le marché de Noël de Strasbourg a ouvert ses portes vendredi soir devant une foule nombreuse.</p>
<p>Les organisateurs attendent deux millions de visiteurs pendant les cinq semaines de la manifestation.</p>
</article><footer>Mentions légales</footer></body></html>"""


@pytest.fixture
def tree(tmp_path, sample_text) -> Path:
    """Nested folders with clashing names and every kind of bad file."""
    root = tmp_path / "in"
    (root / "lyon").mkdir(parents=True)
    (root / "grenoble" / "sud").mkdir(parents=True)
    (root / "grenoble" / "article.txt").write_text(sample_text, encoding="utf-8")
    (root / "lyon" / "article.txt").write_text(sample_text.replace("Grenoble", "Lyon"), encoding="utf-8")
    (root / "grenoble" / "sud" / "article.md").write_text(
        "# Brève\n\nLe conseil a voté le budget. Il pleut.\n", encoding="utf-8"
    )
    (root / "lyon" / "ancien.txt").write_bytes(
        "Le café de la rue à côté a fermé. Les habitants regrettent ce lieu très apprécié.".encode("cp1252")
    )
    (root / "lyon" / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "vide.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 4)
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a supported suffix: not collected from folders
    return root


def run(args, **kwargs):
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False, **kwargs)


def outputs(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_batch_outputs_manifest_and_failures(tree, tmp_path):
    before = digest(tree)
    out = tmp_path / "out"
    result = run([str(tree), "--to", "es", "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "vide.txt: the file is empty" in result.output and "image.txt: binary file" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["rel"]: e for e in manifest["inputs"]}
    assert set(entries) == {
        "grenoble/article",
        "lyon/article",
        "grenoble/sud/article",
        "lyon/ancien",
        "lyon/page",
        "vide",
        "image",
    }
    assert manifest["counts"] == {"done": 5, "partial": 0, "failed": 2}
    for rel in ("grenoble/article", "lyon/article"):  # same file name, different folders: no collision
        assert entries[rel]["status"] == "done"
        assert entries[rel]["outputs"] == {fmt: f"{rel}.{fmt}" for fmt in ("json", "md", "html")}
        assert entries[rel]["languages"]["es"]["route"] == "fr→es (apertium)"
    assert "Lyon" in json.loads((out / "lyon/article.json").read_text())["article"]["title"]
    old = entries["lyon/ancien"]
    assert old["encoding"] == "cp1252"
    assert "Le café de la rue à côté a fermé." in (out / "lyon/ancien.json").read_text(encoding="utf-8")
    assert entries["lyon/page"]["html_extracted"] and "Mentions légales" not in (out / "lyon/page.md").read_text()
    document = json.loads((out / "grenoble/article.json").read_text())
    assert len(document["targets"]["es"]["sentences"]) == len(document["sentences"])
    index = (out / "index.html").read_text()
    assert 'href="grenoble/article.html"' in index and "failed" in index
    assert digest(tree) == before  # inputs are never modified
    assert not list(out.rglob("*.part"))


def test_resume_skips_unchanged_and_redoes_changed(tree, tmp_path):
    out = tmp_path / "out"
    run([str(tree), "--to", "es", "--out", str(out), "-q"])
    first = outputs(out)
    again = run([str(tree), "--to", "es", "--out", str(out), "-q"])
    assert "0 done, 5 unchanged, 2 failed" in again.output
    assert outputs(out) == first
    (tree / "lyon" / "article.txt").write_text("Titre\n\nUn autre texte. Il neige à Lyon.", encoding="utf-8")
    changed = run([str(tree), "--to", "es", "--out", str(out), "-q"])
    assert "1 done, 4 unchanged, 2 failed" in changed.output
    assert "neige" in (out / "lyon/article.md").read_text()
    other_options = run([str(tree), "--to", "es", "--out", str(out), "-q", "-a", "lead"])
    assert "5 done, 0 unchanged" in other_options.output


@pytest.mark.slow
def test_two_workers_equal_one(tree, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run([str(tree), "--to", "es,en", "--out", str(one), "-q", "--workers", "1"])
    run([str(tree), "--to", "es,en", "--out", str(two), "-q", "--workers", "2"])
    assert outputs(one) == outputs(two)


def test_output_inside_input_tree_is_not_read_back(tree):
    out = tree / "resultats"
    run([str(tree), "--to", "es", "--out", str(out), "-q"])
    second = run([str(tree), "--to", "es", "--out", str(out), "-q"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert not any(e["rel"].startswith("resultats") for e in manifest["inputs"])
    assert "0 done, 5 unchanged" in second.output


def test_globs_stdin_and_exit_codes(tree, tmp_path, sample_text):
    out = tmp_path / "out"
    ok = run([str(tree / "grenoble" / "*.txt"), "--to", "es", "--out", str(out), "-q"])
    assert ok.exit_code == 0 and "1 done" in ok.output
    piped = run(["-", "--to", "es", "--out", str(tmp_path / "stdin"), "-q"], input=sample_text)
    assert piped.exit_code == 0 and (tmp_path / "stdin" / "stdin.json").is_file()
    assert run([str(tree), "--to", "zz", "--out", str(out)]).exit_code == 2
    assert run([str(tree), "--to", "es", "--out", str(out), "-n", "zero"]).exit_code == 2
    assert run([str(tree), "--to", "es", "--out", str(out), "-a", "magic"]).exit_code == 2
    assert run([str(tmp_path / "nothing-here"), "--to", "es", "--out", str(out)]).exit_code == 1
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert run([str(empty_dir), "--to", "es", "--out", str(out)]).exit_code == 2


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_result(tmp_path, sample_text):
    inputs = tmp_path / "in"
    write_variants(inputs, [sample_text], 12)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    command = [str(ROOT / "scripts" / "batch"), str(inputs), "--to", "es,ca,en", "--quiet"]
    env = {**os.environ, "SERVICE_INSTANCE_PATH": str(tmp_path / "instance-kill")}
    proc = subprocess.Popen(
        [*command, "--out", str(killed)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        manifest = killed / "manifest.json"
        if manifest.exists() and json.loads(manifest.read_text())["counts"]["done"] >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = json.loads((killed / "manifest.json").read_text())["counts"]["done"]
    assert 2 <= partial < 12
    resumed = subprocess.run([*command, "--out", str(killed)], env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{12 - partial} done, {partial} unchanged" in resumed.stderr + resumed.stdout
    env_clean = {**os.environ, "SERVICE_INSTANCE_PATH": str(tmp_path / "instance-clean")}
    done = subprocess.run([*command, "--out", str(clean)], env=env_clean, capture_output=True, text=True)
    assert done.returncode == 0
    assert outputs(killed) == outputs(clean)
    assert not list(killed.rglob("*.part"))


def test_article_time_limit_fails_the_article_not_the_run(tree, tmp_path):
    out = tmp_path / "out"
    result = run([str(tree / "grenoble"), "--to", "es", "--out", str(out), "-q", "--time-limit", "0.000001"])
    assert result.exit_code == 1
    manifest = json.loads((out / "manifest.json").read_text())
    failed = [e for e in manifest["inputs"] if e["status"] == "failed"]
    assert failed and all("limit" in e["error"] for e in failed)
    again = run([str(tree / "grenoble"), "--to", "es", "--out", str(out), "-q"])
    assert again.exit_code == 0  # the failed articles are redone without the limit


def test_formats_for_cat_tools_and_translated_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "marche.txt").write_text(
        "Le marché rouvre\n\nLe marché couvert rouvre samedi. Les commerçants sont ravis.\n\nPartager\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run([str(folder), "--to", "es,ca", "--out", str(out), "-q", "--formats", "json,xliff,txt"])
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "manifest.json").read_text())["inputs"][0]
    assert set(entry["outputs"]) == {"json", "xliff", "txt:es", "txt:ca"}
    spanish = (out / "marche.es.txt").read_text(encoding="utf-8")
    assert "El mercado" in spanish and "comerciantes" in spanish and spanish.rstrip().endswith("Partager")
    # "rouvre" read as the noun (an oak: "roble"): the sentence carries the doubt marker into the text file,
    # and the manifest counts it.
    assert spanish.startswith("⚠ El mercado roble")
    assert entry["languages"]["es"]["doubtful"] >= 1
    assert "<xliff" in (out / "marche.xliff").read_text(encoding="utf-8") and not (out / "marche.md").exists()
    again = run([str(folder), "--to", "es,ca", "--out", str(out), "-q", "--formats", "json,xliff,txt"])
    assert "1 unchanged" in again.output
    more = run([str(folder), "--to", "es,ca", "--out", str(out), "-q", "--formats", "json,xliff,txt,tmx"])
    assert "1 done" in more.output  # other formats: the article is written again
    assert run([str(folder), "--to", "es", "--out", str(out), "--formats", "pdf"]).exit_code == 2


def test_documents_come_back_in_their_own_format(tmp_path):
    from docx import Document

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "note.md").write_text("# Le marché rouvre\n\n- Le marché couvert rouvre samedi.\n", encoding="utf-8")
    word = Document()
    word.add_paragraph("Le marché rouvre")
    para = word.add_paragraph("Le marché couvert rouvre ")
    para.add_run("samedi").bold = True
    para.add_run(". Les commerçants sont ravis.")
    word.save(folder / "lettre.docx")
    out = tmp_path / "out"
    result = run([str(folder), "--to", "es,ca", "--out", str(out), "-q", "--formats", "json,doc"])
    assert result.exit_code == 0, result.output
    entries = {e["rel"]: e for e in json.loads((out / "manifest.json").read_text())["inputs"]}
    assert set(entries["lettre"]["outputs"]) == {"json", "doc:es", "doc:ca"}
    page = (out / "page.es.html").read_text(encoding="utf-8")
    assert "<nav>" in page and "<article><h1>" in page and "mercado" in page  # the markup is the input's
    assert (out / "note.ca.md").read_text(encoding="utf-8").startswith("# ")
    letter = Document(out / "lettre.es.docx")
    assert len(letter.paragraphs) == 2 and "comerciantes" in letter.paragraphs[1].text
    assert any(run.bold and run.text.strip() for run in letter.paragraphs[1].runs)
    article = json.loads((out / "lettre.json").read_text())
    assert article["article"]["title"] == "Le marché rouvre"  # a .docx is also read as an article
    again = run([str(folder), "--to", "es,ca", "--out", str(out), "-q", "--formats", "json,doc"])
    assert "3 unchanged" in again.output
