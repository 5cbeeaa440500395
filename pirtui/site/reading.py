"""Reading and rendering the reviews that changed since the last build, on every core.

Turning a review's Markdown into HTML (markdown-it-py, `pirtui.core.html`) is most of a cold
build's time, so when many reviews changed they are read and rendered by a pool of processes, one
per core; a few are done in this process (starting the pool would cost more). Each review is
read once: what the manifest keeps of it (duration, `publish`, the public record) and its page's
body come from the same read, checked against the content hash the index saw.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

POOL_FROM = 48
"""Changed reviews from which a process pool pays for its start."""


@dataclass
class ReadReview:
    """One review read and rendered: `entry` is None when the file no longer holds what was indexed."""

    entry: dict[str, Any] | None
    sha256: str = ""
    """Of the text read and rendered."""
    body: str = ""
    """The page body: the HTML render of the review (its public version for the public site)."""
    words: str = ""
    """The body's distinct words, for the embedded search index."""
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=8)
def _config(folder: str):  # noqa: ANN202 - a pirtui.core.config.Config
    from pirtui.core.config import load_config

    return load_config(Path(folder))


def read_review(path: str, sha256: str, modified_ns: int, public: bool) -> ReadReview:
    """Read, check and render one review file (a top-level function, so a pool can run it);
    `sha256` "" takes the file as it is (the result says which content it read)."""
    from pirtui.core import store
    from pirtui.core.html import markdown_to_html
    from pirtui.site.entries import extras_of
    from pirtui.site.search import words_of
    from pirtui.team.records import read_file

    source = Path(path)
    text, digest = read_file(source)
    if text is None or (sha256 and digest != sha256):
        return ReadReview(None)
    try:
        review = store.loads(text, path)
    except store.ReviewFileError:
        return ReadReview(None)
    entry: dict[str, Any] = asdict(extras_of(review))
    warnings: list[str] = []
    if public:
        if not entry["publish"]:
            return ReadReview({"publish": False}, digest)
        from pirtui.core.public import private_words, public_copy, public_markdown
        from pirtui.core.sections import template_of
        from pirtui.team.records import record_of, record_to_json

        config = _config(str(source.parent))
        entry["template"] = template_of(review).ref  # the page key asks it what is left out (build._left_out_key)
        entry["record"] = record_to_json(record_of(source, public_copy(review, config), digest, modified_ns))
        markdown = public_markdown(review, config)
        warnings = [f"{path}: its public page still contains {kind} {word!r}" for kind, word in private_words(review, markdown)]
    else:
        markdown = store.rendered_markdown(source, review)
    body = markdown_to_html(markdown)
    return ReadReview(entry, digest, body, words_of(body), warnings)


def read_reviews(wanted: list[tuple[str, str, int]], public: bool) -> dict[str, ReadReview]:
    """`read_review` for each (path, sha256, modified_ns); path -> result."""
    if len(wanted) < POOL_FROM or (os.cpu_count() or 1) < 2:
        return {path: read_review(path, sha, mtime, public) for path, sha, mtime in wanted}
    from concurrent.futures import ProcessPoolExecutor

    paths, shas, mtimes = zip(*wanted)
    workers = min(os.cpu_count() or 2, 8)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(read_review, paths, shas, mtimes, [public] * len(paths), chunksize=max(1, len(paths) // (workers * 8)))
        return dict(zip(paths, results))


class Prefetch:
    """A cold build's reading started before the folder index is scanned, so that the pool renders
    while this process fills the index; `take` gives what was read, by path."""

    def __init__(self, paths: list[Path], public: bool) -> None:
        from concurrent.futures import ProcessPoolExecutor

        workers = min(os.cpu_count() or 2, 8)
        self.pool = ProcessPoolExecutor(max_workers=workers)
        names = [str(path) for path in paths]
        self.paths = names
        self.results = self.pool.map(read_review, names, [""] * len(names), [0] * len(names), [public] * len(names),
                                     chunksize=max(1, len(names) // (workers * 8)))

    def take(self) -> dict[str, ReadReview]:
        """Every file's result (waits for the pool), then the pool is shut down."""
        try:
            return dict(zip(self.paths, self.results))
        finally:
            self.pool.shutdown()


def prefetch(paths: list[Path], public: bool) -> Prefetch | None:
    """Start reading every review file in a pool when a cold build has enough of them; else None."""
    if len(paths) < POOL_FROM or (os.cpu_count() or 1) < 2:
        return None
    return Prefetch(paths, public)
