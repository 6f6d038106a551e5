"""The review desk and the result page's defects, in a real browser (Chromium through Playwright) on gunicorn.

Each test here would have caught one of the defects listed in issue 24, or breaks if the review desk does.
"""

# ruff: noqa: F811  (the fixtures of tests.test_browser are imported by name, and parameters repeat them)
from __future__ import annotations

import json
import urllib.request

import pytest

from tests.test_browser import ARGS, CHROMIUM, browser, page, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")]
TEXT = (
    "Le conseil municipal vote le budget\n\n"
    "Lyon, lundi 3 mars 2025\n\n"
    "Le conseil municipal de Lyon a voté lundi le budget de la ville pour l'année prochaine. "
    "Les habitants attendaient ce vote depuis plusieurs semaines. "
    "La maire a salué un budget responsable. "
    "L'opposition a dénoncé une hausse des impôts locaux. "
    "Le projet de la rocade ouest, qualifié de serpent de mer, fut enterré par la préfète.\n\n"
    "Photo : Jean Dupont / AFP\n\n"
    "Lu 1 234 fois"
)
SIZES = ((1280, 900), (390, 844))


def _post(server: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(server + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def article(server):
    """An article in Spanish and Catalan, saved."""
    return _post(server, "/api/v1/articles", {"text": TEXT, "targets": ["es", "ca"]})


def _doubtful(article: dict, code: str = "es") -> list[int]:
    return [i for i, s in enumerate(article["targets"][code]["sentences"]) if (s["confidence"] or 1) < 0.5]


def test_correct_in_place_and_mark_reviewed_with_the_count_going_down(page, server, article):
    fresh = _post(server, "/api/v1/articles", {"text": TEXT, "targets": ["es"]})
    doubtful = _doubtful(fresh)
    assert len(doubtful) >= 2, "the test needs two doubtful sentences"
    total = len(fresh["sentences"])
    page.goto(f"{server}/articles/{fresh['id']}")
    count = page.locator("#doubt-count")
    assert count.inner_text() == f"{len(doubtful)} doubtful of {total}"
    first, second = doubtful[0], doubtful[1]
    cell = page.locator(f'tr[data-s="{first}"] td[data-col="1"]')
    cell.locator("a.edit").click()
    editor = cell.locator("form.inline-edit textarea")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    editor.fill("Frase corregida por la redacción.")
    cell.locator('form.inline-edit button[value="correct"]').click()
    page.locator(f'tr[data-s="{first}"] td[data-col="1"][data-state="reviewed"]').wait_for()
    assert cell.locator(".text").inner_text() == "Frase corregida por la redacción."
    assert "low" not in cell.get_attribute("class")
    assert count.inner_text() == f"{len(doubtful) - 1} doubtful of {total}"
    # With the keyboard: N goes to the next doubtful sentence, E opens its editor, "Mark reviewed" accepts it.
    page.locator("tbody tr").first.focus()
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.getAttribute('data-s')") == str(second)
    page.keyboard.press("e")
    page.locator(f'tr[data-s="{second}"] form.inline-edit button[value="accept"]').click()
    page.locator(f'tr[data-s="{second}"] td[data-col="1"][data-state="reviewed"]').wait_for()
    assert count.inner_text() == f"{len(doubtful) - 2} doubtful of {total}"
    # Stored: a reload shows the correction, and the API its history.
    page.reload()
    assert (
        page.locator(f'tr[data-s="{first}"] td[data-col="1"] .text').inner_text() == "Frase corregida por la redacción."
    )
    assert "Reviewed on" in page.locator(f'tr[data-s="{first}"] td[data-col="1"] .review-note').inner_text()
    sentence = json.loads(
        urllib.request.urlopen(f"{server}/api/v1/articles/{fresh['id']}/sentences/es/{first + 1}").read()
    )
    assert sentence["translation"]["history"][0]["previous"] == fresh["targets"]["es"]["sentences"][first]["text"]


def test_only_doubtful_filter_and_next_doubtful_key(page, server, article):
    doubtful = _doubtful(article) or _doubtful(article, "ca")
    page.goto(f"{server}/articles/{article['id']}")
    page.locator("#only-doubtful").check()
    shown = [r.get_attribute("data-s") for r in page.locator("tbody tr:visible").all()]
    assert shown and all(page.locator(f'tr[data-s="{s}"] td.low').count() for s in shown)
    assert len(shown) < page.locator("tbody tr").count()
    page.locator("#only-doubtful").uncheck()
    assert page.locator("tbody tr:visible").count() == page.locator("tbody tr").count()
    first = page.locator("tbody tr").first
    first.focus()
    page.keyboard.press("n")
    rows_with_doubt = [r.get_attribute("data-s") for r in page.locator("tbody tr").all() if r.locator("td.low").count()]
    after_first = [s for s in rows_with_doubt if s != first.get_attribute("data-s")]
    assert page.evaluate("document.activeElement.getAttribute('data-s')") == after_first[0]
    assert doubtful


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_summaries_layout_and_nothing_wider_than_the_viewport(
    browser,
    server,
    article,
    width,
    height,
):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    tab = context.new_page()
    try:
        for url in (f"/articles/{article['id']}", f"/articles/{article['id']}?view=summary"):
            tab.goto(server + url)
            details = tab.locator("details.summaries")
            if not details.get_attribute("open"):
                details.locator("> summary").click()
            label = details.locator("> summary").bounding_box()
            panels = tab.locator(".summary-panel").all()
            column = tab.locator("thead th").first.bounding_box() if tab.locator("thead th").count() else None
            for panel in panels:
                box = panel.bounding_box()
                assert box["width"] >= min(0.9 * (width - 40), 280), (url, width, box)  # not squeezed into a column
                if column:
                    assert box["width"] >= column["width"] - 1, (url, width, box, column)
                assert box["height"] < 1500, (url, width, box)
                assert box["y"] > label["y"] + label["height"] - 1  # below the label, not beside it
                button = panel.locator("button.copy").bounding_box()
                first_line = panel.locator("li").first.bounding_box()
                assert button["y"] + button["height"] <= first_line["y"] + 1  # the Copy button covers no text
            overflow = tab.evaluate(
                "() => { const w = document.documentElement.clientWidth; "
                "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll') && "
                "e.getBoundingClientRect().right > w + 1 && "
                "getComputedStyle(e).position !== 'absolute').map(e => e.tagName + '.' + e.className).slice(0, 5); }"
            )
            assert overflow == [], (url, width)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_the_table_is_three_tabs_after_the_skip_link(page, server, article):
    page.goto(f"{server}/articles/{article['id']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "TR":
            break
    assert page.evaluate("document.activeElement.tagName") == "TR"
    assert page.evaluate("document.activeElement.closest('table').classList.contains('side-by-side')")


def test_no_target_is_refused_with_a_clear_error_on_the_form(page, server):
    page.goto(server + "/")
    page.fill("#text", TEXT)
    for box in page.locator('input[name="targets"]').all():
        box.set_checked(False)
    page.click('button[type="submit"]')
    assert page.locator("#form-error").inner_text() == "Choose at least one language to translate into."
    assert page.locator("fieldset.targets").get_attribute("aria-invalid") == "true"
    assert page.locator("#text").input_value().startswith("Le conseil municipal")  # nothing typed is lost
    articles = json.loads(urllib.request.urlopen(server + "/api/v1/articles").read())["articles"]
    assert all(a["targets"] for a in articles)


def test_english_sent_as_french_says_which_language_it_reads_as_in_a_readers_words(page, server):
    english = ("Storm hits the coast\n\nA violent storm hit the coast on Monday night. Thousands of homes lost power. "
               "The authorities asked residents to stay indoors until the wind drops.")  # fmt: skip
    page.goto(server + "/")
    page.fill("#text", english)
    page.select_option("#source", "fr")
    for box in page.locator('input[name="targets"]').all():
        box.set_checked(box.get_attribute("value") == "es")
    page.click('button[type="submit"]')
    page.wait_for_url("**/articles/**", timeout=120_000)
    facts = page.locator(".facts").inner_text()
    assert "The text reads as English, not French" in facts
    for warning in page.locator(".warnings .warning").all():
        text = warning.inner_text().strip()
        assert not text[0].islower() and "'auto'" not in text and "_" not in text, text


def test_form_glossary_label_favicon_and_the_delete_confirmation(page, server, article):
    page.goto(server + "/")
    label = page.locator('label[for="glossary_terms"]').inner_text()
    assert label.startswith("Terms for this article"), label
    icon = page.goto(server + "/favicon.ico")
    assert icon.status == 200 and "svg" in icon.headers["content-type"]
    page.goto(f"{server}/articles/{article['id']}/delete")
    assert page.evaluate("document.activeElement.tagName") != "BUTTON"  # nothing is one Enter from deleting
    keep, delete = (
        page.locator("form.confirm a.keep").bounding_box(),
        page.locator("form.confirm button").bounding_box(),
    )
    gap = (
        delete["x"] - (keep["x"] + keep["width"])
        if delete["x"] > keep["x"]
        else keep["x"] - (delete["x"] + delete["width"])
    )
    assert gap >= 16 or abs(delete["y"] - keep["y"]) >= keep["height"]


@pytest.mark.parametrize(("locale", "expected", "unexpected"), [("en", "%", " %"), ("fr", "\u00a0%", None)])
def test_the_confidence_tooltip_is_written_for_the_interface_locale(
    browser,
    server,
    article,
    locale,
    expected,
    unexpected,
):
    context = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale})
    tab = context.new_page()
    try:
        tab.goto(f"{server}/articles/{article['id']}")
        titles = [t for t in tab.locator("td.low").evaluate_all("cells => cells.map(c => c.title)") if t]
        assert titles
        word = "Confidence: " if locale == "en" else "Confiance : "
        shown = [t.split(word, 1)[1].split(".", 1)[0] for t in titles if word in t]
        assert shown and all(expected in s for s in shown), shown
        if unexpected:
            assert all(unexpected not in s for s in shown), shown
    finally:
        context.close()


def test_a_sentence_from_memory_is_marked_in_the_page(page, server):
    first = _post(server, "/api/v1/articles", {"text": TEXT, "targets": ["ca"]})
    number = next(s["index"] for s in first["sentences"] if s["text"].startswith("Les habitants")) + 1
    body = json.dumps({"text": "Els veïns esperaven aquesta votació."}).encode()
    request = urllib.request.Request(f"{server}/api/v1/articles/{first['id']}/sentences/ca/{number}", data=body,
                                     method="PATCH", headers={"Content-Type": "application/json"})  # fmt: skip
    urllib.request.urlopen(request, timeout=60).read()
    again = _post(server, "/api/v1/articles", {"text": TEXT, "targets": ["ca"]})
    page.goto(f"{server}/articles/{again['id']}")
    cell = page.locator(f'tr[data-s="{number - 1}"] td[data-col="1"]')
    assert cell.get_attribute("data-state") == "memory"
    assert cell.locator(".text").inner_text() == "Els veïns esperaven aquesta votació."
    assert cell.locator(".review-note").inner_text().startswith("From memory, reviewed on")
