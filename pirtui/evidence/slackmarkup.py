"""Slack's markup read as a person sees it, written so that FILE.md shows the same and no more.

Slack writes a message's `text` with control sequences in angle brackets and `&`, `<`, `>` as
entities (https://api.slack.com/reference/surfaces/formatting): <@U123> a person, <#C123|name> a
channel, <!here> <!channel> <!everyone> a broadcast, <!subteam^S1|@team> a user group,
<!date^...|fallback> a date, <https://x|label> a link. Each becomes what the Slack client shows;
a link to http(s) or mailto becomes a Markdown link with its label (the one link the writer meant),
any other scheme its label and address as text. Entities are decoded last, so a `&lt;b&gt;` someone
typed is the text "<b>" (FILE.md escapes the `<` that would open HTML: `pirtui.core.mdtext`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

_CONTROL = re.compile(r"<([^<>]*)>")
_LINKABLE = re.compile(r"(?:https?://|mailto:)[^\s]*", re.IGNORECASE)
BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def _link(url: str, label: str) -> str:
    """A Markdown link to `url` labelled `label`, when the scheme is one a reader may follow."""
    url_text = html.unescape(url)
    shown = html.unescape(label).replace("[", "(").replace("]", ")").strip() if label else ""
    if not _LINKABLE.fullmatch(url_text):
        return f"{shown} ({url_text})" if shown and shown != url_text else url_text
    if not shown or shown == url_text or shown == url_text.removeprefix("mailto:"):
        return url_text.removeprefix("mailto:") if url_text.lower().startswith("mailto:") else url_text
    safe = quote(url_text, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{shown}]({safe})"


def _control(match: re.Match[str], names: dict[str, str], channels: dict[str, str]) -> str:
    inner = match[1]
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        user = target[1:]
        return "@" + (names.get(user) or html.unescape(label).lstrip("@") or user)
    if target.startswith("#"):
        channel = target[1:]
        return "#" + (html.unescape(label) or channels.get(channel) or channel)
    if target.startswith("!"):
        word = target[1:]
        if word in BROADCASTS:
            return BROADCASTS[word]
        if word.startswith("subteam^"):
            shown = html.unescape(label) or "@" + word.removeprefix("subteam^")
            return shown if shown.startswith("@") else "@" + shown
        return html.unescape(label) if label else "@" + word.split("^", 1)[0]
    return _link(target, label)


def readable(text: str, names: dict[str, str] | None = None, channels: dict[str, str] | None = None) -> str:
    """`text` as the Slack client shows it (see the module's docstring)."""
    names, channels = names or {}, channels or {}
    out: list[str] = []
    last = 0
    for match in _CONTROL.finditer(text):
        out.append(html.unescape(text[last : match.start()]))
        out.append(_control(match, names, channels))
        last = match.end()
    out.append(html.unescape(text[last:]))
    return "".join(out)
