"""The person's and the team's config files, merged, each value with its source."""

from __future__ import annotations

from pathlib import Path

from pirtui.core.config import load_config, team_config_path, user_config_path


def test_defaults_when_no_file_exists(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.id_prefix == "INC"
    assert config.meeting_minutes == {}  # the time boxes are the template's; the config holds the team's word only
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
    assert config.meeting_minutes == {"timeline": 12}


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


# -- values validated when read (issue 24): one line naming the key, the default kept -----------------


def _team(tmp_path: Path, text: str) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".pirtui.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _one_problem_about(tmp_path: Path, key: str) -> str:
    config = load_config(tmp_path)
    assert len(config.problems) == 1, config.problems
    assert f": {key}: " in config.problems[0] and "\n" not in config.problems[0]
    return config.problems[0]


def test_id_pattern_takes_only_its_documented_fields(tmp_path: Path) -> None:
    from datetime import date

    from pirtui.team.folder import create_review

    for bad in ("{number.__class__}", "{0}", "{number[0]}", "{number:999999999999d}", "{number!r}", "{", "}{",
                "{prefix}-{year}", "{number:>{prefix}}"):
        _team(tmp_path, f"id_pattern = {bad!r}\n".replace("'", '"') if '"' not in bad else "")
        _one_problem_about(tmp_path, "id_pattern")
        assert load_config(tmp_path).id_pattern == "{prefix}-{year}-{number:03d}"
        assert create_review(tmp_path / "new.toml", date(2026, 3, 1)).incident.id == "INC-2026-001"
    _team(tmp_path, 'id_pattern = "{prefix}/{year}/{number:04d}"\n')
    assert load_config(tmp_path).problems == []


def test_schema_directive_is_one_line_and_a_relative_path_inside_the_folder_or_a_url(tmp_path: Path) -> None:
    for bad in ('"x.json\\nsecret = 1"', '"../../outside.json"', '"/etc/x.json"', '"sub/../../x.json"', '"file:///etc/x"'):
        _team(tmp_path, f"schema_directive = {bad}\n")
        _one_problem_about(tmp_path, "schema_directive")
        assert load_config(tmp_path).schema_directive == "pirtui-review.schema.json"
    for good in ('"schemas/review.json"', '"https://example.com/s.json"', '""'):
        _team(tmp_path, f"schema_directive = {good}\n")
        assert load_config(tmp_path).problems == []


def test_ticket_url_is_an_http_or_mailto_link(tmp_path: Path) -> None:
    from pirtui.core.tickets import ticket_link

    for bad in ("javascript:alert(1)//{ticket}", "vscode://file/{ticket}", "data:text/html,{ticket}", "https://x/browse"):
        _team(tmp_path, f'ticket_url = "{bad}"\n')
        _one_problem_about(tmp_path, "ticket_url")
        assert load_config(tmp_path).ticket_url == ""
        assert ticket_link("OPS-1", bad) == ""  # and never a link, even if it got past the config
    _team(tmp_path, 'ticket_url = "https://tracker.example/browse/{ticket}"\n')
    assert load_config(tmp_path).problems == []


def test_a_team_pattern_re2_cannot_take_is_named_and_left_out(tmp_path: Path) -> None:
    _team(tmp_path, '[hint_words]\nteam_alias_patterns = ["(a)\\\\1", "^sre\\\\b"]\n')
    problem = _one_problem_about(tmp_path, "hint_words.team_alias_patterns")
    assert "(a)\\\\1" in problem or "(a)\\1" in problem
    assert load_config(tmp_path).hint_words["team_alias_patterns"] == ["^sre\\b"]


def test_pirtui_new_says_which_setting_it_could_not_use(tmp_path: Path, capsys) -> None:
    from pirtui.cli.main import main

    _team(tmp_path, 'id_pattern = "{number.__class__}"\nschema_directive = "../../x.json"\n')
    assert main(["new", str(tmp_path / "r.toml")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "id_pattern" in err[0] and "schema_directive" in err[1]
    assert not (tmp_path.parent.parent / "x.json").exists()
    assert (tmp_path / "r.toml").read_text(encoding="utf-8").startswith("#:schema pirtui-review.schema.json\n")
