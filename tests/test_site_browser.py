"""`pirtui site` in headless Chromium (Debian's `chromium`, over the DevTools protocol: tests/cdp.py).

The site of the sample reviews is opened from the file system and served over http on loopback:
pages load with no console error and no request outside the site, the index sorts and filters by
keyboard, search finds a review by a word of its timeline and opens it (Pagefind over http, the
embedded index from the file system), every link between pages resolves, the trends page shows
its charts, and at 375 px no page scrolls sideways.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from pirtui.site.build import build_site
from pirtui.site.search import pagefind_binary
from tests.cdp import CHROMIUM, Browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
TIMELINE_WORD = "baseline"
"""In the timeline of INC-2024-001 (db pool exhaustion), and in no other sample review."""

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium (.ci/run does)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reviews")
    for path in SAMPLES.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(folder, out)
    return out


@pytest.fixture(scope="module")
def served(site: Path):
    """The site on an http server on loopback, as Pages or any web server would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def browser(tmp_path: Path):
    with Browser(tmp_path / "profile") as chromium:
        yield chromium


def _inside(url: str, base: str) -> bool:
    return url.startswith(base) or url.startswith("data:") or url == "about:blank"


def test_the_index_loads_with_no_console_error_and_no_request_outside_the_site(browser: Browser, site: Path, served: str):
    for base in (site.as_uri() + "/", served):
        browser.requests.clear()
        browser.open(base + "index.html")
        browser.wait_for("document.querySelectorAll('#reviews th button').length === 8")  # the script ran
        browser.pump(0.3)  # events that arrive after the load (a late request would): gathered, not waited for
        assert browser.errors == []
        assert browser.requests and all(_inside(url, base) for url in browser.requests), browser.requests
        assert browser.evaluate("document.querySelectorAll('#reviews tbody tr').length") == 3


def test_sorting_and_filtering_work_by_keyboard(browser: Browser, site: Path):
    browser.open((site / "index.html").as_uri())
    ids = "Array.from(document.querySelectorAll('#reviews tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent).join(' ')"
    browser.wait_for("document.querySelectorAll('#reviews th button').length === 8")
    assert browser.evaluate(ids) == "INC-2024-042 INC-2024-017 INC-2024-001"  # newest first
    # Tab from the top of the page to the Severity column's button, then Enter sorts by it.
    for _ in range(40):
        browser.key("Tab")
        if browser.evaluate("document.activeElement.textContent") == "Severity":
            break
    assert browser.evaluate("document.activeElement.textContent") == "Severity"
    browser.key("Enter", "\r")
    browser.wait_for("document.querySelectorAll('#reviews th')[3].getAttribute('aria-sort') === 'ascending'")
    assert browser.evaluate(ids) == "INC-2024-017 INC-2024-001 INC-2024-042"  # SEV-1, SEV-2, SEV-3
    browser.key(" ", " ")  # Space on the same button: descending
    browser.wait_for("document.querySelectorAll('#reviews th')[3].getAttribute('aria-sort') === 'descending'")
    assert browser.evaluate(ids) == "INC-2024-042 INC-2024-001 INC-2024-017"
    # "/" jumps to the filter from anywhere; typed words keep only the matching rows.
    browser.evaluate("document.activeElement.blur()")
    browser.key("/", "/")
    assert browser.evaluate("document.activeElement.id") == "filter"
    browser.type("payments")
    browser.wait_for(f"{ids} === 'INC-2024-017'")
    assert browser.evaluate("document.getElementById('shown').textContent") == "1 of 3 reviews"
    browser.key("Escape")
    browser.wait_for(f"{ids}.split(' ').length === 3")


def _search_and_open(browser: Browser, search_url: str) -> str:
    browser.open(search_url)
    browser.wait_for("document.getElementById('search-status').textContent.startsWith('Type')")
    browser.evaluate("document.getElementById('q').focus()")
    browser.type(TIMELINE_WORD.lower())
    browser.key("Enter", "\r")
    browser.wait_for("document.querySelectorAll('#results a').length > 0")
    titles = browser.evaluate("Array.from(document.querySelectorAll('#results a')).map(a => a.textContent)")
    assert len(titles) == 1 and titles[0].startswith("INC-2024-001"), titles
    browser.evaluate("document.querySelector('#results a').focus()")
    browser.key("Enter", "\r")
    browser.wait_for("location.pathname.endsWith('/reviews/inc-2024-001.html') && document.readyState === 'complete'")
    assert TIMELINE_WORD in browser.evaluate("document.querySelector('article').textContent")
    return browser.evaluate("location.href")


def test_search_finds_a_review_by_a_word_of_its_timeline_from_the_file_system(browser: Browser, site: Path):
    _search_and_open(browser, (site / "search.html").as_uri())
    assert browser.errors == []


@pytest.mark.skipif(pagefind_binary() is None, reason="no Pagefind: pip install 'pirtui[site]' (the test extras have it)")
def test_search_over_http_uses_pagefind_and_opens_the_review(browser: Browser, site: Path, served: str):
    assert (site / "pagefind" / "pagefind.js").is_file()
    browser.requests.clear()
    _search_and_open(browser, served + "search.html")
    assert any("/pagefind/" in url for url in browser.requests), "the search did not go through Pagefind"
    assert all(_inside(url, served) for url in browser.requests), browser.requests
    assert browser.errors == []


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_link_between_pages_resolves(browser: Browser, site: Path):
    checked = 0
    for page in _pages(site):
        browser.open(page.as_uri())
        hrefs = browser.evaluate("Array.from(document.querySelectorAll('a[href], link[href], script[src]')).map(e => e.href || e.src)")
        for href in hrefs:
            url = urlparse(href)
            if url.scheme == "data":
                continue  # the empty favicon, which spares a request
            if url.scheme != "file":
                assert url.scheme in ("http", "https") and "pirtui" not in url.netloc, f"{page.name}: {href}"
                continue  # a ticket link to the team's tracker
            target = Path(unquote(url.path))
            assert target.is_file(), f"{page.relative_to(site)} links to a missing {href}"
            if url.fragment:
                text = target.read_text(encoding="utf-8")
                assert f'id="{url.fragment}"' in text, f"{page.relative_to(site)}: no #{url.fragment} in {target.name}"
            checked += 1
    assert checked > 50


def test_the_trends_page_shows_its_charts(browser: Browser, site: Path):
    browser.open((site / "trends.html").as_uri())
    charts = browser.evaluate(
        "Array.from(document.querySelectorAll('svg.chart')).map(s => [s.getBoundingClientRect().width, "
        "s.getBoundingClientRect().height, s.querySelectorAll('rect.bar').length])"
    )
    assert len(charts) == 5
    assert all(width > 200 and height > 60 for width, height, _ in charts), charts
    assert charts[0][2] == 3 and charts[1][2] == 2  # three months with an incident, two quarters
    fill = browser.evaluate("getComputedStyle(document.querySelector('rect.bar')).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")  # coloured by the stylesheet


def test_no_page_scrolls_sideways_at_375_px(browser: Browser, site: Path):
    browser.width(375)
    for page in _pages(site):
        browser.open(page.as_uri())
        wide = browser.evaluate("document.documentElement.scrollWidth")
        assert wide <= 375, f"{page.relative_to(site)} is {wide} px wide at 375"
    assert browser.evaluate("window.innerWidth") == 375


def test_dark_mode_print_styles_and_no_scripts(browser: Browser, site: Path):
    background = "getComputedStyle(document.body).backgroundColor"
    browser.send("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])
    browser.open((site / "index.html").as_uri())
    assert browser.evaluate(background) == "rgb(255, 255, 255)"
    browser.send("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    assert browser.evaluate(background) == "rgb(13, 17, 23)"
    browser.send("Emulation.setEmulatedMedia", media="print", features=[])
    assert browser.evaluate("getComputedStyle(document.querySelector('header.site nav')).display") == "none"
    assert browser.evaluate("getComputedStyle(document.querySelector('.tools')).display") == "none"
    browser.send("Emulation.setEmulatedMedia", media="", features=[])
    # Scripts off: the same table, every row, and no filter box that would do nothing.
    browser.send("Emulation.setScriptExecutionDisabled", value=True)
    browser.open((site / "index.html").as_uri())
    assert browser.evaluate("document.querySelectorAll('#reviews tbody tr').length") == 3  # DevTools still reads the page
    assert browser.evaluate("document.querySelectorAll('#reviews th button').length") == 0  # site.js did not run
    assert browser.evaluate("getComputedStyle(document.querySelector('.tools')).display") == "none"
    assert browser.evaluate("document.querySelector('#reviews tbody tr').cells[0].textContent") == "INC-2024-042"
    browser.send("Emulation.setScriptExecutionDisabled", value=False)


def test_the_embedded_index_that_is_too_large_says_search_needs_the_site_served(browser: Browser, site: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    (copy / "search-index.js").write_text("window.pirtuiSearchIndex = null;\n", encoding="utf-8")
    browser.open((copy / "search.html").as_uri() + "?q=baseline")
    status = browser.wait_for("document.getElementById('search-status').textContent.includes('served') && "
                              "document.getElementById('search-status').textContent")
    assert "Search needs the site served over http" in status
    assert browser.errors == []


@pytest.mark.skipif(pagefind_binary() is None, reason="no Pagefind: pip install 'pirtui[site]' (the test extras have it)")
def test_pagefind_indexes_only_the_pages_of_this_build(tmp_path: Path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    for path in SAMPLES.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    build_site(folder, out)
    assert len(list((out / "pagefind" / "fragment").iterdir())) == 3  # one fragment per page
    (folder / "inc-2024-042-slow-search.toml").unlink()
    report = build_site(folder, out)
    assert "reviews/inc-2024-042.html" in report.removed
    assert len(list((out / "pagefind" / "fragment").iterdir())) == 2
