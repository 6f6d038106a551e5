"""A real browser (Debian's Chromium driven by Playwright) against the real server."""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import in_ci
from tests.support.services import gunicorn_server

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None and not in_ci(),
        reason="Debian chromium is not installed (scripts/test installs it as root)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, argos_dir):
    """gunicorn serving the app on a free local port, as scripts/run serves it."""
    instance = tmp_path_factory.mktemp("instance")
    with gunicorn_server(instance, {"ARGOS_PACKAGES_DIR": str(argos_dir)}, workers=1, threads=4) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed for browser tests"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


def screenshots_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $SCREENSHOT_DIR to keep them, else the test's tmp folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def submit_article(page, server, text, targets=("es", "ca")):
    """Submit the form; the job page follows the job (its script polls) and opens the result."""
    page.goto(server + "/")
    page.fill("#text", text)
    for box in page.locator('input[name="targets"]').all():
        box.set_checked(box.get_attribute("value") in targets)
    page.click('button[type="submit"]')
    page.wait_for_url("**/articles/**", timeout=120_000)


def test_paste_translate_hover_summary_exports(page, server, sample_text, tmp_path):
    submit_article(page, server, sample_text)
    assert "/articles/" in page.url
    headers = page.locator("table.side-by-side thead th")
    assert headers.count() == 3
    assert [headers.nth(i).get_attribute("lang") for i in range(3)] == ["fr", "ca", "es"]
    rows = page.locator("table.side-by-side tbody tr")
    assert rows.count() > 40
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").count() == 3

    # Hover a body sentence: its counterparts in every column light up, others do not.
    source = page.locator('tbody.kind-body td[lang="fr"]').nth(2)
    index = source.get_attribute("data-s")
    before = page.locator(f'td[lang="ca"][data-s="{index}"]').evaluate("e => getComputedStyle(e).backgroundColor")
    source.hover()
    active = page.locator(f'td[data-s="{index}"].is-active')
    assert active.count() == 3
    after = page.locator(f'td[lang="ca"][data-s="{index}"]').evaluate("e => getComputedStyle(e).backgroundColor")
    assert after != before
    assert page.locator("td.is-active").count() == 3
    # Keyboard: one tab stop for the table (a row); arrow keys move to the next sentence, highlighted too.
    page.locator("tbody tr").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('data-s')")
    assert focused == page.locator("tbody tr").nth(2).get_attribute("data-s")
    assert page.locator(f'td[data-s="{focused}"].is-active').count() == 3
    assert page.locator('tbody tr[tabindex="0"]').count() == 1

    # The summary is highlighted in every column, and its panels sit above.
    summary_cells = page.locator("td.summary")
    assert summary_cells.count() > 0 and summary_cells.count() % 3 == 0
    colour = summary_cells.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".summary-panel").count() == 3

    folder = screenshots_dir(tmp_path)
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / "result-desktop.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / "result-phone.png"), full_page=False)
    # On a phone the page itself does not scroll sideways: the table scrolls in its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.set_viewport_size({"width": 1280, "height": 900})

    downloads = {}
    for fmt in ("json", "md", "html", "tmx"):
        with page.expect_download() as info:
            page.click(f'a[data-format="{fmt}"]')
        path = tmp_path / f"export.{fmt}"
        info.value.save_as(path)
        downloads[fmt] = path.read_text(encoding="utf-8")
    document = json.loads(downloads["json"])
    assert document["article"]["title"].startswith("Grenoble") and set(document["targets"]) == {"es", "ca"}
    assert "| # | Block | French (fr) | Catalan (ca) | Spanish (es) |" in downloads["md"]
    assert "<script" not in downloads["html"] and "summary-panel" in downloads["html"]
    assert ET.fromstring(downloads["tmx"].split("\n", 2)[2]).get("version") == "1.4"
    assert page.csp_errors == []

    # Summary-only toggle.
    page.click("#toggle-summary")
    assert page.locator(".summary-panel").count() == 3 and page.locator("table.side-by-side").count() == 0


def test_pasted_script_never_runs(page, server):
    hostile = (
        'Alerte\n\nLe chat dort. <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> Il pleut.'
    )
    submit_article(page, server, hostile, targets=("es",))
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator("table.side-by-side").inner_text()


def test_works_without_javascript(browser, server, sample_text, tmp_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/?lang=fr")
    assert "Traduire et résumer" in page.content()
    page.fill("#text", sample_text)
    with page.expect_navigation():
        page.click('button[type="submit"]')
    assert "/jobs/" in page.url  # the job page, refreshing itself (no script) until the result is ready
    page.screenshot(path=str(screenshots_dir(tmp_path) / "job-nojs-fr.png"))
    page.wait_for_url("**/articles/**", timeout=120_000)
    assert page.locator("table.side-by-side thead th").count() == 3  # en and es by default
    page.screenshot(path=str(screenshots_dir(tmp_path) / "result-nojs-fr.png"))
    context.close()


def test_translated_html_document_renders_like_the_original(page, server, tmp_path):
    """Download a translated page from the Documents form and open it in Chromium: same structure, Spanish text."""
    from tests.test_documents import HTML

    original = tmp_path / "marche.html"
    original.write_text(HTML, encoding="utf-8")
    page.goto(server + "/documents")
    page.set_input_files("#file", str(original))
    page.select_option("#target", "es")
    with page.expect_download() as info:
        page.click('button[type="submit"]')
    download = info.value
    assert download.suggested_filename == "marche.es.html"
    translated = tmp_path / download.suggested_filename
    download.save_as(translated)

    def shape(path: Path) -> dict:
        page.goto(path.as_uri())
        return page.evaluate(
            """() => ({
                tags: [...document.body.querySelectorAll('*')].map(e => e.tagName),
                lead: document.querySelector('p.lead').innerText,
                em: document.querySelector('p.lead em').innerText,
                link: [document.querySelector('a').href, document.querySelector('a').title],
                alt: document.querySelector('img').alt,
                title: document.title,
                script: window.titre,
                color: getComputedStyle(document.querySelector('p')).color,
                pre: document.querySelector('pre').innerText,
            })"""
        )

    before, after = shape(original), shape(translated)
    assert after["tags"] == before["tags"]  # every element kept, in order
    assert after["script"] == before["script"] == "Le marché"  # the script ran, untouched
    assert after["color"] == before["color"] == "rgb(255, 0, 0)"  # the style still applies
    assert after["pre"] == before["pre"]
    assert after["link"][0] == before["link"][0] and after["link"][1] != before["link"][1]
    assert "mercado" in after["lead"].lower() and after["em"] and after["em"] != before["em"]
    assert after["alt"] and after["alt"] != before["alt"] and "mercado" in after["title"].lower()


def test_job_page_shows_progress_and_the_button_is_pressed_once(page, server, sample_text, tmp_path):
    page.goto(server + "/")
    page.fill("#text", "\n\n".join([sample_text] * 6))
    for box in page.locator('input[name="targets"]').all():
        box.set_checked(box.get_attribute("value") in ("es", "ca", "en"))
    page.click('button[type="submit"]')
    page.wait_for_url("**/jobs/**", timeout=60_000)
    assert page.locator("#job progress").count() == 1 and page.locator("#job-targets li").count() == 3
    stage = page.locator("#job-stage").inner_text()
    page.screenshot(path=str(screenshots_dir(tmp_path) / "job-en.png"))
    page.wait_for_url("**/articles/**", timeout=180_000)
    assert stage.strip() and page.locator("table.side-by-side").count() == 1
    listed = json.loads(urllib.request.urlopen(server + "/api/v1/articles", timeout=30).read())["articles"]
    assert sum(a["targets"] == ["ca", "en", "es"] for a in listed) == 1
    # The submit button is disabled once pressed (a second press cannot submit again).
    page.goto(server + "/")
    page.fill("#text", sample_text)
    page.evaluate("document.querySelector('form.article-form').addEventListener('submit', e => e.preventDefault())")
    page.click('button[type="submit"]')
    assert page.locator('form.article-form button[type="submit"]').is_disabled()


def test_interactive_api_docs_render_offline_and_csp_clean(page, server):
    """Swagger UI from the installed package, served by the app: every endpoint, its examples, no CSP error."""
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(server + "/api/v1/docs/try")
    page.wait_for_selector(".opblock", timeout=30_000)
    spec = json.loads(urllib.request.urlopen(server + "/api/v1/openapi.json", timeout=30).read())
    operations = sum(1 for ops in spec["paths"].values() for m in ops if m in ("get", "post", "put", "patch", "delete"))
    assert page.locator(".opblock").count() == operations
    page.locator(".opblock-summary", has_text="/jobs").first.click()
    page.wait_for_selector(".opblock-body .response-col_status", timeout=10_000)
    body = page.locator(".opblock.is-open").inner_text()
    assert "202" in body and "Idempotency-Key" in body and "progress" in body  # the example is shown
    assert page.csp_errors == [] and not [u for u in failed if not u.startswith(server)]


def test_reader_page_columns_copy_sticky_and_phone(browser, server, sample_text, tmp_path):
    """Column chooser (remembered), copy buttons, sticky header and first column, phone layout."""
    body = {"text": sample_text, "targets": ["es", "ca", "en", "oc"]}
    request = urllib.request.Request(server + "/api/v1/articles", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    article = json.loads(urllib.request.urlopen(request, timeout=120).read())
    url = f"{server}/articles/{article['id']}"
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(url)
    assert page.locator("table.side-by-side").bounding_box()["y"] < 800  # the table starts on the first screen
    # Copy a whole column as plain text.
    page.locator('th[data-lang="es"] button.copy').click()
    copied = page.evaluate("navigator.clipboard.readText()")
    # Doubtful sentences keep their marker once pasted elsewhere.
    spanish = [
        ("⚠ " if (s.get("confidence") or 1) < 0.5 else "") + s["text"] for s in article["targets"]["es"]["sentences"]
    ]
    assert copied.splitlines()[0] == spanish[0] and len(copied.splitlines()) == len(spanish)
    page.locator("details.summaries > summary").click()
    page.locator("#summary-es button.copy").click()
    summary = article["summary"]["languages"]["es"]["aligned"]["sentences"]
    assert page.evaluate("navigator.clipboard.readText()").splitlines() == summary
    # Hide Catalan: gone now, and still gone after a reload (remembered).
    page.locator("#column-chooser > summary").click()
    page.locator('.choose-columns input[value="ca"]').uncheck()
    assert page.locator('th[data-lang="ca"]').is_hidden()
    page.reload()
    assert page.locator('th[data-lang="ca"]').is_hidden() and page.locator('th[data-lang="oc"]').is_visible()
    assert page.locator('td[lang="ca"]:visible').count() == 0
    # The header row stays in view when the table scrolls.
    region = page.locator("#side-by-side")
    region.evaluate("e => e.scrollTop = 1500")
    top = region.bounding_box()["y"]
    assert abs(page.locator('th[data-lang="fr"]').bounding_box()["y"] - top) < 4
    context.close()
    # Phone: the source column stays when the table scrolls sideways; checkboxes are big enough to tap.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = phone.new_page()
    page.goto(url)
    page.locator("#side-by-side").evaluate("e => e.scrollLeft = 600")
    first = page.locator("tbody tr").first.locator("td").first.bounding_box()
    assert first["x"] < 40 and first["width"] > 100  # still on screen, at the left
    page.screenshot(path=str(screenshots_dir(tmp_path) / "result-phone-scrolled.png"))
    page.goto(server + "/")
    box = page.locator('input[name="targets"]').first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    phone.close()


def test_detected_english_article_and_form_errors(page, server):
    english = ("Storm hits the coast\n\nA violent storm hit the coast on Monday night. Thousands of homes lost power. "
               "The authorities asked residents to stay indoors until the wind drops.")  # fmt: skip
    page.goto(server + "/")
    page.fill("#text", english)
    page.select_option("#source", "auto")
    for box in page.locator('input[name="targets"]').all():
        box.set_checked(box.get_attribute("value") in ("en", "es"))
    page.click('button[type="submit"]')
    page.wait_for_url("**/articles/**", timeout=120_000)
    assert "Detected language: English" in page.locator(".facts").inner_text()
    headers = [h.get_attribute("lang") for h in page.locator("thead th").all()]
    assert headers == ["en", "es"]  # the English "target" is the original column, not an empty one
    assert all(c.inner_text().strip() for c in page.locator('tbody.kind-body td[lang="en"]').all())
    assert "already in this language" in page.locator(".facts").inner_text()
    # An invalid field is marked, described and focused.
    page.goto(server + "/")
    page.fill("#text", "Le titre\n\nLe conseil a voté le budget. Il pleut.")
    page.fill("#length", "0")
    page.click('button[type="submit"]')
    field = page.locator("#length")
    assert field.get_attribute("aria-invalid") == "true" and "form-error" in field.get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.id") == "length"
    # Text and a file: the text is used, and the result says the file was not.
    page.goto(server + "/")
    page.fill("#text", "Le titre\n\nLe conseil a voté le budget lundi. Il pleut à Lyon. Les habitants sont ravis.")
    page.set_input_files("#file", files=[{"name": "autre.txt", "mimeType": "text/plain", "buffer": b"Autre texte."}])
    page.click('button[type="submit"]')
    page.wait_for_url("**/articles/**", timeout=120_000)
    assert "autre.txt" in page.locator(".warnings").inner_text() and "conseil" in page.content()
