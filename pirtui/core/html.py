"""A review as one self-contained HTML page: to mail, attach to a ticket, or print to PDF.

The page is the rendered Markdown (`pirtui.core.render`) turned into HTML by markdown-it-py, with the
template's tables. It needs nothing from the network: the CSS is inline, images are not loaded
(an image in the text stays as its Markdown), and a Content-Security-Policy forbids any fetch.
Everything from the review is escaped: raw HTML in the text is shown as text, and links other than
http(s) and mail are dropped (`is_safe_link`). The print styles start each section on
a new page, so the browser's "Save as PDF" gives a clean document.
"""

from __future__ import annotations

from html import escape

CSS = """\
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1b1f24; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; border-bottom: 3px solid #1b1f24; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #8c959f; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; }
th, td { border: 1px solid #8c959f; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #eaeef2; }
tr:nth-child(even) td { background: #f6f8fa; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .7rem; overflow-x: auto; white-space: pre-wrap; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0; }
a { color: #0550ae; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  h2 { break-before: page; }
  h1 + h2 { break-before: avoid; }
  h2, h3 { break-after: avoid; }
  hr { display: none; }
  table, pre { break-inside: auto; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  a { color: inherit; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""No script, no fetch of any kind: the page shows what it holds and nothing else."""


def markdown_to_html(markdown: str) -> str:
    """The body HTML of the Markdown: CommonMark with tables, raw HTML escaped, images not loaded."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    # markdown-it-py documents replacing validateLink on the instance; its types declare a method
    md.validateLink = is_safe_link  # type: ignore[method-assign]  # markdown-it typing gap
    return md.render(markdown)


SAFE_SCHEMES = ("http:", "https:", "mailto:")
"""The only links the page holds, as everywhere pirtui writes a link (`config.LINK_SCHEMES`):
markdown-it alone would let `vscode://`, `ssh:` or any unknown scheme through."""


def is_safe_link(url: str) -> bool:
    """Whether a link may become an href: http(s), mailto, or one without a scheme (#anchor, path)."""
    import re

    text = url.strip().lower()
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", text)
    return scheme is None or text.startswith(SAFE_SCHEMES)


def html_page(markdown: str, title: str) -> str:
    """One HTML document holding the rendered review, its styles inline."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="pirtui">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"{markdown_to_html(markdown)}</body>\n</html>\n"
    )
