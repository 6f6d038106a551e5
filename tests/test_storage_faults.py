"""Storage that fails for real: a read-only folder, a full disk, a locked database.

Each answers 503 ``storage_unavailable`` with ``Retry-After`` on what needs
the store, while translations (whose cache merely cannot be written) still
succeed. The file systems are real tmpfs mounts (skipped where mounting is
not allowed).
"""

from __future__ import annotations

import sqlite3

from tests.support import make_app
from tests.support.openapi import conforms
from tests.support.services import fill, remount_read_only, small_filesystem

TEXT = "Le conseil municipal a voté le budget. La séance a duré trois heures."


def _app(instance, argos_dir, **config):
    return make_app(instance, argos_dir, **config)


def _unavailable(response, path, method="post"):
    conforms(response, path, method)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "storage_unavailable"
    assert int(response.headers["Retry-After"]) > 0
    return response.get_json()["error"]["message"]


def test_read_only_instance_folder(tmp_path, argos_dir):
    with small_filesystem(tmp_path / "ro") as folder:
        remount_read_only(folder)
        app = _app(folder / "instance", argos_dir)  # starts, with no secret key file and no databases
        client = app.test_client()
        message = _unavailable(client.post("/api/v1/articles", json={"text": TEXT, "targets": ["es"]}), "/articles")
        assert "read-only" in message
        _unavailable(client.get("/api/v1/articles"), "/articles", "get")
        translated = client.post("/api/v1/translate", json={"text": TEXT, "targets": ["es"]})
        assert (
            translated.status_code == 200
            and "presupuesto" in translated.get_json()["targets"]["es"]["sentences"][0]["text"]
        )
        page = client.get("/articles")
        assert page.status_code == 503 and "text/html" in page.headers["Content-Type"]
        assert client.get("/").status_code == 200  # the form still works: only saving is impossible


def test_full_disk(tmp_path, argos_dir, caplog):
    with small_filesystem(tmp_path / "full", "2m") as folder:
        app = _app(folder / "instance", argos_dir, SECRET_KEY="t")
        client = app.test_client()
        first = client.post("/api/v1/articles", json={"text": TEXT, "targets": ["es"]})
        assert first.status_code == 201
        fill(folder)
        long_text = " ".join(f"Phrase numéro {i} du compte rendu de séance." for i in range(400))
        message = _unavailable(
            client.post("/api/v1/articles", json={"text": long_text, "targets": ["es"]}), "/articles"
        )
        assert "disk is full" in message
        assert "cannot rollback" not in caplog.text
        other = client.post("/api/v1/translate", json={"text": "Le maire a démissionné hier soir.", "targets": ["es"]})
        assert other.status_code == 200  # the cache write failed; the translation did not
        assert client.get(f"/api/v1/articles/{first.get_json()['id']}").status_code == 200  # reading still works


def test_locked_database(tmp_path, argos_dir):
    app = _app(tmp_path / "instance", argos_dir, SECRET_KEY="t", DB_BUSY_TIMEOUT=0.3)
    client = app.test_client()
    assert client.post("/api/v1/articles", json={"text": TEXT, "targets": ["es"]}).status_code == 201
    holder = sqlite3.connect(tmp_path / "instance" / "articles.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        message = _unavailable(client.post("/api/v1/articles", json={"text": TEXT, "targets": ["es"]}), "/articles")
        assert "locked" in message
    finally:
        holder.execute("ROLLBACK")
    assert client.post("/api/v1/articles", json={"text": TEXT, "targets": ["es"]}).status_code == 201
    assert holder.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    holder.close()
