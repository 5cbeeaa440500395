"""Full-text search with no server: Pagefind when it is installed, an embedded index always.

Pagefind (`pip install 'pirtui[site]'`, which brings its binary from PyPI) indexes the review pages
into `pagefind/`: served over http (Pages, any web server) the search page asks it, and it loads
only the parts of the index a query needs. Browsers refuse those loads from the file system, so
the site also holds `search-index.js`, every review's words in one script that a page opened from
disk can load; a site too large for that says plainly that search needs the site served.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

EMBEDDED_LIMIT = 24 * 1024 * 1024
"""Above this many bytes the embedded index is left empty: a browser would stall loading it."""

UNUSED = re.compile(r"^pagefind-(ui|modular-ui|component-ui|highlight)\.|^playground/")
"""Pagefind's own widgets: the site has its search page, so they are not copied."""


def words_of(html_or_text: str) -> str:
    """The distinct words of a page's text, lower case, in first-seen order: what the embedded index
    holds per review (markup, entities and one-letter words left out)."""
    plain = re.sub(r"<[^>]+>", " ", html_or_text)
    plain = re.sub(r"&(?:[a-z]+|#\d+);", " ", plain)
    seen: dict[str, None] = {}
    for word in re.findall(r"[^\W_][\w'-]*", plain.lower()):
        if len(word) > 1:
            seen.setdefault(word.strip("'-"), None)
    return " ".join(seen)


def embedded_index(items: list[tuple[str, str, str]]) -> str:
    """`search-index.js`: (page, label, words) per review for the file-system fallback; `null`
    when the site is too large for one script."""
    data = json.dumps([list(item) for item in items], ensure_ascii=False, separators=(",", ":"))
    if len(data.encode("utf-8")) > EMBEDDED_LIMIT:
        data = "null"
    return f"window.pirtuiSearchIndex = {data};\n"


def pagefind_binary() -> str | None:
    """Pagefind's binary from its PyPI package (plain or extended), else one on PATH; None when absent."""
    for module in ("pagefind_bin", "pagefind_bin_extended"):
        try:
            found = __import__(module).get_executable()
        except Exception:  # noqa: BLE001 - not installed, or a wheel for another platform
            continue
        if found and os.access(found, os.X_OK):
            return str(found)
    return shutil.which("pagefind")


def run_pagefind(site: Path, binary: str) -> dict[str, bytes] | str:
    """Pagefind's index of the review pages (`reviews/*.html`): relative path -> bytes, for the site
    to write through its own file rule; or the one-line reason it could not run."""
    with tempfile.TemporaryDirectory(prefix="pirtui-pagefind-") as tmp:
        out = Path(tmp) / "pagefind"
        try:
            result = subprocess.run(
                [binary, "--site", str(site), "--glob", "reviews/*.html", "--output-path", str(out), "--silent"],
                capture_output=True, text=True, timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as error:
            return f"pagefind did not run: {error}"
        if result.returncode != 0:
            last = (result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}").splitlines()[-1]
            return f"pagefind failed: {last}"
        files = {}
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and not UNUSED.search(rel):
                files[f"pagefind/{rel}"] = path.read_bytes()
        return files
