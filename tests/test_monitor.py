"""The monitoring desk's runs: a watched folder, feeds from a local HTTP server, stories and the digest."""

from __future__ import annotations

import contextlib
import csv
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import ClassVar

import pytest
from click.testing import CliRunner

from service import settings
from service.batch.feeds import Fetcher, content_key
from service.cli import main
from service.facade import Service
from service.models.archive import SearchQuery
from service.models.options import Options
from service.render.digest import build_digest, digest_html, digest_markdown
from service.text.stories import StoryInput, group_stories, pairwise_scores
from tests.support import ROOT

STORIES = ROOT / "tests" / "corpus" / "stories"


def _corpus() -> tuple[list[StoryInput], dict[str, str], list[dict]]:
    rows = list(csv.DictReader((STORIES / "stories.tsv").open(encoding="utf-8"), delimiter="\t"))
    items, gold = [], {}
    for row in rows:
        title, _, text = (STORIES / row["file"]).read_text(encoding="utf-8").strip().partition("\n")
        items.append(StoryInput(row["file"], title, text))
        gold[row["file"]] = row["story"]
    return items, gold, rows


def held_out(gold: dict[str, str]) -> set[str]:
    """The stories never used to choose SAME_STORY: every other story, in name order (see scripts/bench_stories.py)."""
    names = sorted(set(gold.values()))
    return {name for n, name in enumerate(names) if n % 2 == 1}


def test_stories_on_the_held_out_half_of_the_corpus():
    items, gold, _ = _corpus()
    kept = held_out(gold)
    subset = [item for item in items if gold[item.key] in kept]
    precision, recall = pairwise_scores([s.keys for s in group_stories(subset)], {i.key: gold[i.key] for i in subset})
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_duplicates_and_near_duplicates_are_found_as_such():
    items, _gold, rows = _corpus()
    stories = group_stories(items)
    repeats = {key: original for story in stories for key, original in story.duplicates.items()}
    for row in rows:
        relation = row["relation"]
        if relation.startswith(("duplicate-of:", "near-duplicate-of:")):
            original = relation.split(":", 1)[1]
            pair = {row["file"], original}
            assert any(repeats.get(a) == b for a in pair for b in pair), row["file"]
    independent = [r["file"] for r in rows if r["relation"] == "independent"]
    assert not any(key in repeats for key in independent)  # retold, not copied


def test_a_single_article_and_no_article():
    assert group_stories([]) == []
    (story,) = group_stories([StoryInput("a", "Titre", "Un seul article aujourd'hui.")])
    assert story.keys == ["a"] and story.central == "a"


def test_the_digest_groups_by_story_and_reads_in_the_readers_language(tmp_path):
    """Summaries-only results (no engine): grouped by story, outlets and links listed, shown in the original."""
    _, gold, rows = _corpus()
    config = settings.from_env()
    config["INSTANCE_PATH"] = str(tmp_path)
    service = Service(config)
    chosen = [r for r in rows if gold[r["file"]] in ("s15-tombe-punique-carthage", "s07-partielle-trois-rivieres")]
    results = []
    for row in chosen:
        result = service.process((STORIES / row["file"]).read_text(encoding="utf-8"), Options.parse(keep=False))
        result.origin.outlet, result.origin.url = row["outlet"], row["url"]
        result.id = row["file"]
        results.append(result)
    digest = build_digest(results, "en", link=lambda r: f"/articles/{r.id}")
    assert len(digest.stories) == 2 and digest.articles == len(chosen)
    for story in digest.stories:
        files = {a.id for a in story.articles}
        assert len({gold[f] for f in files}) == 1  # one story each
        assert story.language == "fr" and story.summary  # no English: the original, said so
        assert set(story.outlets) == {r["outlet"] for r in chosen if r["file"] in files}
    page = digest_html(digest)
    assert "Not translated into this language" in page and "/articles/" in page and "<script" not in page
    markdown = digest_markdown(digest, "fr")
    assert (markdown.startswith("# ") and "](https://www.example-" in markdown) or "](/articles/" in markdown


# --- a watched folder -----------------------------------------------------------------------------


def _reader(stream, lines: list[str]) -> threading.Thread:
    thread = threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")), daemon=True)
    thread.start()
    return thread


def _rounds(lines: list[str]) -> int:
    return sum(line.startswith("round ") for line in list(lines))


def _wait(condition, what: str, bound: float = 120.0) -> None:
    """Wait for something the process does (a bound against hanging, not a measurement)."""
    deadline = time.monotonic() + bound
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.apertium
def test_watch_processes_files_as_they_land_and_stops_on_sigterm(tmp_path, sample_text):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "lyon").mkdir(parents=True)
    env = {**os.environ, "SERVICE_WATCH_POLL_SECONDS": "0.1", "SERVICE_WATCH_SETTLE_SECONDS": "0.2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "watch", str(inbox), "--to", "es", "--out", str(out), "-v",
         "--outlet", "Le Progrès", "--tag", "rhône"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    _reader(process.stderr, lines)
    try:
        # A file still being written (open, half there) is left alone, however many rounds pass.
        half = inbox / "lyon" / "marche.txt"
        with half.open("w", encoding="utf-8") as writer:
            writer.write(sample_text[: len(sample_text) // 2])
            writer.flush()
            seen = _rounds(lines)
            _wait(lambda: _rounds(lines) >= seen + 8, "eight rounds")
            assert not (out / "lyon" / "marche.json").exists()
            writer.write(sample_text[len(sample_text) // 2 :])
        _wait(lambda: any(line.startswith("done: ") for line in list(lines)), "the first file's round")
        assert (out / "digest.html").is_file()
        result = json.loads((out / "lyon" / "marche.json").read_text(encoding="utf-8"))
        assert result["article"]["blocks"][-1]["text"] in sample_text  # the whole file, not its first half
        assert result["origin"]["outlet"] == "Le Progrès" and result["origin"]["tags"] == ["rhône"]
        # A second file, copied the safe way (hidden name, then renamed), is processed too; the first is not redone.
        hidden = inbox / ".grenoble.txt.part"
        hidden.write_text(sample_text.replace("Grenoble", "Annecy"), encoding="utf-8")
        hidden.rename(inbox / "grenoble.txt")
        _wait(lambda: sum(line.startswith("done: ") for line in list(lines)) == 2, "the second file's round")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert {e["rel"]: e["status"] for e in manifest["inputs"]} == {"grenoble": "done", "lyon/marche": "done"}
        assert sum(line.startswith("done: ") for line in lines) == 2
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=120)
    assert code == 0 and any("stopped after" in line for line in lines), lines[-5:]
    # The articles are in the archive, searchable with their outlet.
    service = Service(settings.from_env())
    page = service.search_articles(SearchQuery.parse({"q": "Annecy", "outlet": "Le Progrès"}))
    assert page.total == 1 and page.articles[0].tags == ["rhône"]


# --- feeds from a local HTTP server ---------------------------------------------------------------

PARAGRAPHS = {
    "a1": "Le conseil municipal de Nantes a voté mardi soir un budget de rénovation pour les écoles du quartier nord. "
    "Les parents d'élèves attendaient ce vote depuis plusieurs années et se sont dits soulagés.",
    "a2": "Une crue de la Loire a inondé les quais de Saumur dans la nuit de lundi à mardi. "
    "Les pompiers ont évacué une quarantaine de riverains, qui ont été hébergés dans un gymnase.",
    "a3": "La bibliothèque municipale d'Angers rouvre ses portes après dix-huit mois de travaux de rénovation. "
    "Les lecteurs découvrent une salle de lecture agrandie et un espace réservé aux adolescents.",
}


def _page(key: str, title: str) -> bytes:
    paragraph = PARAGRAPHS[key]
    return (
        f"<!doctype html><html lang=fr><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Site de la page"></head><body><nav>Accueil | Région</nav>'
        f"<article><h1>{title}</h1><p>{paragraph}</p><p>{paragraph.replace('.', ' cette semaine.', 1)}</p>"
        "</article><footer>Mentions légales</footer></body></html>"
    ).encode()


class _Site(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict] = {}
    hits: ClassVar[list] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.hits.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (the slow host)
            self.wfile.write(body)


def _serve(routes: dict):
    handler = type("Site", (_Site,), {"routes": routes, "hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler, f"http://127.0.0.1:{server.server_address[1]}"


def _rss(title: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Tue, 11 Mar 2025 08:00:00 +0100</pubDate></item>"
        for t, link in links
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>http://x</link>'
            f"<description>d</description>{items}</channel></rss>").encode()  # fmt: skip


@pytest.mark.slow
@pytest.mark.apertium
def test_feeds_fetch_politely_deduplicate_and_process(tmp_path, monkeypatch):
    html = {"Content-Type": "text/html; charset=utf-8"}
    slow, _slow_hits, slow_url = _serve(
        {"/robots.txt": (404, {}, b"", 0), "/lent.html": (200, html, _page("a1", "Lent"), 3)}
    )
    routes: dict = {"/robots.txt": (200, {}, b"User-agent: *\nDisallow: /prive/\n", 0)}
    site, hits, base = _serve(routes)
    routes.update(
        {
            "/a1.html": (200, html, _page("a1", "Budget des écoles à Nantes"), 0),
            "/a2.html": (200, html, _page("a2", "Crue de la Loire à Saumur"), 0),
            "/a3.html": (200, html, _page("a3", "La bibliothèque d'Angers rouvre"), 0),
            "/copie.html": (200, html, _page("a1", "Budget des écoles à Nantes"), 0),  # the same article again
            "/ancien": (301, {"Location": f"{base}/a3.html"}, b"", 0),
            "/panne.html": (500, {}, b"erreur", 0),
            "/prive/note.html": (200, html, _page("a2", "Privé"), 0),
        }
    )
    links = [("a1", f"{base}/a1.html"), ("a2", f"{base}/a2.html"), ("ancien", f"{base}/ancien"),
             ("panne", f"{base}/panne.html"), ("privé", f"{base}/prive/note.html"), ("copie", f"{base}/copie.html"),
             ("a1 encore", f"{base}/a1.html#haut"), ("lent", f"{slow_url}/lent.html")]  # fmt: skip
    routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, _rss("La Gazette de l'Ouest", links), 0)
    monkeypatch.setenv("SERVICE_FEED_TIMEOUT", "1")
    monkeypatch.setenv("SERVICE_FEED_HOST_INTERVAL", "0")
    out = tmp_path / "out"
    try:
        args = ["feeds", f"{base}/rss.xml", "--to", "es", "--out", str(out), "--tag", "ouest"]
        first = CliRunner().invoke(main, args, catch_exceptions=False)
        state = json.loads((out / "feeds.json").read_text(encoding="utf-8"))["items"]
        fates = {url.rsplit("/", 1)[-1]: entry["status"] for url, entry in state.items()}
        assert fates == {"a1.html": "taken", "a2.html": "taken", "ancien": "taken", "panne.html": "failed",
                         "note.html": "failed", "copie.html": "duplicate", "lent.html": "failed"}  # fmt: skip
        assert "robots.txt" in state[f"{base}/prive/note.html"]["error"]
        assert "timed out" in state[f"{slow_url}/lent.html"]["error"]
        assert state[f"{base}/ancien"]["final_url"] == f"{base}/a3.html"
        assert "/prive/note.html" not in hits.hits  # disallowed: never asked for
        assert hits.hits.count("/a1.html") == 1 and hits.hits.count("/robots.txt") == 1
        assert first.exit_code == 1  # some items failed, and said so
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert [e["status"] for e in manifest["inputs"]] == ["done"] * 3
        assert (out / "digest.html").is_file()
        service = Service(settings.from_env())
        page = service.search_articles(SearchQuery.parse({"q": "Saumur"}))
        assert page.total == 1
        found = page.articles[0]
        assert found.outlet == "La Gazette de l'Ouest" and found.source_url == f"{base}/a2.html"
        assert found.tags == ["ouest"] and found.published == "2025-03-11"
        # A second run fetches nothing already taken, and tries the failed page again.
        CliRunner().invoke(main, args, catch_exceptions=False)
        assert hits.hits.count("/a1.html") == 1 and hits.hits.count("/panne.html") == 2
        assert service.search_articles(SearchQuery.parse({})).total == 3  # nothing saved twice
    finally:
        site.shutdown()
        slow.shutdown()


def test_the_pace_per_host_is_kept(tmp_path):
    """Two requests to one host are spaced by the interval (a clock of our own: counted, not timed)."""
    site, hits, base = _serve({"/robots.txt": (200, {}, b"User-agent: *\nCrawl-delay: 7\n", 0),
                               "/a.html": (200, {}, b"a", 0), "/b.html": (200, {}, b"b", 0)})  # fmt: skip
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    fetcher = Fetcher("test-agent", 5, 2.0, 10_000, clock=lambda: now[0], sleep=sleep)
    try:
        fetcher.get(f"{base}/a.html")
        fetcher.get(f"{base}/b.html")
    finally:
        site.shutdown()
    assert waits == [7.0, 7.0]  # robots.txt read first: its Crawl-delay (longer than the interval) paces the rest
    assert hits.hits == ["/robots.txt", "/a.html", "/b.html"]


def test_content_keys_ignore_spacing_case_and_accents():
    assert content_key("Élection  à Trois-Rivières.\n") == content_key("election a trois rivieres")
    assert content_key("Élection à Trois-Rivières") != content_key("Élection à Québec")
