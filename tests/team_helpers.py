"""Small folders of reviews for the team views' tests (index, actions, stats, search)."""

from __future__ import annotations

from pathlib import Path

from pirtui.core import store
from pirtui.core.model import ActionItem, Review, TimelineEvent, new_review


def team_review(
    incident_id: str,
    title: str,
    start: str = "2026-01-10 10:00",
    severity: str = "SEV-2",
    actions: list[ActionItem] | None = None,
    services: tuple[str, ...] = (),
    factors: tuple[str, ...] = (),
    milestones: tuple[tuple[str, str], ...] = (),
) -> Review:
    """A review with the parts the team views read; `milestones` are (time, milestone) rows."""
    review = new_review(incident_id, "2026-01-12")
    review.title = title
    review.incident.start = start
    review.incident.severity = severity
    review.incident.impacted_services = list(services)
    review.root_cause.contributing_factors = list(factors)
    review.timeline = [TimelineEvent(time=time, event=f"{tag} happened", milestone=tag) for time, tag in milestones]
    review.action_items = list(actions or [])
    return review


def write(folder: Path, name: str, review: Review, markdown: bool = False) -> Path:
    """Write a review's TOML (and its Markdown when asked) into the folder."""
    path = folder / name
    if markdown:
        store.save(path, review)
    else:
        path.write_text(store.dumps(review), encoding="utf-8")
    return path


def item(item_id: str, action: str, owner: str = "Maria", priority: str = "P2", due: str = "2026-02-01",
         status: str = "Open", ticket: str = "") -> ActionItem:
    """An action item."""
    return ActionItem(id=item_id, action=action, owner=owner, priority=priority, due=due, status=status, ticket=ticket)


def small_team_folder(folder: Path) -> None:
    """Three reviews and one broken file: the folder most team tests start from.

    INC-2026-001 (January): item 1 overdue (due 2020), item 2 done.
    INC-2026-002 (February): item 1 Blocked, due in 2099; services and factors set.
    INC-2026-003 (no readable start): one open item of Sam's.
    """
    write(
        folder,
        "inc-2026-001.toml",
        team_review(
            "INC-2026-001",
            "Database pool exhausted",
            "2026-01-10 10:00",
            "SEV-1",
            [item("1", "Add pool alert", "Maria Chen", "P1", "2020-01-01", ticket="OPS-1"),
             item("2", "Raise pool size", "Daniel", "P2", "2026-01-20", "Done")],
            services=("backend-api", "orders"),
            factors=("Connection pool too small",),
            milestones=(("10:00", "first impact"), ("10:05", "detected"), ("10:15", "responder engaged"),
                        ("10:45", "mitigated"), ("11:00", "resolved")),
        ),
        markdown=True,
    )
    write(
        folder,
        "inc-2026-002.toml",
        team_review(
            "INC-2026-002",
            "Login outage",
            "2026-02-03 09:00",
            "SEV-3",
            [item("1", "Rotate the signing keys", "Daniel", "P3", "2099-01-01", "Blocked")],
            services=("Backend-API",),
            factors=("Expired certificate on the pool of login servers",),
            milestones=(("~09:00", "first impact"), ("09:20", "detected")),
        ),
        markdown=True,
    )
    write(folder, "inc-2026-003.toml", team_review("INC-2026-003", "Cache stampede", "sometime", "SEV-2",
                                                  [item("1", "Write the cache runbook", "Sam", "P2", "2099-03-01")]),
          markdown=True)
    (folder / "broken.toml").write_text("title = 'unterminated\n", encoding="utf-8")
