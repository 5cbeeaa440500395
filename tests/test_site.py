"""`pirtui site`: what it writes, what it rewrites after a change, what it refuses, the public site.

The browser side (loading, keyboard, search, links, phone width) is tests/test_site_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.config import load_config
from pirtui.core.html import markdown_to_html
from pirtui.core.public import public_markdown
from pirtui.site.build import build_site
from pirtui.site.entries import slug_of
from pirtui.site.output import MANIFEST, MARKER, SiteFolderError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_reviews").glob("*.toml"))
TODAY = date(2026, 12, 7)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    for path in SAMPLES:
        shutil.copy(path, reviews / path.name)
    return reviews


def build(folder: Path, out: Path, **options):
    return build_site(folder, out, today=TODAY, pagefind=False, **options)


def test_the_site_has_an_index_a_page_per_review_actions_trends_search_and_a_feed(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    report = build(folder, out)
    assert report.reviews == 3 and report.pages_written == 3
    for name in ("index.html", "actions.html", "trends.html", "search.html", "feed.xml", "search-index.js",
                 "assets/site.css", "assets/site.js", "reviews/inc-2024-001.html", "reviews/inc-2024-001.toml"):
        assert (out / name).is_file(), name
    index = (out / "index.html").read_text(encoding="utf-8")
    for column in ("ID", "Title", "Date", "Severity", "Status", "Services", "Duration", "Open actions"):
        assert f'<th scope="col">{column}</th>' in index
    assert index.index("INC-2024-042") < index.index("INC-2024-017") < index.index("INC-2024-001")  # newest first
    assert '<td data-label="Duration" data-v="45">45 minutes</td>' in index
    assert "<svg" in (out / "trends.html").read_text(encoding="utf-8")


def test_a_review_page_is_the_html_render_with_its_neighbours_and_source(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    page = (out / "reviews" / "inc-2024-017.html").read_text(encoding="utf-8")
    assert "<h1>INC-2024-017: Orders database split brain during network maintenance</h1>" in page
    assert '<a rel="prev" href="inc-2024-042.html">' in page and '<a rel="next" href="inc-2024-001.html">' in page
    assert '<a href="inc-2024-017.toml" type="application/toml">' in page
    assert (out / "reviews" / "inc-2024-017.toml").read_bytes() == (folder / "inc-2024-017-orders-split-brain.toml").read_bytes()
    assert '<meta name="robots" content="noindex, nofollow">' in page and MARKER in page
    newest = (out / "reviews" / "inc-2024-042.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in newest and 'rel="next"' in newest


def test_every_page_forbids_outside_requests_and_holds_no_inline_script(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), page  # scripts only from files
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text.split("<main", 1)[0]), page  # head and header: no other host
        assert " style=" not in text


def test_text_from_a_review_is_escaped_everywhere(folder: Path, tmp_path: Path):
    path = folder / SAMPLES[0].name
    review = store.load(path)
    review.title = '<script>alert(1)</script>'
    review.incident.impacted_services = ['"><img src=x onerror=alert(1)>']
    review.action_items[0].owner = "<b>Maria</b>"
    store.atomic_write(path, store.dumps(review))
    out = tmp_path / "site"
    build(folder, out)
    for name in ("index.html", "actions.html", "feed.xml", "reviews/inc-2024-001.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>Maria" not in text, name
    ET.fromstring((out / "feed.xml").read_bytes())


def test_each_review_keeps_a_stable_url_from_its_id(folder: Path, tmp_path: Path):
    assert slug_of("INC-2024-001") == "inc-2024-001"
    assert slug_of("  Ops/42: DB ") == "ops-42-db"
    out = tmp_path / "site"
    build(folder, out)
    # A new, older review changes the order and neighbours but no review's URL.
    review = store.load(SAMPLES[0])
    review.incident.id = "INC-2023-900"
    review.incident.start = "2023-05-01 10:00"
    store.atomic_write(folder / "old.toml", store.dumps(review))
    build(folder, out)
    assert sorted(p.name for p in (out / "reviews").glob("*.html")) == [
        "inc-2023-900.html", "inc-2024-001.html", "inc-2024-017.html", "inc-2024-042.html"]
    # Two reviews with one ID: the one whose file name sorts first keeps the plain URL.
    store.atomic_write(folder / "zz-copy.toml", store.dumps(store.load(SAMPLES[1])))
    build(folder, out)
    assert (out / "reviews" / "inc-2024-017.html").is_file()
    assert (out / "reviews" / "inc-2024-017-zz-copy.html").is_file()


def test_a_second_build_with_nothing_changed_writes_nothing(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    again = build(folder, out)
    assert again.written == [] and again.removed == []


def test_after_one_review_changes_only_its_page_and_the_pages_that_list_it_are_rewritten(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    path = folder / "inc-2024-017-orders-split-brain.toml"
    review = store.load(path)
    review.summary += " One more sentence."
    store.atomic_write(path, store.dumps(review))
    report = build(folder, out)
    assert set(report.written) == {
        "reviews/inc-2024-017.html", "reviews/inc-2024-017.toml", ".pirtui-site/words/inc-2024-017.txt", "search-index.js",
    }
    assert report.pages_written == 1
    # A change the index shows (the status) also rewrites the index, but still no other review page.
    review.status = "in review"
    store.atomic_write(path, store.dumps(review))
    report = build(folder, out)
    assert "index.html" in report.written
    assert [rel for rel in report.written if rel.endswith(".html") and rel.startswith("reviews/")] == ["reviews/inc-2024-017.html"]


def test_a_title_change_rewrites_the_neighbours_that_link_it(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    path = folder / "inc-2024-017-orders-split-brain.toml"
    review = store.load(path)
    review.title = "Split brain"
    store.atomic_write(path, store.dumps(review))
    report = build(folder, out)
    pages = sorted(rel for rel in report.written if rel.startswith("reviews/") and rel.endswith(".html"))
    assert pages == ["reviews/inc-2024-001.html", "reviews/inc-2024-017.html", "reviews/inc-2024-042.html"]
    assert "Older: INC-2024-017: Split brain" in (out / "reviews" / "inc-2024-042.html").read_text(encoding="utf-8")


def test_a_deleted_review_loses_its_page(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    (folder / "inc-2024-042-slow-search.toml").unlink()
    report = build(folder, out)
    assert "reviews/inc-2024-042.html" in report.removed and not (out / "reviews" / "inc-2024-042.html").exists()
    assert "inc-2024-042" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_page_deleted_or_edited_by_hand_is_noticed(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    (out / "reviews" / "inc-2024-001.html").unlink()
    assert build(folder, out).written == ["reviews/inc-2024-001.html"]
    page = out / "reviews" / "inc-2024-001.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- my note -->", encoding="utf-8")
    with pytest.raises(SiteFolderError, match=r"holds files pirtui did not write \(reviews/inc-2024-001.html\)"):
        build(folder, out)
    assert "my note" in page.read_text(encoding="utf-8")


def test_a_folder_with_files_pirtui_did_not_write_is_refused_unless_forced(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    with pytest.raises(SiteFolderError, match="holds files pirtui did not write"):
        build(folder, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.txt"]  # nothing written
    build(folder, out, force=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert MARKER in (out / "index.html").read_text(encoding="utf-8")
    # From then on the site is pirtui's, except the file it never wrote: still refused without --force.
    with pytest.raises(SiteFolderError, match=r"\(notes.txt\)"):
        build(folder, out)


def test_a_site_whose_manifest_is_lost_is_still_pirtuis_by_its_marker(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    shutil.rmtree(out / ".pirtui-site")
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".html":
            path.unlink()
    build(folder, out)  # only marked pages were left: not refused
    assert (out / MANIFEST).is_file()


def _publish(folder: Path, name: str) -> None:
    path = folder / name
    review = store.load(path)
    review.publish = True
    store.atomic_write(path, store.dumps(review))


def test_the_public_site_holds_only_published_reviews_each_as_its_public_render(folder: Path, tmp_path: Path):
    _publish(folder, "inc-2024-001-db-pool-exhaustion.toml")
    out = tmp_path / "public"
    report = build(folder, out, public=True)
    assert report.reviews == 1
    assert sorted(p.name for p in (out / "reviews").iterdir()) == ["inc-2024-001.html"]  # no TOML source
    page = (out / "reviews" / "inc-2024-001.html").read_text(encoding="utf-8")
    assert "noindex" not in page and ".toml" not in page
    review = store.load(folder / "inc-2024-001-db-pool-exhaustion.toml")
    assert markdown_to_html(public_markdown(review, load_config(folder))) in page
    assert markdown_to_html(store.rendered_markdown(folder / "x.toml", review)) not in page
    # As `render --public` does, the build warns of names still in the free text.
    assert "Maria Chen" not in page  # the review's people are named by their role in public
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    for hidden in ("INC-2024-017", "INC-2024-042", "split-brain", "slow-search", "orders-db"):
        assert hidden not in everything, hidden


def test_unpublishing_a_review_removes_it_from_the_public_site(folder: Path, tmp_path: Path):
    _publish(folder, "inc-2024-001-db-pool-exhaustion.toml")
    _publish(folder, "inc-2024-042-slow-search.toml")
    out = tmp_path / "public"
    build(folder, out, public=True)
    path = folder / "inc-2024-042-slow-search.toml"
    review = store.load(path)
    review.publish = False
    store.atomic_write(path, store.dumps(review))
    report = build(folder, out, public=True)
    assert "reviews/inc-2024-042.html" in report.removed and report.reviews == 1


def test_publish_is_absent_from_existing_reviews_and_written_only_when_set():
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        review = store.loads(text)
        assert review.publish is None and "publish" not in store.dumps(review)
    review.publish = True
    assert "\npublish = true\n" in store.dumps(review)
    assert store.loads(store.dumps(review)).publish is True
    review.publish = False
    assert store.loads(store.dumps(review)).publish is False


def test_the_feed_lists_reviews_with_stable_ids_and_links(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out, base_url="https://team.example/reviews/")
    feed = ET.fromstring((out / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 3
    ids = {e.find(f"{atom}id").text for e in entries}
    assert "urn:pirtui:review:inc-2024-001" in ids
    links = {e.find(f"{atom}link").get("href") for e in entries}
    assert "https://team.example/reviews/reviews/inc-2024-001.html" in links
    first = (out / "feed.xml").read_text(encoding="utf-8")
    build(folder, out, base_url="https://team.example/reviews/")
    assert (out / "feed.xml").read_text(encoding="utf-8") == first  # rebuilding does not make reviews new


def test_the_actions_page_lists_open_items_by_owner_with_ticket_links(folder: Path, tmp_path: Path):
    (folder / ".pirtui.toml").write_text('ticket_url = "https://tracker.example/browse/{ticket}"\n', encoding="utf-8")
    out = tmp_path / "site"
    build(folder, out)
    page = (out / "actions.html").read_text(encoding="utf-8")
    review = store.load(SAMPLES[0])
    item = next(i for i in review.action_items if i.ticket and i.status.lower() not in ("done", "won't do"))
    assert f'href="https://tracker.example/browse/{item.ticket}"' in page
    assert f"<h3 id=\"owner-" in page and item.owner in page
    assert '<h2 id="overdue">Overdue</h2>' in page


def test_the_embedded_search_index_holds_each_reviews_words(folder: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(folder, out)
    script = (out / "search-index.js").read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("window.pirtuiSearchIndex = ").rstrip().rstrip(";"))
    by_page = {page: words.split() for page, _label, words in data}
    assert "baseline" in by_page["reviews/inc-2024-001.html"]
    assert "baseline" not in by_page["reviews/inc-2024-042.html"]


def test_the_command_builds_and_says_what_it_wrote(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture):
    out = tmp_path / "site"
    assert main(["site", str(folder), "-o", str(out), "--no-pagefind"]) == 0
    err = capsys.readouterr().err
    assert "internal site (noindex) of 3 reviews" in err and "3 review pages" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("case", ["no folder", "output is the folder", "foreign files", "output is a file"])
def test_the_command_fails_in_one_line(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture, case: str):
    out = tmp_path / "site"
    source = folder
    if case == "no folder":
        source = tmp_path / "missing"
    elif case == "output is the folder":
        out = folder
    elif case == "foreign files":
        out.mkdir()
        (out / "x.txt").write_text("x", encoding="utf-8")
    else:
        out.write_text("x", encoding="utf-8")
    assert main(["site", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pirtui: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_reviews_read_by_a_process_pool_give_the_same_site(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    build(folder, tmp_path / "one")
    import concurrent.futures

    pools = []

    class Counted(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("pirtui.site.reading.POOL_FROM", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    build(folder, tmp_path / "pool")
    assert len(pools) == 1
    for page in (tmp_path / "one").rglob("*"):
        if page.is_file() and page.name not in ("manifest.json", "feed.xml"):  # those hold the build's time
            assert (tmp_path / "pool" / page.relative_to(tmp_path / "one")).read_bytes() == page.read_bytes(), page.name


def test_an_embedded_index_too_large_for_one_script_is_left_empty(monkeypatch: pytest.MonkeyPatch):
    from pirtui.site import search

    items = [("reviews/a.html", "A", "alpha beta"), ("reviews/b.html", "B", "gamma")]
    assert json.loads(search.embedded_index(items).split(" = ", 1)[1].rstrip(";\n")) == [list(i) for i in items]
    monkeypatch.setattr(search, "EMBEDDED_LIMIT", 20)
    assert search.embedded_index(items) == "window.pirtuiSearchIndex = null;\n"


def test_words_of_a_page_are_its_distinct_words_without_markup():
    from pirtui.site.search import words_of

    assert words_of("<p>The <b>pool</b> was full; the POOL&amp;co ran dry. A x</p>") == "the pool was full co ran dry"


def test_an_unwritable_site_folder_fails_in_one_line(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture):
    out = tmp_path / "site"
    out.mkdir()
    (out / ".pirtui-site").write_text("in the way", encoding="utf-8")  # a file where the manifest's folder goes
    assert main(["site", str(folder), "-o", str(out), "--force", "--no-pagefind"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("pirtui: ") and ".pirtui-site" in err[0]
