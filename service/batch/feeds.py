"""``feeds``: RSS and Atom feeds followed, each new item's page fetched, reduced to the article and processed.

The only module of the service that reaches the network, and only when the
``feeds`` command runs it: nothing here is imported while serving a request
(an import contract in ``pyproject.toml`` says so). A polite fetcher:

- a time limit on connecting and on every read (``FEED_TIMEOUT``), a size
  limit (``FEED_MAX_BYTES``), only ``http``/``https``, at most 5 redirects;
- one request per host every ``FEED_HOST_INTERVAL`` seconds (or robots.txt's
  ``Crawl-delay``, when longer);
- robots.txt read once per host and run (``urllib.robotparser``): a path it
  disallows is not fetched; a robots.txt that cannot be reached (5xx, time
  out) means "not now", as RFC 9309 asks.

Items are de-duplicated by address (the feed's link and the address it
redirects to) and by content (the article's text, accents, case and spacing
ignored), across runs: ``feeds.json`` in the output folder records each
item's fate. A page that fails is retried on later runs, up to
``MAX_ATTEMPTS`` times; without network, an item whose feed carries the whole
article (``content:encoded``, Atom ``content``) is taken from the feed. New
articles are written to the inbox as HTML with a side file
(``NAME.html.meta.json``: outlet, address, publication day, tags) and then
processed like batch inputs.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import unicodedata
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from service.batch.inputs import Input
from service.batch.manifest import SIDECAR, write_atomic
from service.errors import SourceError
from service.text.files import read_source

STATE = "feeds.json"
MAX_ATTEMPTS = 3
MAX_REDIRECTS = 5
FULL_CONTENT_CHARS = 600  # an item's own content at least this long is the article, not a teaser


class FetchError(Exception):
    """A page or feed that could not be had; ``retry``: worth trying again on a later run."""

    def __init__(self, reason: str, retry: bool):
        super().__init__(reason)
        self.retry = retry


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    content_type: str


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-http address", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    """HTTP GET with time and size limits, a pace per host and robots.txt; the only network client here."""

    user_agent: str
    timeout: float
    interval: float
    max_bytes: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _delays: dict[str, float] = field(default_factory=dict)
    requests: int = 0

    def _pace(self, host: str) -> None:
        """Wait until this host's interval has passed since its previous request."""
        gap = max(self.interval, self._delays.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + gap - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _get(self, url: str) -> Page:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) address: {url[:200]}", retry=False)
        self._pace(parts.netloc.lower())
        self.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        opener = urllib.request.build_opener(_Redirects())
        started = self.clock()
        try:
            with opener.open(request, timeout=self.timeout) as response:
                chunks, size = [], 0
                while True:
                    chunk = response.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"larger than {self.max_bytes} bytes", retry=False)
                    if self.clock() - started > 4 * self.timeout:
                        raise FetchError(f"too slow: still sending after {4 * self.timeout:.0f} s", retry=True)
                return Page(response.geturl(), b"".join(chunks), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as err:
            retry = err.code >= 500 or err.code in (408, 429)
            raise FetchError(f"HTTP {err.code} {err.reason}", retry=retry) from None
        except TimeoutError:
            raise FetchError(f"timed out after {self.timeout:g} s", retry=True) from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise FetchError(f"timed out after {self.timeout:g} s", retry=True) from None
            raise FetchError(f"cannot connect: {reason}", retry=True) from None
        except (OSError, ValueError) as err:  # connection reset, bad status line, invalid address
            raise FetchError(f"cannot fetch: {err}", retry=True) from None

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt (None: unreachable now, so nothing may be fetched from it on this run)."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc.lower()}"
        if host in self._robots:
            return self._robots[host]
        rules: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        try:
            page = self._get(host + "/robots.txt")
            rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
        except FetchError as err:
            text = str(err)
            if text.startswith(("HTTP 401", "HTTP 403")):
                rules.disallow_all = True
            elif text.startswith("HTTP 4"):
                rules.allow_all = True  # no robots.txt: everything may be fetched
            else:
                rules = None  # 5xx or no answer: RFC 9309 says assume everything is disallowed, for now
        if rules is not None:
            delay = rules.crawl_delay(self.user_agent)
            if delay:
                self._delays[parts.netloc.lower()] = float(delay)
        self._robots[host] = rules
        return rules

    def get(self, url: str) -> Page:
        """The page at ``url`` if robots.txt allows it; ``FetchError`` saying why not otherwise."""
        rules = self._rules(url)
        if rules is None:
            raise FetchError("robots.txt could not be read: the host is not fetched on this run", retry=True)
        if not rules.can_fetch(self.user_agent, url):
            raise FetchError("disallowed by the site's robots.txt", retry=False)
        return self._get(url)


@dataclass(frozen=True)
class Item:
    """One entry of a feed."""

    url: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    outlet: str | None
    content: str | None  # the entry's own full content (HTML), when the feed carries it


def read_feed(spec: str, fetcher: Fetcher) -> tuple[str | None, list[Item]]:
    """A feed's title and items, from a file or an http(s) address; ``FetchError`` when it cannot be read."""
    import feedparser

    if spec.startswith(("http://", "https://")):
        data = fetcher.get(spec).body
    else:
        try:
            data = Path(spec).read_bytes()
        except OSError as err:
            raise FetchError(f"cannot read {spec}: {err.strerror}", retry=False) from None
    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        raise FetchError(f"not an RSS or Atom feed: {parsed.get('bozo_exception')}", retry=True)
    title = (parsed.feed.get("title") or "").strip() or None
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            continue
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        day = time.strftime("%Y-%m-%d", moment) if moment else None
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        content = max(contents, key=len) if contents else None
        items.append(Item(urldefrag(link)[0], (entry.get("title") or "").strip() or None, day, title, content))
    return title, items


def content_key(text: str) -> str:
    """The same article whatever its spacing, case and accents: what de-duplication by content compares."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return hashlib.sha256(" ".join(re.findall(r"\w+", folded)).encode("utf-8")).hexdigest()


def _slug(url: str) -> str:
    parts = urlsplit(url)
    tail = [p for p in parts.path.split("/") if p]
    words = re.sub(r"[^a-z0-9]+", "-", (tail[-1] if tail else "index").lower().rsplit(".", 1)[0]).strip("-")
    return f"{(words or 'article')[:60]}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


@dataclass
class FeedReport:
    """What one run found: per item its fate, and the inputs to process."""

    items: list[dict] = field(default_factory=list)
    feeds_failed: list[tuple[str, str]] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)


class FeedState:
    """``feeds.json``: every item seen, by address, and the content keys of the articles taken."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / STATE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.items: dict[str, dict] = data.get("items", {})
        self.contents: dict[str, str] = data.get("contents", {})

    def save(self) -> None:
        body = {"items": self.items, "contents": self.contents}
        write_atomic(self.path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")

    def pending(self, url: str) -> bool:
        """Whether an item still has to be fetched (new, or failed for a reason worth retrying)."""
        entry = self.items.get(url)
        if entry is None:
            return True
        return entry["status"] == "failed" and entry.get("retry", False) and entry.get("attempts", 0) < MAX_ATTEMPTS


def collect_items(
    specs: list[str], inbox: Path, out_dir: Path, fetcher: Fetcher, outlet: str | None = None, tags: list[str] = ()
) -> FeedReport:
    """Read the feeds, fetch each new item's page, keep the new articles in ``inbox``; record every fate."""
    state = FeedState(out_dir)
    report = FeedReport()
    seen_now: set[str] = set()
    for spec in specs:
        try:
            feed_title, items = read_feed(spec, fetcher)
        except FetchError as err:
            report.feeds_failed.append((spec, str(err)))
            continue
        for item in items:
            if item.url in seen_now or not state.pending(item.url):
                continue  # the same address twice in the feeds, or already taken
            seen_now.add(item.url)
            fate = _take(item, outlet or feed_title, list(tags), inbox, state, fetcher)
            fate["feed"] = spec
            state.items[item.url] = fate
            state.save()
            report.items.append({"url": item.url, **fate})
            if fate["status"] == "taken":
                path = inbox / fate["file"]
                report.inputs.append(Input(str(path), str(Path(fate["file"]).with_suffix(""))))
    return report


def _take(item: Item, outlet: str | None, tags: list[str], inbox: Path, state: FeedState, fetcher: Fetcher) -> dict:
    """Fetch one item and keep its article, or say why not (a dict: status, and what else is known)."""
    attempts = state.items.get(item.url, {}).get("attempts", 0) + 1
    from_feed = False
    try:
        page = fetcher.get(item.url)
        body, final = page.body, urldefrag(page.url)[0]
    except FetchError as err:
        if not (err.retry and item.content and len(item.content) >= FULL_CONTENT_CHARS):
            return {"status": "failed", "error": str(err), "retry": err.retry, "attempts": attempts}
        # No page (network down, host failing), but the feed carries the whole article.
        title = f"<h1>{item.title}</h1>" if item.title else ""
        body = f"<!doctype html><html><body><article>{title}{item.content}</article></body></html>".encode()
        final, from_feed = item.url, True
    if final != item.url and state.items.get(final, {}).get("status") == "taken":
        return {"status": "duplicate", "duplicate_of": final, "reason": "redirects to an address already taken"}
    try:
        text = read_source("page.html", body).text
    except SourceError as err:
        return {"status": "failed", "error": f"no article on the page: {err}", "retry": False, "attempts": attempts}
    key = content_key(text)
    if key in state.contents and state.contents[key] != item.url:
        return {"status": "duplicate", "duplicate_of": state.contents[key], "reason": "the same text"}
    host = urlsplit(final).hostname or "feed"
    relative = Path(host) / f"{_slug(final)}.html"
    path = inbox / relative
    write_atomic(path, body)
    meta = {"outlet": outlet, "url": final, "published": item.published, "tags": tags}
    write_atomic(Path(str(path) + SIDECAR), json.dumps({k: v for k, v in meta.items() if v}, ensure_ascii=False))
    state.contents[key] = item.url
    fate = {"status": "taken", "file": str(relative), "final_url": final, "attempts": attempts}
    if from_feed:
        fate["from_feed_content"] = True
    return fate
