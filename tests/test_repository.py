"""pirtui in a team's git repository and CI: render --check, check --format github/sarif with the
TOML line of each finding, and the Revision History from git."""

from __future__ import annotations

from pirtui.core import store

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core import lock, store
from pirtui.cli.main import main
from pirtui.core.toml_lines import line_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
PIRTUI = str(Path(sys.executable).parent / "pirtui")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PIRTUI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    """A folder holding copies of the samples, TOML and Markdown."""
    folder = tmp_path / "reviews"
    shutil.copytree(SAMPLES, folder)
    return folder


# --- render --check -------------------------------------------------------------------------------


def test_render_check_passes_when_every_markdown_is_up_to_date(reviews: Path):
    result = run("render", "--check", str(reviews))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "0 out of date, 3 up to date" in result.stderr


def test_render_check_names_each_missing_or_different_markdown_and_writes_nothing(reviews: Path):
    (reviews / "inc-2024-001-db-pool-exhaustion.md").unlink()
    edited = reviews / "inc-2024-042-slow-search.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    result = run("render", "--check", *sorted(str(p) for p in reviews.glob("*.toml")))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{reviews / 'inc-2024-001-db-pool-exhaustion.md'}: missing (render {reviews / 'inc-2024-001-db-pool-exhaustion.toml'})",
        f"{edited}: differs from what {reviews / 'inc-2024-042-slow-search.toml'} renders",
    ]
    assert not (reviews / "inc-2024-001-db-pool-exhaustion.md").exists()
    assert edited.read_text(encoding="utf-8").endswith("hand edit\n")


def test_render_of_a_folder_writes_every_markdown(reviews: Path):
    for md in reviews.glob("*.md"):
        md.unlink()
    assert run("render", str(reviews)).returncode == 0
    for toml in reviews.glob("*.toml"):
        sample = (SAMPLES / toml.name).with_suffix(".md").read_text(encoding="utf-8")
        assert toml.with_suffix(".md").read_text(encoding="utf-8") == store.marked_markdown(sample, toml)


def test_render_check_with_an_unreadable_review_exits_2(reviews: Path):
    (reviews / "broken.toml").write_text("title = \n", encoding="utf-8")
    result = run("render", "--check", str(reviews))
    assert result.returncode == 2
    assert "broken.toml: not valid TOML" in result.stderr


def test_output_takes_a_single_review(reviews: Path, capsys):
    assert main(["render", str(reviews), "-o", "-"]) == 2
    assert "single review" in capsys.readouterr().err


# --- TOML lines -----------------------------------------------------------------------------------


def test_line_of_finds_keys_tables_and_rows():
    text = (SAMPLES / "inc-2024-001-db-pool-exhaustion.toml").read_text(encoding="utf-8")
    lines = text.splitlines()

    def at(path: str) -> str:
        return lines[line_of(text, path) - 1]

    assert at("title") == 'title = "Database connection pool exhaustion"'
    assert at("incident.start").startswith("start = ")
    review = store.load(SAMPLES / "inc-2024-001-db-pool-exhaustion.toml")
    assert at("timeline.3.time") == f'time = "{review.timeline[3].time}"'
    assert at("timeline[3].time") == at("timeline.3.time")
    assert at("action_items.2.owner") == f'owner = "{review.action_items[2].owner}"'
    assert at("root_cause.whys.1.answer") == f'answer = "{review.root_cause.whys[1].answer}"'
    assert at("lessons.learned.1") == "learned = ["  # an item of a list: the list's line
    assert line_of(text, "no_such.key") is None


def test_line_of_skips_what_is_inside_multiline_strings():
    text = 'summary = """\ntitle = "not a key"\n[incident]\n"""\ntitle = "real"\n[[timeline]]\ntime = "1"\n'
    assert line_of(text, "title") == 5
    assert line_of(text, "timeline.0.time") == 7
    assert line_of(text, "incident.id") is None


# --- check --format github / sarif ----------------------------------------------------------------


def review_with_an_error(folder: Path) -> Path:
    path = folder / "inc-2024-042-slow-search.toml"
    text = path.read_text(encoding="utf-8").replace('severity = "SEV-3"', 'severity = "SEV-9"')
    path.write_text(text, encoding="utf-8")
    return path


def test_check_format_github_annotates_the_line_of_each_finding(reviews: Path):
    path = review_with_an_error(reviews)
    result = run("check", str(path), "--format", "github")
    assert result.returncode == 1
    severity_line = path.read_text(encoding="utf-8").splitlines().index('severity = "SEV-9"') + 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert errors and errors[0].startswith(
        f"::error file={path},line={severity_line},title=Incident Information::incident.severity: "
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in result.stdout.splitlines())


def test_github_annotations_escape_newlines_and_percent_signs(tmp_path: Path):
    from pirtui.cli.check_formats import github
    from pirtui.core.checks import Finding

    finding = Finding("error", "Timeline", "timeline.0.time", "50% of\nrows, bad")
    out = github([(tmp_path / "a,b.toml", [finding])])
    assert out == f"::error file={tmp_path}/a%2Cb.toml,title=Timeline::timeline.0.time: 50%25 of␊rows, bad"


def test_check_format_sarif_is_a_sarif_log_with_lines(reviews: Path):
    path = review_with_an_error(reviews)
    result = run("check", str(path), "--format", "sarif")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    error = next(r for r in results if r["level"] == "error")
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path.as_uri()  # outside the folder it ran in: absolute
    severity_line = path.read_text(encoding="utf-8").splitlines().index('severity = "SEV-9"') + 1
    assert location["region"]["startLine"] == severity_line
    assert {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]} >= {error["ruleId"]}


# --- history --------------------------------------------------------------------------------------


def git(repo: Path, *args: str, date: str = "2024-01-20T10:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Maria Chen",
           "GIT_AUTHOR_EMAIL": "maria@example.com", "GIT_COMMITTER_NAME": "Maria Chen",
           "GIT_COMMITTER_EMAIL": "maria@example.com", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env, timeout=60)


@pytest.fixture
def repo_with_history(tmp_path: Path) -> Path:
    """A git repository whose review was committed twice, then renamed in a third commit."""
    repo = tmp_path / "team"
    repo.mkdir()
    git(repo, "init", "-q")
    path = repo / "draft.toml"
    shutil.copy(SAMPLES / "inc-2024-042-slow-search.toml", path)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First draft of the slow search review", date="2024-06-03T09:00:00")
    path.write_text(path.read_text(encoding="utf-8").replace('status = "final"', 'status = "in review"'), encoding="utf-8")
    git(repo, "commit", "-qam", "Ready for review", date="2024-06-05T16:00:00")
    git(repo, "mv", "draft.toml", "inc-2024-042.toml")
    git(repo, "commit", "-qm", "Name the review after its ID", date="2024-06-06T08:00:00")
    return repo / "inc-2024-042.toml"


def test_history_lists_the_commits_following_renames(repo_with_history: Path):
    result = run("history", str(repo_with_history))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2024-06-03  Maria Chen  First draft of the slow search review",
        "2024-06-05  Maria Chen  Ready for review",
        "2024-06-06  Maria Chen  Name the review after its ID",
    ]
    assert store.load(repo_with_history).revisions == store.load(SAMPLES / "inc-2024-042-slow-search.toml").revisions


def test_history_add_appends_the_missing_commits_once(repo_with_history: Path):
    before = store.load(repo_with_history).revisions
    assert run("history", str(repo_with_history), "--add").returncode == 0
    rows = store.load(repo_with_history).revisions
    assert rows[: len(before)] == before
    assert [(r.date, r.author, r.change) for r in rows[len(before):]] == [
        ("2024-06-03", "Maria Chen", "First draft of the slow search review"),
        ("2024-06-05", "Maria Chen", "Ready for review"),
        ("2024-06-06", "Maria Chen", "Name the review after its ID"),
    ]
    assert "| 2024-06-05 | Maria Chen | Ready for review |" in repo_with_history.with_suffix(".md").read_text(encoding="utf-8")
    again = run("history", str(repo_with_history), "--add")
    assert "Added 0 revisions" in again.stderr
    assert store.load(repo_with_history).revisions == rows


def test_history_add_refuses_while_an_editor_holds_the_review(repo_with_history: Path):
    held = lock.acquire(repo_with_history)
    assert isinstance(held, lock.Lock)
    try:
        text = repo_with_history.read_text(encoding="utf-8")
        # the lock is this pytest process's: a live process, so not stale for the subprocess
        result = run("history", str(repo_with_history), "--add")
        assert result.returncode == 2
        assert "close it there first" in result.stderr and len(result.stderr.splitlines()) == 1
        assert repo_with_history.read_text(encoding="utf-8") == text
    finally:
        held.release()


def test_history_outside_git_is_one_line(tmp_path: Path):
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "inc-2024-042-slow-search.toml", path)
    result = run("history", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "not in a git repository" in result.stderr
    assert "fatal" not in result.stderr  # git's own words are not passed through (issue 25 item 13)


def test_render_o_replaces_pirtuis_untouched_rendering_of_another_review(tmp_path: Path):
    """Issue 25 item 13: `render A -o out.md` then `render B -o out.md` refused ("written or edited
    by hand?") though out.md was pirtui's own untouched rendering; a hand edit is still refused."""
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    shutil.copy(SAMPLES / "inc-2024-042-slow-search.toml", first)
    shutil.copy(SAMPLES / "inc-2024-001-db-pool-exhaustion.toml", second)
    out = tmp_path / "out.md"
    assert run("render", str(first), "-o", str(out)).returncode == 0
    result = run("render", str(second), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Database connection pool" in out.read_text(encoding="utf-8")
    out.write_text(out.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    refused = run("render", str(first), "-o", str(out))
    assert refused.returncode == 2 and "My own note." in out.read_text(encoding="utf-8")


def test_render_fail_on_change_fails_only_when_it_wrote_something(reviews: Path):
    assert run("render", "--fail-on-change", str(reviews)).returncode == 0  # all up to date: nothing written
    md = reviews / "inc-2024-042-slow-search.md"
    md.unlink()
    result = run("render", "--fail-on-change", str(reviews))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Wrote {md}"]
    sample = (SAMPLES / md.name).read_text(encoding="utf-8")
    assert md.read_text(encoding="utf-8") == store.marked_markdown(sample, md.with_suffix(".toml"))


def test_a_start_with_an_impossible_time_is_an_error_not_silently_read(tmp_path: Path):
    """Issue 25 item 13: a start of `99:99 2024-01-15 14:30` was read as 14:30 without a word."""
    path = tmp_path / "r.toml"
    text = (SAMPLES / "inc-2024-042-slow-search.toml").read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("start = "))
    path.write_text(text.replace(start, 'start = "99:99 2024-01-15 14:30"'), encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1
    assert 'Start "99:99 2024-01-15 14:30" cannot be read' in result.stdout
