"""The templates shipped beside the built-in one (the SRE book's example layout, PagerDuty's
layout) and a sample review of each in sample_reviews/other_templates/."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.checks import check
from pirtui.core.sections import template_of
from pirtui.core.template.loader import SHIPPED_FOLDER, check_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(SHIPPED_FOLDER.glob("*.toml"))
SAMPLES = sorted((ROOT / "sample_reviews" / "other_templates").glob("*.toml"))


def test_two_templates_are_shipped_each_with_a_sample():
    assert [path.stem for path in SHIPPED] == ["pagerduty", "sre-book"]
    followed = {store.load(path).template.split("@")[0] for path in SAMPLES}
    assert followed == {"pagerduty", "sre-book"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_template_has_no_mistake(path):
    spec, mistakes = check_text(path.read_text(encoding="utf-8"), str(path))
    assert mistakes == [] and spec is not None and spec.name == path.stem


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_sample_follows_its_template_is_clean_and_its_files_are_what_pirtui_writes(path):
    review = store.load(path)
    assert template_of(review).ref == review.template
    assert check(review, date.min) == []  # date.min: clean, but for the days passed since (overdue items)
    assert store.dumps(review) == path.read_text(encoding="utf-8")
    markdown = store.marked_markdown(store.rendered_markdown(path, review), path)
    assert markdown == path.with_suffix(".md").read_text(encoding="utf-8")


def test_the_sre_book_sample_renders_its_layout():
    markdown = (ROOT / "sample_reviews" / "other_templates" / "sre-book-thumbnail-stampede.md").read_text(encoding="utf-8")
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "About This Postmortem", "Summary", "Impact", "Root Causes", "Trigger", "Resolution", "Detection",
        "Action Items", "Lessons Learned", "Timeline", "Supporting Information",
    ]
    assert "| Action Item | Type | Owner | Bug | Status |" in markdown
    assert "### Where We Got Lucky" in markdown


@pytest.mark.parametrize("name", ["sre-book", "pagerduty"])
def test_new_with_a_shipped_template(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["new", "--template", name, "r.toml"]) == 0
    review = store.load(tmp_path / "r.toml")
    assert review.template == f"{name}@1"
    assert main(["check", "r.toml"]) == 0
    assert main(["render", "--check", "r.toml"]) == 0


def test_the_team_views_read_a_folder_that_mixes_templates(tmp_path, monkeypatch, capsys):
    from pirtui.team.records import plain_records

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for path in SAMPLES + [ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"]:
        shutil.copy(path, tmp_path / path.name)
    records = {record.path.name: record for record in plain_records(tmp_path)}
    assert all(record.problem == "" for record in records.values())
    sre = records["sre-book-thumbnail-stampede.toml"]
    assert (sre.id, sre.title, sre.status, sre.start_date) == (
        "2025-031", "Thumbnail service overload after cache flush", "final", "2025-03-11"
    )
    assert sre.severity == "" and sre.metrics == {}  # no such role in that template: blank, not an error
    assert [(a.id, a.owner, a.priority, a.status, a.ticket) for a in sre.actions][0] == ("", "Oskar Lind", "", "DONE", "IMG-2201")
    assert records["pagerduty-webhook-delays.toml"].factors[0].startswith("The consumer library")
    assert main(["actions", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "IMG-2202" in out and "PAY-981" in out and "SRCH-311" in out
    assert main(["stats", str(tmp_path)]) == 0


def test_the_public_version_of_a_shipped_template_leaves_its_people_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    sample = ROOT / "sample_reviews" / "other_templates" / "sre-book-thumbnail-stampede.toml"
    shutil.copy(sample, tmp_path / sample.name)
    assert main(["render", "--public", "-o", "-", str(tmp_path / sample.name)]) == 0
    out = capsys.readouterr().out
    assert "| Authors |  |" in out and "Oskar Lind" not in out and "Mei Tanaka" not in out
