"""Ticket IDs as links: a team's `ticket_url` pattern turns "OPS-123" into its tracker's URL.

The actions view and its CSV/JSON use it; FILE.md and the preview should too (render calls
`ticket_link(item.ticket, load_config(folder).ticket_url)` for each action item's ticket).
"""

from __future__ import annotations

from urllib.parse import quote

from pirtui.core.config import link_problem


def ticket_link(ticket: str, pattern: str) -> str:
    """The URL of a ticket under a `{ticket}` pattern; "" when there is no ticket or no pattern.

    A ticket that is already a URL is its own link. The ticket is URL-quoted, so a ticket typed with
    spaces or slashes cannot reach another page of the tracker.
    """
    ticket = ticket.strip()
    if not ticket:
        return ""
    if ticket.startswith(("https://", "http://")):
        return ticket
    if "{ticket}" not in pattern or link_problem(pattern):
        return ""  # only http(s) and mailto ever become links (config.link_problem)
    return pattern.replace("{ticket}", quote(ticket, safe=""))
