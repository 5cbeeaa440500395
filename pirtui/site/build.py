"""Build the static site of a folder of reviews, rewriting only what changed.

The folder is read through the team index (`pirtui.team.index`): unchanged review files are not
read again. A review's page is rewritten only when its page key changes: the hash of its source,
its neighbours' labels, the build mode and the page layout. The pages that list reviews (index,
action items, trends, feed, search) are made afresh each build and written only when their content
differs. What a review needs beyond its index record (duration, `publish`; in the public site its
redacted record) is kept in the manifest under its content hash, so only changed reviews are parsed.

The public site (`public=True`) holds only reviews marked `publish = true`, each through the
`--public` render, without a link to its TOML; its manifest names no unpublished review (their
file names and hashes are kept hashed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pirtui.site.entries import Entry, Extras, assign_slugs, newest_first
from pirtui.site.output import SiteFolder
from pirtui.team.records import ReviewRecord

if TYPE_CHECKING:
    from pirtui.core.config import Config

LAYOUT_VERSION = "1"
"""Bump when a review page's HTML changes shape: every page is then written again."""

ASSETS = ("site.css", "site.js")


@dataclass
class BuildReport:
    """What a build did, for the command's one-line summary and for tests."""

    reviews: int = 0
    pages_written: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Public site: a published page that still holds an e-mail address, an IP address or a name."""
    search: str = ""
    """"pagefind and embedded index", or why only the embedded index."""


def _hashed(text: str) -> str:
    return hashlib.sha256(f"pirtui-site:{text}".encode()).hexdigest()[:24]


def build_site(
    folder: Path, out: Path, *, public: bool = False, force: bool = False, today: date | None = None,
    base_url: str = "", pagefind: bool = True, records: list[ReviewRecord] | None = None,
) -> BuildReport:
    """Write (or bring up to date) the site of `folder` in `out`; raises `SiteFolderError` (a
    `ReviewFileError`) when `out` holds files pirtui did not write, unless `force`."""
    from pirtui.core.config import load_config
    from pirtui.team.index import scan_records

    from pirtui.site.reading import prefetch, read_review, read_reviews
    from pirtui.team.folder import review_files

    today = today or date.today()
    config = load_config(folder)
    site = SiteFolder.open(out, force=force)
    mode = "public" if public else "internal"
    old_reviews: dict[str, Any] = site.state.get("reviews", {}) if site.state.get("mode") == mode else {}
    # A cold build renders every review: the pool starts on the files while the index is scanned.
    early = prefetch(review_files(folder), public) if not old_reviews and records is None else None
    try:
        if records is None:
            records = scan_records(folder)
    finally:
        prefetched = early.take() if early is not None else {}
    report = BuildReport(unreadable=[r.problem for r in records if r.problem])

    # 1. What each review needs beyond its record: from the manifest, or read now when it changed.
    def keys(record: ReviewRecord) -> tuple[str, str]:
        if public:  # the public manifest names no file and holds no hash of an unpublished review
            return _hashed(record.path.name), _hashed(record.sha256)
        return record.path.name, record.sha256

    readable = [record for record in records if not record.problem]
    changed = [r for r in readable if _stale(old_reviews.get(keys(r)[0], {}), keys(r)[1], public)]
    reads = {str(r.path): prefetched[str(r.path)] for r in changed
             if str(r.path) in prefetched and prefetched[str(r.path)].sha256 == r.sha256}
    del prefetched
    rest = [(str(r.path), r.sha256, r.modified_ns) for r in changed if str(r.path) not in reads]
    reads.update(read_reviews(rest, public))
    kept_reviews: dict[str, Any] = {}
    listed: list[tuple[ReviewRecord, Extras]] = []
    template_refs: dict[Path, str] = {}
    for record in readable:
        key, sha = keys(record)
        fresh = reads.get(str(record.path))
        if fresh is None:
            cached = old_reviews[key]
        elif fresh.entry is None:
            report.unreadable.append(f"{record.path}: changed while the site was built; built next time")
            continue
        else:
            cached = dict(fresh.entry, sha256=sha)
            report.warnings.extend(fresh.warnings)
        kept_reviews[key] = cached
        if public and not cached.get("publish"):
            continue
        extras = Extras(cached.get("duration", ""), cached.get("duration_minutes"), bool(cached.get("publish")))
        if public:
            from pirtui.team.records import record_from_json

            record = record_from_json(str(record.path), record.sha256, record.modified_ns, cached["record"])
        template_refs[record.path] = cached.get("template", "")
        listed.append((record, extras))

    slugs = assign_slugs([record for record, _ in listed])
    entries = newest_first([Entry(record, slugs[record.path], extras) for record, extras in listed])
    report.reviews = len(entries)

    # 2. One page per review, written when its key changed or the file is not as pirtui left it.
    from pirtui.site.pages import review_page

    state_pages: dict[str, str] = site.state.get("pages", {}) if site.state.get("mode") == mode else {}
    pages: dict[str, str] = {}
    changed_any = False
    left_out_of: dict[tuple[str, Path], str] = {}
    for i, entry in enumerate(entries):
        newer = entries[i - 1] if i > 0 else None
        older = entries[i + 1] if i + 1 < len(entries) else None
        page_key = _hashed("|".join((
            LAYOUT_VERSION, mode, entry.record.sha256, config.ticket_url,
            _left_out_key(template_refs.get(entry.record.path, ""), entry.record.path.parent, config, left_out_of) if public else "",
            newer.slug + newer.label if newer else "", older.slug + older.label if older else "",
        )))
        pages[entry.slug] = page_key
        rel = entry.page
        words_rel = f".pirtui-site/words/{entry.slug}.txt"
        source_rel = f"reviews/{entry.slug}.toml"
        up_to_date = (
            state_pages.get(entry.slug) == page_key and site.keep(rel) and site.keep(words_rel)
            and (public or site.keep(source_rel))
        )
        if up_to_date:
            continue
        changed_any = True
        path = entry.record.path
        done = reads.pop(str(path), None) or read_review(str(path), entry.record.sha256, entry.record.modified_ns, public)
        if done.entry is None:  # changed since it was indexed: the next build takes it
            report.unreadable.append(f"{path}: changed while the site was built; built next time")
            pages.pop(entry.slug)
            continue
        source = "" if public else f"{entry.slug}.toml"
        html = review_page(entry, done.body, newer=newer, older=older, source=source, public=public)
        if site.write(rel, html):
            report.pages_written += 1
        site.write(words_rel, done.words)
        if not public:
            site.write(source_rel, _source_bytes(path))
    if set(state_pages) != set(pages):
        changed_any = True

    # 3. The pages that list reviews: made afresh, written when they differ.
    _list_pages(site, entries, records, today, public=public, config=config, report=report)
    first_seen: dict[str, str] = dict(site.state.get("first_seen", {})) if site.state.get("mode") == mode else {}
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for entry in entries:
        first_seen.setdefault(entry.slug, now)
    first_seen = {slug: seen for slug, seen in first_seen.items() if slug in pages}
    from pirtui.site.feed import atom_feed

    site.write("feed.xml", atom_feed(entries, first_seen, base_url))

    # 4. Search: the embedded index always, Pagefind's when it is installed (over the pages of
    # this build only: those of reviews gone or unpublished are removed first).
    site.remove_stale("reviews/")
    _search(site, entries, changed_any, pagefind, report)
    for name in ASSETS:
        site.write(f"assets/{name}", resources.files("pirtui.site").joinpath("assets", name).read_bytes())
    site.write(".nojekyll", "")  # GitHub Pages: serve the files as they are

    report.removed = site.finish({"mode": mode, "reviews": kept_reviews, "pages": pages, "first_seen": first_seen})
    report.written = site.written
    return report


def _source_bytes(path: Path) -> bytes:
    """A review's TOML as the site offers it beside its page."""
    from pirtui.core.store import ReviewFileError

    try:
        return path.read_bytes()
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot read: {error.strerror or error}") from None


def _stale(old: dict[str, Any], sha: str, public: bool) -> bool:
    """Whether a review must be read again: its file changed since the manifest's entry, or (the
    public site) its published entry predates the template's ref being kept (`_left_out_key`)."""
    return old.get("sha256") != sha or (public and bool(old.get("publish")) and "template" not in old)


def _left_out_key(ref: str, folder: Path, config: Config, memo: dict[tuple[str, Path], str]) -> str:
    """What the public version of a review of template `ref` leaves out (`public.left_out`), for its
    page key: a change to the team's `public_excludes` or to the template's declaration writes the
    page again. Each template is asked once per build (`memo`)."""
    if (ref, folder) not in memo:
        from pirtui.core.public import left_out
        from pirtui.core.template.discovery import template_for
        from pirtui.core.template.loader import TemplateError

        try:
            memo[ref, folder] = " ".join(sorted(left_out(template_for(ref, folder), config)))
        except TemplateError as error:  # such a review is not read either; its page is not kept
            memo[ref, folder] = str(error)
    return memo[ref, folder]


def _list_pages(site: SiteFolder, entries: list[Entry], records: list[ReviewRecord], today: date, *, public: bool, config, report: BuildReport) -> None:  # noqa: ANN001
    from pirtui.site.pages import actions_page, index_page, search_page, trends_page
    from pirtui.team.actions import action_rows
    from pirtui.team.stats import team_stats

    listed = [entry.record for entry in entries]
    slugs = {str(entry.record.path): entry.slug for entry in entries}
    site.write("index.html", index_page(entries, today, public=public, problems=report.unreadable))
    site.write("actions.html", actions_page(action_rows(listed, today, config.ticket_url), slugs, today, public=public))
    site.write("trends.html", trends_page(team_stats(listed, today, "month"), team_stats(listed, today, "quarter"), public=public))
    site.write("search.html", search_page(public=public, engine="pagefind embedded"))


def _search(site: SiteFolder, entries: list[Entry], changed: bool, use_pagefind: bool, report: BuildReport) -> None:
    from pirtui.site.search import embedded_index, pagefind_binary, run_pagefind

    if changed or not site.keep("search-index.js"):
        items = []
        for entry in entries:
            try:
                text = (site.root / f".pirtui-site/words/{entry.slug}.txt").read_text(encoding="utf-8")
            except OSError:
                text = ""
            items.append((entry.page, entry.label, text))
        site.write("search-index.js", embedded_index(items))
    binary = pagefind_binary() if use_pagefind else None
    old = [rel for rel in site.old_files if rel.startswith("pagefind/")]
    if binary is None:
        report.search = "embedded index only (pip install 'pirtui[site]' adds Pagefind)" if use_pagefind else "embedded index only"
        return
    if not changed and old and all(site.keep(rel) for rel in old):
        report.search = "Pagefind and embedded index"
        return
    files = run_pagefind(site.root, binary) if entries else {}
    if isinstance(files, str):
        report.search = f"embedded index only ({files})"
        return
    for rel, data in files.items():
        site.write(rel, data)
    report.search = "Pagefind and embedded index"
