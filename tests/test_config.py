"""The person's and the team's config files, merged, each value with its source."""

from __future__ import annotations

from pathlib import Path

from pirtui.core.config import load_config, team_config_path, user_config_path


def test_defaults_when_no_file_exists(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.id_prefix == "INC"
    assert sum(config.meeting_minutes.values()) == 45
    assert config.sources["id_prefix"] == "default"
    assert config.problems == []


def test_the_team_file_wins_over_the_person_file(tmp_path: Path) -> None:
    user = user_config_path()
    user.parent.mkdir(parents=True)
    user.write_text('author = "Ana"\nid_prefix = "ME"\n', encoding="utf-8")
    (tmp_path / ".pirtui.toml").write_text('id_prefix = "OPS"\n[meeting_minutes]\ntimeline = 12\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.author, config.id_prefix) == ("Ana", "OPS")
    assert config.sources["author"] == str(user)
    assert config.sources["id_prefix"] == str(tmp_path / ".pirtui.toml")
    assert config.meeting_minutes["timeline"] == 12 and config.meeting_minutes["summary"] == 3


def test_the_team_file_is_found_above_the_folder_but_not_past_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text('id_prefix = "OUT"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "reviews").mkdir()
    assert team_config_path(repo / "reviews") is None
    (repo / ".pirtui.toml").write_text('id_prefix = "IN"\n', encoding="utf-8")
    assert team_config_path(repo / "reviews") == (repo / ".pirtui.toml").resolve()


def test_a_broken_file_is_one_problem_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text('id_prefix = "OPS\ntimeline_gap_minutes = "x"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.id_prefix == "INC"
    assert len(config.problems) == 1 and "not valid TOML" in config.problems[0]


def test_a_value_of_the_wrong_type_or_an_unknown_key_is_named(tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text('timeline_gap_minutes = "x"\ncolour = 3\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.timeline_gap_minutes == 30
    assert any("timeline_gap_minutes" in p for p in config.problems)
    assert any("colour" in p for p in config.problems)
