"""render --format html: one self-contained, escaped page, shown and printed by a real headless
Chromium (Debian's package; .ci/run installs it)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.cli.main import main
from pirtui.core.html import html_page
from pirtui.core.model import new_review
from pirtui.core.render import render
from pirtui.core.sections import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_render_html_writes_one_page_beside_the_source(tmp_path: Path):
    source = tmp_path / "inc.toml"
    shutil.copy(SAMPLE, source)
    assert main(["render", "--format", "html", str(source)]) == 0
    page = (tmp_path / "inc.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>INC-2024-001: Database connection pool exhaustion</h1>" in page
    assert "<title>INC-2024-001: Database connection pool exhaustion</title>" in page
    assert page.count("<h2>") == len(SECTIONS)
    assert "<table>" in page and "<th>Severity</th>" in page


def test_the_page_loads_nothing_from_the_network():
    page = html_page(render(store.load(SAMPLE)), "inc")
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert "@media print" in page and "break-before: page" in page


def test_everything_from_the_review_is_escaped():
    review = new_review("INC-1")
    review.title = "<script>alert(1)</script>"
    review.summary = 'Text with <b onmouseover="x">html</b>, [a link](javascript:alert(1)) and ![img](http://example.com/t.png)\x1b]0;t\x07'
    page = html_page(render(review), '"><script>')
    assert "<script>" not in page and "<b " not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<img" not in page
    assert "\x1b" not in page and "\x07" not in page
    assert "<title>&quot;&gt;&lt;script&gt;</title>" in page


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def chromium(tmp_path: Path, *args: str) -> None:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium (.ci/run does)")
def test_chromium_shows_the_page_and_prints_one_section_per_page(tmp_path: Path):
    source = tmp_path / "inc.toml"
    shutil.copy(SAMPLE, source)
    assert main(["render", "--format", "html", str(source)]) == 0
    url = (tmp_path / "inc.html").as_uri()

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", url)
    assert png_size(shot) == (1000, 1400)
    assert shot.stat().st_size > 20_000  # a page of text and tables, not a blank one

    pdf = tmp_path / "inc.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    # each section starts a page (the first shares the title's); long ones take more than one
    assert pages >= len(SECTIONS)


# -- the rule of files the user names (issue 24): HTML follows it exactly as Markdown does --------------


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "inc.toml"
    shutil.copy(SAMPLE, source)
    return source


def test_render_html_never_overwrites_another_reviews_toml(tmp_path: Path, capsys):
    source = _source(tmp_path)
    other = tmp_path / "other.toml"
    shutil.copy(SAMPLE, other)
    before = other.read_bytes()
    assert main(["render", "--format", "html", str(source), "-o", str(other)]) == 2
    assert other.read_bytes() == before
    assert "not pirtui's rendering" in capsys.readouterr().err


def test_render_html_never_overwrites_a_hand_written_page_or_markdown_without_force(tmp_path: Path):
    source = _source(tmp_path)
    for name in ("inc.html", "notes.md"):
        target = tmp_path / name
        target.write_text("<p>written by hand</p>\n", encoding="utf-8")
        assert main(["render", "--format", "html", str(source), "-o", str(target)]) == 2
        assert target.read_text(encoding="utf-8") == "<p>written by hand</p>\n"
        assert main(["render", "--format", "html", "--force", str(source), "-o", str(target)]) == 0
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_html_never_writes_through_a_link_to_a_file_it_did_not_write(tmp_path: Path):
    source = _source(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "inc.html").symlink_to(victim)
    assert main(["render", "--format", "html", str(source)]) == 2
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_pirtuis_own_page_carries_a_marker_and_is_replaced_after_an_edit_but_not_after_a_hand_edit(tmp_path: Path):
    source = _source(tmp_path)
    page = tmp_path / "inc.html"
    assert main(["render", "--format", "html", str(source)]) == 0
    text = page.read_text(encoding="utf-8")
    assert re.search(r"</html>\n<!-- pirtui: rendered from inc\.toml; .* sha256:[0-9a-f]{16} -->\n\Z", text)
    review = store.load(source)
    review.title = "Renamed"
    store.save(source, review)
    assert main(["render", "--format", "html", str(source)]) == 0  # pirtui's own page: replaced
    assert "Renamed" in page.read_text(encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8").replace("Renamed", "Edited by hand"), encoding="utf-8")
    review.title = "Again"
    store.save(source, review)
    assert main(["render", "--format", "html", str(source)]) == 2  # edited by hand: kept
    assert "Edited by hand" in page.read_text(encoding="utf-8")
    assert main(["render", "--check", "--format", "html", str(source)]) == 1


def test_only_http_and_mail_links_become_hrefs():
    review = new_review("INC-1", "2024-01-01")
    review.summary = ("[a](vscode://file/etc/passwd) [b](data:text/html,x) [c](JavaScript:alert(1)) [d](ssh://h) "
                      "[e](https://ok.example/) [f](mailto:sre@example.com) [g](#incident-information)")
    page = html_page(render(review), "t")
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs == ["https://ok.example/", "mailto:sre@example.com", "#incident-information"]
