"""The batch tells the truth under faults: failed engines, unwritable outputs, odd files, a killed parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.support import ROOT
from tests.support.corpus import write_variants
from tests.support.services import fill, remount_read_only, small_filesystem, worker_pids

ARTICLE = "Le marché rouvre\n\nLe marché couvert rouvre samedi après un an de travaux. Les commerçants sont ravis.\n"


def run(args, env=None):
    return CliRunner().invoke(main, ["batch", *args], env=env, catch_exceptions=False)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def one(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "marche.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture
def broken_apertium(tmp_path) -> str:
    """An Apertium data folder whose fr→es mode crashes, as a broken installation does."""
    modes = tmp_path / "broken-apertium" / "modes"
    modes.mkdir(parents=True)
    (modes / "fr-es.mode").write_text("false\n")
    return str(modes.parent)


def test_engine_failure_is_a_failure_and_a_rerun_retries(one, tmp_path, broken_apertium):
    out = tmp_path / "out"
    crashed = run([str(one), "--to", "es", "--out", str(out), "-q"], env={"APERTIUM_DATA_DIRS": broken_apertium})
    assert crashed.exit_code == 1 and "0 done" in crashed.output and "1 failed" in crashed.output
    [entry] = manifest(out)["inputs"]
    assert entry["status"] == "failed" and entry["languages"]["es"]["status"] == "failed"
    assert "Apertium fr-es failed" in entry["error"] and not (out / "marche.json").exists()
    fixed = run([str(one), "--to", "es", "--out", str(out), "-q"])
    assert fixed.exit_code == 0 and "1 done, 0 unchanged" in fixed.output
    assert manifest(out)["inputs"][0]["languages"]["es"] == {
        "route": "fr→es (apertium)",
        "status": "done",
        "error": None,
        # "Le marché rouvre": the oak ("roble") read for the verb; "están" / "son encantados": the two routes
        # disagree (chrF under Spanish's 85). Doubts the manifest counts.
        "doubtful": 2,
    }


def test_unreachable_target_fails_and_partial_targets_are_recorded(one, tmp_path):
    unreachable = run([str(one), "--to", "de", "--out", str(tmp_path / "a"), "-q"])
    assert unreachable.exit_code == 1 and "no engine can translate fr→de" in unreachable.output
    partial = run([str(one), "--to", "es,de", "--out", str(tmp_path / "b"), "-q"])
    assert partial.exit_code == 1 and "with some languages done" in partial.output
    [entry] = manifest(tmp_path / "b")["inputs"]
    assert entry["status"] == "partial"
    assert entry["languages"]["es"]["status"] == "done" and entry["languages"]["de"]["status"] == "failed"
    assert (tmp_path / "b" / "marche.html").is_file()  # what succeeded is delivered
    assert manifest(tmp_path / "b")["counts"] == {"done": 0, "partial": 1, "failed": 0}
    again = run([str(one), "--to", "es,de", "--out", str(tmp_path / "b"), "-q"])
    assert "0 unchanged" in again.output  # a partial article is retried, not skipped


def test_read_only_output_folder_is_exit_3(one, tmp_path):
    with small_filesystem(tmp_path / "ro") as folder:
        remount_read_only(folder)
        result = run([str(one), "--to", "es", "--out", str(folder / "out"), "-q"])
        assert result.exit_code == 3 and "cannot go on" in result.output and "Read-only" in result.output


def test_full_output_disk_is_exit_3_and_keeps_finished_articles(tmp_path, sample_text):
    inputs = tmp_path / "in"
    write_variants(inputs, [sample_text], 3)
    with small_filesystem(tmp_path / "full", "4m") as folder:
        out = folder / "out"
        first = run([str(inputs / "article-00.txt"), "--to", "es", "--out", str(out), "-q"])
        assert first.exit_code == 0
        fill(folder)
        result = run([str(inputs), "--to", "es", "--out", str(out), "-q"])
        assert result.exit_code == 3 and "No space left" in result.output
        assert manifest(out)["inputs"][0]["status"] == "done"  # the finished article is still recorded
        assert not list(out.rglob("*.part"))


def test_odd_files_names_modes_and_encodings(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a#b?c%d.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "utf16.txt").write_bytes(ARTICLE.encode("utf-16-le"))  # no byte-order mark
    (folder / "sub" / "loop").symlink_to("..")  # a link back up: a loop
    out = tmp_path / "out"
    result = run([str(folder), "--to", "es", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    entries = {e["rel"]: e for e in manifest(out)["inputs"]}
    assert set(entries) == {"a#b?c%d", "sub/utf16"}  # each file once, nothing lost in the loop
    assert entries["sub/utf16"]["encoding"] == "utf-16-le"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a%23b%3Fc%25d.html"' in index
    mode = (out / "a#b?c%d.html").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask() and mode & 0o044  # readable by colleagues, as any file would be
    same = run([str(folder), "--to", "es", "--out", str(folder), "-q"])
    assert same.exit_code == 2 and "output folder is the input folder" in same.output


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_huge_file_is_refused_without_reading_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB, sparse: costs no disk
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    # A fresh parent measures the batch alone (this process's children include earlier tests' servers).
    measure = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
    )
    batch = [str(ROOT / "scripts" / "batch"), str(folder), "--to", "es", "--out", str(tmp_path / "out"), "-q"]
    done = subprocess.run([sys.executable, "-c", measure, *batch], capture_output=True, text=True, timeout=120)
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 1 and "huge.txt: file too large (1073741824 bytes" in done.stderr
    assert peak_kib < 700 * 1024, f"the batch used {peak_kib // 1024} MiB"


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path, sample_text):
    inputs = tmp_path / "in"
    write_variants(inputs, [sample_text], 48)  # six chunks: the run lasts well past the kill
    python = ROOT / ".venv" / "bin" / "python"
    parent = subprocess.Popen(
        [str(python), "-m", "service", "batch", str(inputs), "--to", "es,en,ca", "--out", str(tmp_path / "out"),
         "-q", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in worker_pids(parent.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()]
        time.sleep(0.1)
    assert len(workers) >= 2, "the worker processes did not start"
    time.sleep(2)  # the workers are now in the middle of a chunk of eight articles
    out = tmp_path / "out"
    written = sorted(out.rglob("*")) if out.exists() else []
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(p) for p in workers):
        time.sleep(0.1)
    assert [p for p in workers if _running(p)] == [], "workers still running after the parent was killed"
    time.sleep(3)
    assert (sorted(out.rglob("*")) if out.exists() else []) == written  # and nothing written after the kill


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
