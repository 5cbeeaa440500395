"""A Slack workspace export: `users.json` and `channels.json` at the top, a folder per channel, and in
it one JSON file per day holding that day's messages (`ts`, `user`, `user_profile`, `text`,
`thread_ts`, `subtype`, `reactions`, `pinned_to`), as Slack's "Export data" writes them.

A message becomes "name: text" with Slack's markup read as a person sees it (`pirtui.evidence.
slackmarkup`): <@U0123> as @name (users.json, else a message's `user_profile`), <!here> as @here,
<!subteam^S1|@team> as @team, <https://x|label> as a Markdown link with that label, entities as the
characters. A bot message whose words are only in `attachments` takes each attachment's pretext,
title and text (or its fallback). Channel joins and other notices are not events; bot messages are
(an alert bot often says when something fired). The evidence column gets the message's permalink,
built from the channel's ID and `ts`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed
from pirtui.evidence.slackmarkup import readable

NAME = "slack"

NOTICES = frozenset(
    {"channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
     "channel_unarchive", "pinned_item", "unpinned_item", "group_join", "group_leave", "tombstone"}
)
"""Subtypes that record a change to the channel, not something said about the incident."""

_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")


def alert_keys(text: str) -> tuple[str, ...]:
    """What an alert bot's message names: "[FIRING:1] HighErrorRate ..." gives HighErrorRate, and
    "#1234" an incident number (compared with other sources' keys in `pirtui.evidence.same`)."""
    keys = [f"#{n}" for n in re.findall(r"(?<![\w&])#(\d{1,9})\b", text)]
    alert = re.search(r"\[(?:FIRING|RESOLVED)(?::\d+)?\]\s*([\w.-]+)", text, re.IGNORECASE)
    if alert:
        keys.append(alert[1])
    return tuple(dict.fromkeys(keys))


def permalink(channel_id: str, ts: str, thread_ts: str = "") -> str:
    """The message's link (Slack sends https://slack.com/archives/... on to the workspace)."""
    link = f"https://slack.com/archives/{channel_id}/p{ts.replace('.', '')}"
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel_id}"
    return link


def user_names(users: Any) -> dict[str, str]:
    """users.json's list as id -> the name people see (display name, else real name, else login)."""
    names: dict[str, str] = {}
    for user in users if isinstance(users, list) else []:
        user = mapping(user)
        profile = mapping(user.get("profile"))
        name = (
            text_of(profile.get("display_name")) or text_of(profile.get("real_name"))
            or text_of(user.get("real_name")) or text_of(user.get("name"))
        )
        if text_of(user.get("id")) and name:
            names[user["id"]] = name
    return names


def profile_names(messages: list[dict[str, Any]]) -> dict[str, str]:
    """id -> name from the `user_profile` each message carries of its author: a day file read
    without users.json still names the people it mentions, when they spoke that day."""
    names: dict[str, str] = {}
    for message in messages:
        profile = mapping(message.get("user_profile"))
        user = text_of(message.get("user"))
        name = text_of(profile.get("display_name")) or text_of(profile.get("real_name")) or text_of(profile.get("name"))
        if user and name:
            names.setdefault(user, name)
    return names


def _speaker(message: dict[str, Any], names: dict[str, str]) -> str:
    profile = mapping(message.get("user_profile"))
    user = text_of(message.get("user"))
    return (
        names.get(user) or text_of(profile.get("display_name")) or text_of(profile.get("real_name"))
        or text_of(message.get("username")) or text_of(mapping(message.get("bot_profile")).get("name"))
        or user or "unknown"
    )


def _readable(text: str, names: dict[str, str]) -> str:
    """Slack's markup as the client shows it; `names` holds users by ID and channels by "#ID"."""
    return readable(text, names, {key[1:]: value for key, value in names.items() if key.startswith("#")})


def _attachments(message: dict[str, Any], names: dict[str, str]) -> str:
    """The words of a message's attachments (an alert bot's "[FIRING:1] HighErrorRate" is there)."""
    found: list[str] = []
    items = _as_list(message.get("attachments"))
    for item in items:
        item = mapping(item)
        parts = [text_of(item.get(key)).strip() for key in ("pretext", "title", "text")]
        parts = [part for part in parts if part]
        if not parts and text_of(item.get("fallback")).strip():
            parts = [text_of(item.get("fallback")).strip()]
        found.extend(_readable(part, names) for part in parts)
    return "\n".join(found)


def _rich(element: Any) -> str:
    """A rich_text element as Slack markup (users, channels, links and broadcasts as control sequences)."""
    element = mapping(element)
    kind = text_of(element.get("type"))
    if kind == "text":
        return text_of(element.get("text"))
    if kind == "link":
        url, label = text_of(element.get("url")), text_of(element.get("text"))
        return f"<{url}|{label}>" if label else f"<{url}>"
    if kind == "user":
        return f"<@{text_of(element.get('user_id'))}>"
    if kind == "channel":
        return f"<#{text_of(element.get('channel_id'))}>"
    if kind == "usergroup":
        return f"<!subteam^{text_of(element.get('usergroup_id'))}>"
    if kind == "broadcast":
        return f"<!{text_of(element.get('range'))}>"
    if kind == "emoji":
        return f":{text_of(element.get('name'))}:"
    inner = _as_list(element.get("elements"))
    joined = "".join(_rich(child) for child in inner)
    return joined + "\n" if kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote") else joined


def _blocks(message: dict[str, Any], names: dict[str, str]) -> str:
    """The words of a message's Block Kit blocks (a bot that writes only blocks)."""
    found: list[str] = []
    blocks = _as_list(message.get("blocks"))
    for block in blocks:
        block = mapping(block)
        kind = text_of(block.get("type"))
        if kind in ("section", "header"):
            found.append(text_of(mapping(block.get("text")).get("text")))
            fields = _as_list(block.get("fields"))
            found.extend(text_of(mapping(f).get("text")) for f in fields)
        elif kind == "context":
            elements = _as_list(block.get("elements"))
            found.extend(text_of(mapping(e).get("text")) for e in elements)
        elif kind == "rich_text":
            found.append(_rich(block).strip("\n"))
    return "\n".join(_readable(part.strip(), names) for part in found if part.strip())


def _said(message: dict[str, Any], names: dict[str, str]) -> str:
    """The message's text; else its attachments' or blocks' words; for a file shared without words,
    its names."""
    text = _readable(text_of(message.get("text")), names)
    if not text.strip():
        text = _attachments(message, names)
    if not text.strip():
        text = _blocks(message, names)
    files = _as_list(message.get("files"))
    titles = [text_of(mapping(f).get("title")) or text_of(mapping(f).get("name")) for f in files]
    if not text.strip() and any(titles):
        return "shared " + ", ".join(title for title in titles if title)
    return text


def _wanted(message: dict[str, Any], channel_id: str, options: Options) -> bool:
    if options.pinned and not (message.get("pinned_to") or message.get("pinned_info")):
        return False
    if options.reaction:
        reactions = _as_list(message.get("reactions"))
        if not any(text_of(mapping(r).get("name")) == options.reaction for r in reactions):
            return False
    return True


def read_day(
    messages: Any, source: str, channel: tuple[str, str], names: dict[str, str], options: Options, parsed: Parsed
) -> None:
    """Add one day file's messages to `parsed`."""
    channel_id, channel_name = channel
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise NotThisFormat(f"{source}: not a list of Slack messages")
    names = profile_names(messages) | names
    for message in messages:
        ts = text_of(message.get("ts")) or str(message.get("ts", ""))
        if text_of(message.get("subtype")) in NOTICES or not _wanted(message, channel_id, options):
            parsed.filtered += 1
            continue
        event = f"{_speaker(message, names)}: {_said(message, names)}"
        keys = alert_keys(event)
        if not options.keeps(event):
            parsed.filtered += 1
            continue
        moment = clock.read_epoch(ts)
        link = permalink(channel_id, ts, text_of(message.get("thread_ts"))) if channel_id and moment else ""
        if not link and channel_name:
            link = f"#{channel_name} {ts}"
        parsed.rows.append(
            Candidate(moment, event, suggest(event), link, "" if moment else "no ts", time_text=ts, keys=keys)
        )


def parse(text: str, source: str, options: Options) -> Parsed:
    """One day file of a channel (pasted or named alone): no user names or channel ID to go with it."""
    parsed = Parsed(NAME, source)
    (messages, *more) = documents(text)
    if more or not isinstance(messages, list) or not any(isinstance(m, dict) and "ts" in m for m in messages):
        raise NotThisFormat("not a list of Slack messages with ts")
    read_day(messages, source, ("", ""), {}, options, parsed)
    return parsed


def parse_export(path: Path, options: Options, read: Any) -> Parsed:
    """An export folder (users.json at its top) or one channel's folder in it.

    `read(path)` gives a file's text (detect's reader, with its size and binary checks).
    """
    root = path if (path / "users.json").is_file() else path.parent
    if not (root / "users.json").is_file():
        raise NotThisFormat("no users.json in the folder or above it")
    names = user_names(_load(root / "users.json", read))
    ids = {
        text_of(mapping(c).get("name")): text_of(mapping(c).get("id"))
        for name in ("channels.json", "groups.json")
        if (root / name).is_file()
        for c in _as_list(_load(root / name, read))
    }
    names.update({"#" + cid: cname for cname, cid in ids.items() if cid and cname})  # <#C123> as #name
    folders = [path] if path != root else sorted(p for p in root.iterdir() if p.is_dir())
    parsed = Parsed(NAME, str(path))
    for folder in folders:
        for day in sorted(p for p in folder.iterdir() if _DAY_FILE.fullmatch(p.name)):
            read_day(_load(day, read), str(day), (ids.get(folder.name, ""), folder.name), names, options, parsed)
    if not parsed.rows and not parsed.filtered:
        raise NotThisFormat("no day files (YYYY-MM-DD.json) with messages")
    return parsed


def _load(path: Path, read: Any) -> Any:
    (document, *more) = documents(read(path))
    if more:
        raise NotThisFormat(f"{path}: more than one JSON document")
    return document


def _as_list(value: Any) -> list[Any]:
    """A JSON array, or [] for anything else."""
    return value if isinstance(value, list) else []
