"""Shared pieces of the editor tests: a filled review, a file to open, and an isolated state folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import (
    ActionItem,
    Appendix,
    Approval,
    ChecklistItem,
    Detection,
    DetectionMethods,
    Impact,
    Incident,
    Lessons,
    Meeting,
    Message,
    Resolution,
    Review,
    Revision,
    RootCause,
    TimelineEvent,
    UserImpact,
    Why,
)

SMALL = (80, 24)
LARGE = (120, 40)


def filled_review() -> Review:
    """A review with something in every section, as a person would have typed it."""
    return Review(
        title="Checkout API outage",
        status="draft",
        incident=Incident(
            id="INC-2024-042",
            start="2024-03-05 14:02",
            end="2024-03-05 15:20",
            severity="SEV-2",
            impacted_services=["checkout-api", "payments"],
            customer_impact="Checkout failed for 30% of users",
            commander="Ana Ruiz",
            author="Ben Okafor",
            review_date="2024-03-07",
        ),
        summary="A bad config push broke checkout for 78 minutes. Rolling it back fixed it.",
        timeline=[
            TimelineEvent(time="14:02", event="Config push to checkout-api", milestone="first impact"),
            TimelineEvent(time="14:09", event="Error-rate alert fires", milestone="detected"),
            TimelineEvent(time="14:12", event="Ana acknowledges the page", milestone="responder engaged"),
            TimelineEvent(time="14:40", event="Config rolled back", milestone="mitigated"),
            TimelineEvent(time="15:20", event="Error rate back to normal", milestone="resolved"),
        ],
        impact=Impact(user=UserImpact(affected_users="30%", failed_requests="41,000", error_rate="12%")),
        root_cause=RootCause(
            what_happened="The new config pointed checkout at a retired payments endpoint.",
            why_it_happened="The config linter did not know the endpoint was retired.",
            contributing_factors=["No canary for config pushes", "Alert threshold too high"],
            whys=[
                Why(question="Why did checkout fail?", answer="Payments calls returned 404."),
                Why(question="Why 404?", answer="The endpoint was retired."),
            ],
        ),
        detection=Detection(
            methods=DetectionMethods(automated_alerting=True),
            went_well=["Rollback took two minutes"],
            could_improve=["Paging took seven minutes"],
        ),
        resolution=Resolution(
            immediate_actions=["Rolled back the config"],
            verification="curl -s https://checkout.example/health",
            permanent_fix="Lint configs against the service registry.",
        ),
        action_items=[
            ActionItem(id="1", action="Add canary for config pushes", owner="Ben", priority="P1", due="2024-03-14"),
            ActionItem(id="2", action="Lower alert threshold", owner="Ana", priority="P2", due="2024-04-07"),
        ],
        lessons=Lessons(
            learned=["Config is code"],
            runbook_updates=[ChecklistItem(done=True, text="Rollback steps for checkout")],
        ),
        appendix=Appendix(
            logs="14:02:11 ERROR payments 404",
            communication_log=[Message(time="14:15", channel="#incidents", message="Investigating checkout errors")],
            references=["https://wiki.example/checkout"],
        ),
        approvals=[Approval(role="Incident Commander", name="Ana Ruiz")],  # a draft is not signed yet
        meeting=Meeting(date="2024-03-07", attendees="Ana, Ben", discussion=["Canary design"]),
        revisions=[Revision(date="2024-03-06", author="Ben Okafor", change="Initial draft")],
    )


async def type_a_timeline_row(pilot, time: str, event: str) -> None:
    """On the Timeline, open a new row's form and type its time and event, leaving the form open."""
    pilot.app.goto_section("timeline")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*time, "tab", *event)


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Let the app run until `condition()` holds (True) or `timeout` seconds pass (False).

    Tests wait for what they need to see rather than for a fixed time, which is too short on a busy
    machine and wasted on a quick one; assert on the result so a failure shows what was there instead.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


def write_review(folder: Path, review: Review | None = None, name: str = "INC-2024-042.toml") -> Path:
    """Save a review (TOML only) into a folder and return its path."""
    path = folder / name
    path.write_text(store.dumps(review or filled_review()), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the editor's remembered positions and theme out of the real home folder."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder
