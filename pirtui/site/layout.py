"""The frame every page of the site shares: head (CSP, marker, stylesheet), navigation, footer.

Links are relative and name `index.html` explicitly, so the site works opened from the file system,
on GitHub or GitLab Pages under a project path, and behind any web server. Nothing is loaded from
elsewhere: the Content-Security-Policy allows the site's own files only (plus WebAssembly for
Pagefind's search), so a review's text cannot make the browser fetch anything.
"""

from __future__ import annotations

from html import escape

from pirtui.site.output import MARKER

CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'"
)
"""Only the site's own scripts, styles and data; no inline script or style, no other host."""

NAV = (("index.html", "Reviews"), ("actions.html", "Action items"), ("trends.html", "Trends"), ("search.html", "Search"))


def page(title: str, body: str, *, root: str = "", public: bool = False, active: str = "", site_title: str = "Post-incident reviews") -> str:
    """A whole HTML document: `body` is the page's main content (HTML), `root` the way back to the
    site's root from the page ("" or "../")."""
    robots = "" if public else '<meta name="robots" content="noindex, nofollow">\n'
    current = ' aria-current="page"'
    links = "".join(f'<a href="{root}{href}"{current if href == active else ""}>{label}</a>' for href, label in NAV)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"{robots}{MARKER}\n"
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'  # no favicon request (a 404 on every page otherwise)
        f'<link rel="stylesheet" href="{root}assets/site.css">\n'
        f'<link rel="alternate" type="application/atom+xml" title="New reviews" href="{root}feed.xml">\n'
        f'<script src="{root}assets/site.js" defer></script>\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to the content</a>\n'
        f'<header class="site"><a class="brand" href="{root}index.html">{escape(site_title)}</a>'
        f'<nav aria-label="Site">{links}</nav></header>\n'
        f'<main id="main" tabindex="-1">\n{body}\n</main>\n'
        '<footer class="site">Written by pirtui from the team\'s review files.</footer>\n'
        "</body>\n</html>\n"
    )


def text(value: object) -> str:
    """Any value as escaped HTML text."""
    return escape(str(value))
