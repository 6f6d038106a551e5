"""axe-core (from npm, installed by scripts/setup --dev) on every page, English and French, desktop and phone.

Fails on any violation of impact serious or critical; keeps a screenshot of
every page at both sizes in both languages ($SCREENSHOT_DIR to look at them).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.support import ROOT, in_ci
from tests.test_browser import ARGS, CHROMIUM, screenshots_dir, server  # noqa: F401  (the gunicorn fixture)

AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None and not in_ci(), reason="Debian chromium is not installed (scripts/test installs it)"
    ),
    pytest.mark.skipif(
        not AXE.is_file() and not in_ci(), reason="axe-core is not installed (scripts/setup --dev installs it with npm)"
    ),
]


def english_only_strings() -> set[str]:
    """Interface strings whose French differs: none of them may show on a French page."""
    from babel.messages.pofile import read_po

    with open(ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    return {
        str(m.id).split("%(")[0].strip()
        for m in catalog
        if m.id and m.string and m.string != m.id and len(str(m.id).split("%(")[0].strip()) >= 12
    }


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def pages(server, sample_text):  # noqa: F811
    """Every kind of page, as paths on the live server."""
    languages = json.loads(urllib.request.urlopen(server + "/api/v1/languages", timeout=30).read())
    targets = sorted(p["target"] for p in languages["pairs"] if p["source"] == "fr")
    assert len(targets) >= 8, targets
    three = _post(server + "/api/v1/articles", {"text": sample_text, "targets": targets[:3]})["id"]
    eight = _post(server + "/api/v1/articles", {"text": sample_text, "targets": targets[:8]})["id"]
    job = _post(server + "/api/v1/jobs", {"text": sample_text + "\n\nUne note.", "targets": targets[:2]})["id"]
    # A corrected sentence, and the same article again: its page shows a reviewed and a remembered sentence.
    correction = json.dumps({"text": "Una frase corregida."}).encode()
    patch = urllib.request.Request(f"{server}/api/v1/articles/{three}/sentences/{targets[0]}/3", data=correction,
                                   method="PATCH", headers={"Content-Type": "application/json"})  # fmt: skip
    urllib.request.urlopen(patch, timeout=60).read()
    remembered = _post(server + "/api/v1/articles", {"text": sample_text, "targets": targets[:3]})["id"]
    return {
        "form": "/",
        "documents": "/documents",
        "job": f"/jobs/{job}",
        "result-3": f"/articles/{three}",
        "result-8": f"/articles/{eight}",
        "summary-only": f"/articles/{three}?view=summary",
        "sentence": f"/articles/{three}/sentences/{targets[0]}/3",
        "remembered": f"/articles/{remembered}",
        "only-doubtful": f"/articles/{three}?doubtful=1",
        "delete": f"/articles/{three}/delete",
        "saved": "/articles",
        "glossaries": "/glossaries",
        "api-docs": "/api/v1/docs",
        "not-found": "/no/such/page",
        "not-allowed": "/logout",
    }


@pytest.fixture(scope="module")
def audit_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_serious_accessibility_violation(audit_browser, server, pages, size, language, tmp_path):  # noqa: F811
    width, height = SIZES[size]
    # The audit script is injected into pages whose CSP forbids it: only this test context bypasses the CSP.
    context = audit_browser.new_context(viewport={"width": width, "height": height}, locale=language,
                                        extra_http_headers={"Accept-Language": language}, bypass_csp=True)  # fmt: skip
    problems, minor, english = [], [], []
    english_only = english_only_strings()
    folder = screenshots_dir(tmp_path)
    page = None
    try:
        for name, path in pages.items():
            # A fresh tab per page: the job page opens its result by itself when the job ends, which would abort
            # the next page's navigation in the same tab.
            if page is not None:
                page.close()
            page = context.new_page()
            page.goto(server + path)
            page.add_script_tag(path=str(AXE))
            report = page.evaluate(
                "async () => { const r = await axe.run(document); return {passes: r.passes.length, violations: "
                "r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                "nodes: v.nodes.slice(0, 3).map(n => n.target)}))}; }"
            )
            assert report["passes"] > 10, (name, report)  # the audit really ran on a real page
            problems += [(name, v) for v in report["violations"] if v["impact"] in ("serious", "critical")]
            if language == "fr":
                visible = page.evaluate("document.body.innerText + ' ' + [...document.querySelectorAll("
                                        "'[title],[aria-label],[placeholder],[alt]')].map(e => e.title + ' ' + "
                                        "(e.getAttribute('aria-label') || '') + ' ' + (e.placeholder || '') + ' ' + "
                                        "(e.alt || '')).join(' ')")  # fmt: skip
                english += [(name, s) for s in english_only if s in visible]
            minor += [
                (name, v["id"], v["impact"]) for v in report["violations"] if v["impact"] not in ("serious", "critical")
            ]
            page.screenshot(path=str(folder / f"{name}-{language}-{size}.png"), full_page=False)
    finally:
        context.close()
    assert problems == [], "\n".join(
        f"{name}: {v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for name, v in problems
    )
    assert english == [], f"English strings on French pages: {english}"
