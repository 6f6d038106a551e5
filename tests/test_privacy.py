"""Privacy and retention: "do not keep", deletion of what an article left behind, purges, silent logs."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time

from click.testing import CliRunner

from service.cli import main
from service.storage.translation_cache import TranslationCache
from tests.support import make_app
from tests.support.openapi import conforms

SECRET = "Le témoin Zébulon Quatremare a remis le dossier confidentiel au juge."
OTHER = "Le conseil municipal a voté le budget de la piscine."


def _app(tmp_path, argos_dir, **config):
    return make_app(tmp_path / "instance", argos_dir, **config)


def _cache(tmp_path) -> TranslationCache:
    return TranslationCache(tmp_path / "instance" / "cache.sqlite3")


def _cached_sentences(tmp_path) -> set[str]:
    path = tmp_path / "instance" / "cache.sqlite3"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT sentence FROM translation_cache")}


def test_do_not_keep_stores_nothing(tmp_path, argos_dir):
    client = _app(tmp_path, argos_dir).test_client()
    response = client.post("/api/v1/articles", json={"text": SECRET, "targets": ["es"], "keep": False})
    conforms(response, "/articles", "post")
    assert response.status_code == 200 and "id" not in response.get_json() and "Location" not in response.headers
    assert "testigo" in response.get_json()["targets"]["es"]["sentences"][0]["text"]
    assert client.get("/api/v1/articles").get_json()["articles"] == []
    assert not any("Quatremare" in s for s in _cached_sentences(tmp_path))
    translated = client.post("/api/v1/translate", json={"text": SECRET, "targets": ["es"], "keep": "false"})
    assert translated.status_code == 200 and not any("Quatremare" in s for s in _cached_sentences(tmp_path))
    kept = client.post("/api/v1/translate", json={"text": SECRET, "targets": ["es"]})
    assert kept.status_code == 200 and any("Quatremare" in s for s in _cached_sentences(tmp_path))


def test_do_not_keep_from_the_form(tmp_path, argos_dir):
    client = _app(tmp_path, argos_dir).test_client()
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/articles", data={"csrf_token": token, "text": SECRET, "targets": ["es"], "forget": "1"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not kept" in body and "testigo" in body
    assert client.get("/api/v1/articles").get_json()["articles"] == []
    assert not any("Quatremare" in s for s in _cached_sentences(tmp_path))


def test_batch_no_keep(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICE_INSTANCE_PATH", str(tmp_path / "instance"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"Titre\n\n{SECRET}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["batch", str(tmp_path / "in"), "--to", "es", "--out", str(tmp_path / "out"), "-q", "--no-keep"]
    )
    assert result.exit_code == 0 and (tmp_path / "out" / "a.json").is_file()
    assert not any("Quatremare" in s for s in _cached_sentences(tmp_path))


def test_deleting_an_article_deletes_its_unshared_cached_sentences(tmp_path, argos_dir):
    client = _app(tmp_path, argos_dir).test_client()
    first = client.post("/api/v1/articles", json={"text": SECRET, "targets": ["es"]}).get_json()["id"]
    second = client.post("/api/v1/articles", json={"text": f"{SECRET} {OTHER}", "targets": ["es"]}).get_json()["id"]
    assert {SECRET, OTHER} <= _cached_sentences(tmp_path)
    assert client.delete(f"/api/v1/articles/{second}").status_code == 204
    assert OTHER not in _cached_sentences(tmp_path)  # only the deleted article used it
    assert SECRET in _cached_sentences(tmp_path)  # still used by the first article
    assert client.delete(f"/api/v1/articles/{first}").status_code == 204
    assert SECRET not in _cached_sentences(tmp_path)


def _age(tmp_path, days: float) -> None:
    """Move every saved article and cached sentence ``days`` into the past."""
    then = time.time() - days * 86400
    for name, table in (("articles.sqlite3", "articles"), ("cache.sqlite3", "translation_cache")):
        with sqlite3.connect(tmp_path / "instance" / name) as db:
            db.execute(f"UPDATE {table} SET created = ?", (then,))


def test_purge_command(tmp_path, argos_dir, monkeypatch):
    client = _app(tmp_path, argos_dir).test_client()
    old = client.post("/api/v1/articles", json={"text": SECRET, "targets": ["es"]}).get_json()["id"]
    _age(tmp_path, 40)
    new = client.post("/api/v1/articles", json={"text": OTHER, "targets": ["es"]}).get_json()["id"]
    monkeypatch.setenv("SERVICE_INSTANCE_PATH", str(tmp_path / "instance"))
    kept = tmp_path / "instance" / "documents" / "old-token"
    kept.mkdir(parents=True)
    (kept / "note.es.txt").write_text("El gato duerme.")
    os.utime(kept, (time.time() - 40 * 86400, time.time() - 40 * 86400))
    english = "The council voted the budget on Monday. It was raining in London all day long."
    failed = client.post("/api/v1/jobs", json={"text": english, "source": "auto", "targets": ["en"]}).get_json()["id"]
    deadline = time.monotonic() + 60
    while client.get(f"/api/v1/jobs/{failed}").get_json()["status"] != "failed":  # it keeps its text
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with sqlite3.connect(tmp_path / "instance" / "jobs.sqlite3") as db:
        db.execute("UPDATE jobs SET updated = ?", (time.time() - 40 * 86400,))
    result = CliRunner().invoke(main, ["purge", "--older-than", "30d"])
    assert result.exit_code == 0 and "purged 1 saved articles" in result.output, result.output
    assert "1 translated files" in result.output and "1 finished jobs" in result.output
    assert client.get(f"/api/v1/jobs/{failed}").status_code == 404
    assert not kept.exists()
    assert client.get(f"/api/v1/articles/{old}").status_code == 404
    assert client.get(f"/api/v1/articles/{new}").status_code == 200
    # Nothing of the old article is left in the cache, not even its text on a pivot route (the names it
    # carried verbatim would show); the new article's sentences stay.
    cached = _cached_sentences(tmp_path)
    assert OTHER in cached and not any("Quatremare" in sentence for sentence in cached)
    assert CliRunner().invoke(main, ["purge", "--older-than", "soon"]).exit_code == 2


def test_retention_runs_by_itself(tmp_path, argos_dir):
    app = _app(tmp_path, argos_dir, ARTICLE_RETENTION_DAYS=7, CACHE_RETENTION_DAYS=7)
    client = app.test_client()
    old = client.post("/api/v1/articles", json={"text": SECRET, "targets": ["es"]}).get_json()["id"]
    _age(tmp_path, 8)
    app.extensions["service"].retention.next_run = 0.0  # as if the last purge were an hour ago
    client.post("/api/v1/translate", json={"text": OTHER, "targets": ["es"]})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and client.get(f"/api/v1/articles/{old}").status_code != 404:
        time.sleep(0.1)
    assert client.get(f"/api/v1/articles/{old}").status_code == 404
    assert SECRET not in _cached_sentences(tmp_path)


def test_logs_never_hold_article_text_or_keys(tmp_path, argos_dir, fresh_argos_dir, caplog):
    key = "super-secret-key-1234567890"
    app = _app(tmp_path, argos_dir, API_KEYS=[key], REQUEST_TIME_LIMIT=0)
    client = app.test_client()
    caplog.set_level(logging.DEBUG)
    (fresh_argos_dir / "translate-fr_en-1_0" / "model" / "model.bin").write_bytes(b"broken")
    app.config["ARGOS_PACKAGES_DIR"] = str(fresh_argos_dir)
    headers = {"X-API-Key": key}
    client.post("/api/v1/articles", json={"text": SECRET, "targets": ["en"]}, headers=headers)  # engine failure
    client.post("/api/v1/articles", json={"text": SECRET + "\ud800"}, headers=headers)  # bad input
    client.post("/api/v1/articles", json={"text": SECRET}, headers={"X-API-Key": key + "x"})  # wrong key
    client.post("/api/v1/translate", data="{" + SECRET, content_type="application/json", headers=headers)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert "Quatremare" not in caplog.text and key not in caplog.text
