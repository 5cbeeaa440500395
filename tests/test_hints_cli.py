"""`pirtui check --hints`: hints shown on request, quieter than warnings, and never a reason to fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.cli.main import main
from tests.hint_helpers import complete

SAMPLE = Path(__file__).resolve().parents[1] / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"


@pytest.fixture
def blamed(tmp_path: Path) -> Path:
    """A clean review (the first sample, completed) whose summary blames a person: one hint, no error."""
    review = complete(store.load(SAMPLE))
    review.summary = "The pool ran out because of operator error. It was restored after 45 minutes."
    path = tmp_path / "blamed.toml"
    store.save(path, review)
    return path


def test_hints_are_listed_with_a_hint_prefix(blamed: Path, capsys) -> None:
    assert main(["check", "--hints", str(blamed)]) == 0
    out = capsys.readouterr().out
    assert "1 hint" in out
    (line,) = [line for line in out.splitlines() if "hint:" in line]
    assert "summary" in line and "operator error" in line


def test_without_hints_none_is_shown(blamed: Path, capsys) -> None:
    assert main(["check", str(blamed)]) == 0
    out = capsys.readouterr().out
    assert "hint:" not in out and "1 hint" not in out


def test_json_gives_hints_their_level_and_rule(blamed: Path, capsys) -> None:
    main(["check", "--hints", "--format", "json", str(blamed)])
    items = json.loads(capsys.readouterr().out)
    (hint,) = [item for item in items if item["level"] == "hint"]
    assert hint["rule"] == "blame-language" and hint["field"] == "summary" and hint["file"] == str(blamed)
    assert hint["why"] and hint["suggestion"]
    main(["check", "--format", "json", str(blamed)])
    assert all(item["level"] != "hint" for item in json.loads(capsys.readouterr().out))


def test_hints_never_change_the_exit_status(tmp_path: Path, capsys) -> None:
    review = store.load(SAMPLE)
    review.summary = "Human error. Bob forgot to check."
    review.action_items[0].owner = "SRE team"
    clean = tmp_path / "clean.toml"
    store.save(clean, review)
    assert main(["check", "--hints", str(clean)]) == 0
    review.incident.id = "not an id"
    broken = tmp_path / "broken.toml"
    store.save(broken, review)
    assert main(["check", "--hints", str(broken)]) == main(["check", str(broken)]) == 1
    capsys.readouterr()


def test_the_folder_gives_earlier_open_items(tmp_path: Path, capsys) -> None:
    shutil.copy(SAMPLE, tmp_path / "earlier.toml")
    later = store.load(SAMPLE)
    later.incident.id, later.incident.start = "INC-2024-050", "2024-05-01 10:00"
    store.save(tmp_path / "later.toml", later)
    main(["check", "--hints", "--format", "json", str(tmp_path / "later.toml")])
    repeats = [item for item in json.loads(capsys.readouterr().out) if item.get("rule") == "action-repeats-open"]
    assert [item["field"] for item in repeats] == ["action_items.2.action", "action_items.3.action"]


def test_a_hint_quoting_escape_sequences_shows_them_inert(tmp_path: Path, capsys) -> None:
    review = store.load(SAMPLE)
    review.lessons.process.append("\x1b[31mRotate the on-call schedule")
    path = tmp_path / "esc.toml"
    store.save(path, review)
    main(["check", "--hints", str(path)])
    out = capsys.readouterr().out
    assert "\x1b[31m" not in out and "␛" in out
