"""The sample reviews: complete, clean, and their committed files exactly what pirtui writes.

A change to the renderer or the TOML layout that alters a sample shows up here as a failing test;
regenerate the sample's .md / .toml only when the change is intended.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pirtui.core.checks import check
from pirtui.core.computed import computed_duration, computed_metrics
from pirtui.core.render import render
from pirtui.core.store import dumps, load, markdown_path
from pirtui.core.timeparse import parse_date, parse_window, resolve_timezone

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "sample_reviews"
SAMPLES = sorted(SAMPLES_DIR.glob("*.toml"))

COMPUTED_WHEN_EMPTY = ("incident.duration", "detection.metrics.")
"""Fields the renderer fills from the timeline when left empty."""
NOT_TEMPLATE_FIELDS = ("template", "extra_sections", "import_notes", "internal_fields", "dismissed_hints")
"""What only an import fills in, what only marks the public rendering, and dismissed hints."""
OPTIONAL_PER_ROW = re.compile(r"^timeline\.\d+\.(milestone|evidence)$")
"""A timeline row marks a milestone or links evidence only where it has one."""


def test_there_are_at_least_three_samples() -> None:
    names = [path.stem for path in SAMPLES]
    assert len(names) >= 3
    assert "inc-2024-001-db-pool-exhaustion" in names


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_has_no_check_error(path: Path) -> None:
    errors = [f for f in check(load(path)) if f.level == "error"]
    assert errors == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_is_clean_on_its_review_date(path: Path) -> None:
    """No warning either, as of the day the review was held (later, open items become overdue)."""
    review = load(path)
    assert check(review, today=parse_date(review.incident.review_date)) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_committed_markdown_is_the_rendering(path: Path) -> None:
    assert render(load(path)) == markdown_path(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_committed_toml_is_the_stable_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dumps(load(path)) == text


def _empty_fields(data: Any, path: str = "") -> list[str]:
    if isinstance(data, dict):
        return [empty for key, value in data.items() for empty in _empty_fields(value, f"{path}{key}.")]
    if isinstance(data, list):
        if not data:
            return [path.rstrip(".")]
        return [empty for index, value in enumerate(data) for empty in _empty_fields(value, f"{path}{index}.")]
    if isinstance(data, str) and not data.strip():
        return [path.rstrip(".")]
    return []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_field_is_filled_or_computed(path: Path) -> None:
    review = load(path)
    data = {k: v for k, v in review.model_dump().items() if k not in NOT_TEMPLATE_FIELDS}
    empty = _empty_fields(data)
    unfilled = [f for f in empty if not f.startswith(COMPUTED_WHEN_EMPTY) and not OPTIONAL_PER_ROW.match(f)]
    assert unfilled == []
    assert any(row.evidence for row in review.timeline)
    assert computed_duration(review)
    assert all(computed_metrics(review).values())
    methods = review.detection.methods
    assert any((methods.automated_alerting, methods.customer_report, methods.internal_report,
                methods.routine_monitoring, methods.other))


def test_samples_cover_each_severity_and_a_multi_day_incident_outside_utc() -> None:
    reviews = [load(path) for path in SAMPLES]
    assert {r.incident.severity for r in reviews} >= {"SEV-1", "SEV-2", "SEV-3"}
    multi_day_local = []
    for review in reviews:
        start, end = parse_window(review.incident.start, review.incident.end)
        assert start is not None and end is not None
        zone = review.incident.timezone
        assert resolve_timezone(zone) is not None
        if zone != "UTC" and end.at.date() > start.at.date():
            multi_day_local.append(review)
    assert multi_day_local
    times = [row.time for review in multi_day_local for row in review.timeline]
    assert any(time.startswith("~") for time in times), "approximate times as people write them"


def test_the_template_example_is_a_sample() -> None:
    review = load(SAMPLES_DIR / "inc-2024-001-db-pool-exhaustion.toml")
    assert review.incident.start.startswith("2024-01-15")
    assert review.incident.severity == "SEV-2" and review.incident.timezone == "UTC"
    assert "connection pool exhaustion" in review.summary
    assert computed_duration(review) == "45 minutes"
