"""An Atom feed of new reviews (feed.xml), newest first, so readers learn of a review as it lands.

A review's entry is dated when the site first listed it (the manifest keeps that), so rebuilding
does not make an old review new again. Links are relative to the feed unless a base URL is given
(Atom resolves them against the feed's own address); ids are `urn:pirtui:review:SLUG`, stable
as the page URL is.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from pirtui.site.entries import Entry

LIMIT = 50
"""Entries in the feed."""


def atom_feed(entries: list[Entry], first_seen: dict[str, str], base_url: str = "", title: str = "Post-incident reviews") -> str:
    """The feed of the LIMIT reviews first listed most recently."""
    newest = sorted(entries, key=lambda e: (first_seen.get(e.slug, ""), e.slug), reverse=True)[:LIMIT]
    updated = max((first_seen.get(e.slug, "") for e in newest), default="") or "1970-01-01T00:00:00Z"
    base = base_url.rstrip("/") + "/" if base_url else ""
    items = []
    for e in newest:
        seen = first_seen.get(e.slug, updated)
        summary = f"{e.record.severity} {e.record.status}, {e.record.start_date or e.record.start_text}".strip(" ,")
        items.append(
            "<entry>"
            f"<id>urn:pirtui:review:{escape(e.slug)}</id>"
            f"<title>{escape(e.label)}</title>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + e.page)}/>"
            f"<published>{seen}</published><updated>{seen}</updated>"
            f"<summary>{escape(summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:pirtui:site</id><updated>{updated}</updated>"
        f"<author><name>pirtui</name></author><generator>pirtui site</generator>"
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + 'index.html')}/>\n"
        + "\n".join(items)
        + "\n</feed>\n"
    )
