"""One event, one row: the same page seen by a Slack alert bot, the PagerDuty log and an Alertmanager
webhook is offered once, with every source as evidence, and the preview can split it back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from textual.widgets import Input

from pirtui.app.app import PirtuiApp
from pirtui.core import store
from pirtui.core.model import Incident, Review
from pirtui.evidence.detect import parse_path
from pirtui.evidence.merge import NEW, merge, propose
from pirtui.evidence.rows import Candidate, Options, Parsed
from pirtui.evidence.same import same
from pirtui.screens.evidence_dialog import EvidenceDialog, PreviewTable
from tests.editor_helpers import SMALL, isolated_state  # noqa: F401
from tests.test_evidence_dialog import open_dialog, paste, until

SAME = Path(__file__).parent / "evidence_cases" / "formats" / "same_page"
OPTIONS = Options(base=date(2024, 1, 15))


def review() -> Review:
    return Review(incident=Incident(start="2024-01-15 14:30", timezone="UTC"))


def sources() -> list[Parsed]:
    return [parse_path(SAME / name, "auto", OPTIONS) for name in ("slack", "pagerduty.json", "alertmanager.json")]


def test_a_page_seen_by_three_sources_is_one_row_with_every_source_as_evidence():
    proposal = propose(review(), sources())
    rows = [(item.row.time, item.row.event) for item in proposal.items]
    assert rows == [
        ("14:38", "BackendHighErrorRate firing: error rate 100%"),
        ("14:38", "Acknowledged by Maria Chen."),  # another moment of the page: its own row
        ("14:39", "Maria: looking into it"),
    ]
    merged = proposal.items[0]
    assert merged.status == NEW and len(merged.parts) == 3
    assert merged.row.evidence.split(" · ") == [
        "https://prometheus.example/graph?g0.expr=rate",
        "https://slack.com/archives/C1234/p1705329482000100",
        "https://acme.pagerduty.com/incidents/PT4KHLK",
    ]
    assert merged.row.milestone == "detected"


def test_splitting_gives_each_source_its_own_row_back():
    proposal = propose(review(), sources())
    indexes = proposal.split(0)
    assert indexes == [0, 1, 2]
    assert [item.row.event for item in proposal.items[:3]] == [
        "BackendHighErrorRate firing: error rate 100%",
        "Alertmanager: [FIRING:1] BackendHighErrorRate backend-api (error rate 100%)",
        "Triggered through the API.",
    ]
    assert all(item.status == NEW and not item.parts for item in proposal.items[:3])
    timeline = merge(review(), [], proposal.new())
    assert len(timeline) == 5


def _candidate(seconds: int, event: str, keys: tuple[str, ...] = ()) -> Candidate:
    return Candidate(datetime(2024, 1, 15, 14, 38, tzinfo=timezone.utc) + timedelta(seconds=seconds), event, keys=keys)


def test_the_same_alert_name_incident_number_or_dedup_key_within_60_seconds_is_one_event():
    fired = _candidate(0, "HighErrorRate firing", ("HighErrorRate",))
    assert same(fired, _candidate(60, "Triggered: HighErrorRate on api"))
    assert not same(fired, _candidate(61, "Triggered: HighErrorRate on api"))  # one second too far
    assert same(_candidate(0, "Triggered #1234", ("#1234",)), _candidate(-30, "[#1234] fired", ("#1234",)))
    assert not same(_candidate(0, "Triggered #1234", ("#1234",)), _candidate(0, "Triggered #1235", ("#1235",)))
    assert same(_candidate(0, "alert fired", ("dedup-9f2",)), _candidate(5, "Triggered", ("dedup-9f2",)))
    assert not same(fired, _candidate(10, "Acknowledged: HighErrorRate"))  # a trigger is no acknowledgement
    assert not same(_candidate(0, "fired"), _candidate(0, "fired"))  # nothing names the page


async def test_the_preview_splits_a_merged_row_with_s(tmp_path: Path) -> None:
    """The Slack export named in the File field and the Alertmanager body pasted: one row, split by s."""
    path = tmp_path / "r.toml"
    store.save(path, review())
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        await paste(pilot, app, (SAME / "alertmanager.json").read_text())
        await until(pilot, lambda: dialog._timer is None and dialog.proposal.items, "the paste is read")
        dialog.query_one("#evidence-path", Input).value = str(SAME / "slack")
        dialog.query_one("#evidence-path", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: len(dialog.proposal.items) == 2, "both sources are read")
        table = dialog.query_one(PreviewTable)
        await until(pilot, lambda: app.focused is table, "the preview has the focus")
        first = dialog.proposal.items[0]
        assert len(first.parts) == 2 and " · " in first.row.evidence
        await pilot.press("s")
        await until(pilot, lambda: table.row_count == 3, "the merged row splits into its two sources")
        assert dialog.ticked == [True, True, True]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EvidenceDialog), "the dialog closes")
        assert [row.event for row in app.review.timeline][:2] == [
            "BackendHighErrorRate firing: error rate 100%",
            "Alertmanager: [FIRING:1] BackendHighErrorRate backend-api (error rate 100%)",
        ]
