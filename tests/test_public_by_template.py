"""What the public version leaves out is the template's declaration (`public_excludes` in the
template file), which a team's own `public_excludes` setting replaces only when the team sets it;
and the public version never shows the publish flag (the field with the `publish` role), while the
review's own rendering keeps it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.config import Config, load_config
from pirtui.core.public import left_out, public_markdown
from pirtui.core.render import render
from pirtui.core.sections import template_of
from pirtui.core.template.loader import BUILTIN_FILE, check_text
from pirtui.core.template.template import Template
from pirtui.site import reading
from pirtui.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reviews" / "other_templates"
SRE = SAMPLES / "sre-book-thumbnail-stampede.toml"
PAGERDUTY = SAMPLES / "pagerduty-webhook-delays.toml"
BUILT_IN = ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"
TEAM = ROOT / "tests" / "fixtures" / "byrole_team"
PUBLISH_LABEL = "Publish on the team's public site"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the byrole team's templates and reviews and the shipped samples."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    repo = tmp_path / "repo"
    shutil.copytree(TEAM, repo)
    (repo / ".git").mkdir()
    for sample in (SRE, PAGERDUTY):
        shutil.copy(sample, repo / sample.name)
    monkeypatch.chdir(repo)
    return repo


def _public(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["render", "--public", "-o", "-", str(path)]) == 0
    return capsys.readouterr().out


# -- the template declares what is left out ----------------------------------------------------


def test_unset_means_the_template_s_declaration_and_the_built_in_declares_the_four():
    config = Config()
    assert config.public_excludes is None
    builtin = template_of(store.load(BUILT_IN))
    assert left_out(builtin, config) == ("people", "appendix.logs", "approvals", "meeting")
    assert left_out(builtin, Config(public_excludes=())) == ()  # an explicit empty list: nothing
    assert left_out(builtin, Config(public_excludes=("approvals",))) == ("approvals",)


def test_a_template_that_declares_nothing_leaves_out_people():
    spec, mistakes = check_text('name = "bare"\n[[sections]]\nkey = "a"\nheading = "A"\n', "bare.toml")
    assert not mistakes and spec is not None
    assert left_out(Template(spec), Config()) == ("people",)


@pytest.mark.parametrize("sample, gone, kept", [
    (SRE.name, ["## Supporting Information", "https://dashboards.example.com"], ["## Timeline", "## Lessons Learned"]),
    (PAGERDUTY.name, ["## Responders", "(payments on-call)", "#payments-incidents"], ["### External", "Status page:"]),
])
def test_a_shipped_template_s_public_version_leaves_out_what_it_declares(folder, capsys, sample, gone, kept):
    review = store.load(folder / sample)
    full = render(review)
    assert all(text in full for text in gone + kept)  # there to be left out
    out = _public(folder / sample, capsys)
    assert not any(text in out for text in gone)
    assert all(text in out for text in kept)


def test_the_team_s_setting_replaces_the_template_s_only_when_set(folder, capsys):
    path = folder / PAGERDUTY.name
    assert "## Responders" not in _public(path, capsys)
    (folder / ".pirtui.toml").write_text('public_excludes = ["people"]\n', encoding="utf-8")
    out = _public(path, capsys)
    assert "## Responders" in out and "#payments-incidents" in out  # the team's list, not the template's
    assert "Liam Byrne" not in out  # people still left out, as the team's list says
    (folder / ".pirtui.toml").write_text("public_excludes = []\n", encoding="utf-8")
    assert load_config(folder).public_excludes == ()
    assert "Liam Byrne" in _public(path, capsys)  # an empty list leaves out nothing


def test_a_template_whose_exclude_names_nothing_is_a_mistake_with_its_line():
    text = BUILTIN_FILE.read_text(encoding="utf-8").replace('"appendix.logs", "approvals"', '"appendix.logz", "approvals"')
    _, mistakes = check_text(text, "ours.toml")
    assert len(mistakes) == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("public_excludes"))
    assert mistakes[0].startswith(f"ours.toml:{line}: public_excludes: 'appendix.logz'")
    good = text.replace('"appendix.logz"', '"action_items[].owner"')  # a table's column is a path too
    assert check_text(good, "ours.toml")[1] == []


def test_pirtui_config_says_an_unset_exclude_list_is_the_template_s(tmp_path):
    def run(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "pirtui", "config", str(tmp_path), *args],
                                capture_output=True, text=True, timeout=60, env={"XDG_CONFIG_HOME": str(tmp_path / "c"), "PATH": ""})
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "# public_excludes = (not set: each review's template's)  # default" in run().splitlines()
    by_key = {row["key"]: row for row in json.loads(run("--format", "json"))["settings"]}
    assert by_key["public_excludes"]["value"] is None
    (tmp_path / ".pirtui.toml").write_text('public_excludes = ["people"]\n', encoding="utf-8")
    assert any(line.startswith('public_excludes = ["people"]  # ') for line in run().splitlines())


def test_template_show_says_what_the_public_version_leaves_out(folder, capsys):
    assert main(["template", "show", "pagerduty"]) == 0
    assert "The public version leaves out: people, responders, messaging.internal" in capsys.readouterr().out.splitlines()
    assert main(["template", "show", "ops-review"]) == 0
    assert "The public version leaves out: people" in capsys.readouterr().out.splitlines()


# -- the publish flag is the team's business, not the public's ---------------------------------


@pytest.mark.parametrize("sample", [SRE.name, PAGERDUTY.name])
def test_the_public_version_leaves_out_the_publish_box_and_the_review_s_rendering_keeps_it(folder, capsys, sample):
    (folder / ".pirtui.toml").write_text('public_excludes = ["people"]\n', encoding="utf-8")  # the box's section stays
    review = store.load(folder / sample)
    review.sharing.publish = True
    store.save(folder / sample, review)
    heading = render(review).split("### Publishing")[0].rsplit("\n## ", 1)[1].splitlines()[0]
    assert f"- [x] {PUBLISH_LABEL}" in render(review)
    out = _public(folder / sample, capsys)
    assert f"## {heading}" in out  # its section is there...
    assert PUBLISH_LABEL not in out and "### Publishing" not in out  # ...without the box


def test_a_section_holding_only_the_publish_box_is_left_out_whole(folder, capsys):
    review = store.load(folder / "ops-2025-007.toml")
    assert "## Sign-off" in render(review) and "On the public site" in render(review)
    out = _public(folder / "ops-2025-007.toml", capsys)
    assert "## Sign-off" not in out and "On the public site" not in out
    assert out.rstrip().endswith("|")  # the follow-ups table closes it, no dangling separator


def test_the_built_in_template_s_public_version_is_unchanged_by_the_publish_key():
    review = store.load(BUILT_IN)
    before = public_markdown(review, Config())
    review.publish = True
    assert public_markdown(review, Config()) == before


def test_omit_roles_leaves_out_a_column_and_only_that_column():
    review = store.load(BUILT_IN)
    full, without = render(review), render(review, omit_roles=("action-owner",))
    header = next(line for line in full.splitlines() if line.startswith("| ID |"))
    assert "| Owner |" in header
    shorter = next(line for line in without.splitlines() if line.startswith("| ID |"))
    assert shorter == header.replace(" Owner |", "", 1)
    assert render(review, omit_roles=("no-such-role",)) == full


def test_the_public_site_page_leaves_out_the_publish_box(folder):
    review = store.load(folder / PAGERDUTY.name)
    review.sharing.publish = True
    store.save(folder / PAGERDUTY.name, review)
    public, internal = folder.parent / "public", folder.parent / "internal"
    assert main(["site", str(folder), "-o", str(public), "--public"]) == 0
    assert main(["site", str(folder), "-o", str(internal)]) == 0
    assert PUBLISH_LABEL not in (public / "reviews" / "pd-48211.html").read_text(encoding="utf-8")
    assert PUBLISH_LABEL in (internal / "reviews" / "pd-48211.html").read_text(encoding="utf-8")


def test_a_change_to_the_template_s_declaration_writes_the_public_page_again(folder):
    out = folder.parent / "public"
    page = out / "reviews" / "ops-2025-007.html"
    assert build_site(folder, out, public=True, pagefind=False).pages_written == 1
    assert "Story" in page.read_text(encoding="utf-8")
    assert build_site(folder, out, public=True, pagefind=False).pages_written == 0  # nothing changed
    template = folder / ".pirtui" / "templates" / "ops-review.toml"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("rules = []\n", 'rules = []\npublic_excludes = ["people", "story"]\n'), encoding="utf-8")
    assert build_site(folder, out, public=True, pagefind=False).pages_written == 1
    assert "Story" not in page.read_text(encoding="utf-8")
    (folder / ".pirtui.toml").write_text('public_excludes = ["people"]\n', encoding="utf-8")  # the team's wins
    reading._config.cache_clear()  # read once per process: each `pirtui site` is a process of its own
    assert build_site(folder, out, public=True, pagefind=False).pages_written == 1
    assert "Story" in page.read_text(encoding="utf-8")
