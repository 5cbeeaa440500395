"""A team's templates: discovery in .pirtui/templates/, the `pirtui template` commands,
`pirtui new --template`, the recorded `template` key, a missing template (exit 2, nothing lost),
reviews of an older version of their template (unknown keys kept and checked), the schema of a
team template's reviews, and the pre-commit hook for template files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import tomli
import yaml

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.template.discovery import available, find_template, template_folders

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "template_cases" / ".pirtui"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A reviews repository with the team template `lite` (version 2), reviews in a subfolder."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(FIXTURE, tmp_path / ".pirtui")
    (tmp_path / "reviews").mkdir()
    monkeypatch.chdir(tmp_path / "reviews")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_templates_are_found_up_to_the_repository_top(repo):
    assert template_folders(repo / "reviews") == [repo / ".pirtui" / "templates"]
    assert set(available(repo / "reviews")) >= {"builtin", "lite"}
    assert find_template("lite", repo / "reviews").ref == "lite@2"


def test_templates_above_the_repository_top_are_not_found(repo, tmp_path):
    inner = repo / "reviews" / "sub"
    inner.mkdir()
    (inner / ".git").mkdir()
    assert template_folders(inner) == []
    assert "lite" not in available(inner)


def test_template_list_and_show(repo, capsys):
    assert main(["template", "list"]) == 0
    out = capsys.readouterr().out
    assert "builtin@1" in out and "lite@2" in out and "Incident Note" in out
    assert main(["template", "show", "lite"]) == 0
    out = capsys.readouterr().out
    assert "## Next Steps  [next]" in out and "facts.began: Began (date-time)  roles: incident-start" in out


def test_template_show_of_an_unknown_name_is_one_line_exit_2(repo, capsys):
    assert main(["template", "show", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no template named 'nope'" in err and "\n" not in err


def test_template_new_copies_a_template_under_a_new_name(repo, capsys):
    assert main(["template", "new", "ours", "--from", "builtin", "--folder", str(repo)]) == 0
    target = repo / ".pirtui" / "templates" / "ours.toml"
    data = tomli.loads(target.read_text(encoding="utf-8"))
    assert data["name"] == "ours" and data["version"] == 1
    assert main(["template", "check", str(target)]) == 0
    assert main(["template", "new", "ours", "--folder", str(repo)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_template_check_gives_one_line_per_mistake_with_its_line(repo, capsys):
    path = repo / ".pirtui" / "templates" / "lite.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if 'path = "facts.lead"' in line)
    lines[number - 1] = lines[number - 1].replace('type = "person"', 'type = "human"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["template", "check", str(path)]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"{path}:{number}: sections.0.blocks.0.fields.5.type: Input should be")


def test_template_check_of_a_good_file_is_silent(repo, capsys):
    assert main(["template", "check", str(repo / ".pirtui" / "templates" / "lite.toml")]) == 0
    assert capsys.readouterr().out == ""


def test_new_with_a_template_records_it_and_renders_its_sections(repo, capsys):
    assert main(["new", "--template", "lite", "note.toml"]) == 0
    text = Path("note.toml").read_text(encoding="utf-8")
    assert 'template = "lite@2"' in text
    assert text.startswith("#:schema pirtui-review.lite.schema.json\n")
    markdown = Path("note.md").read_text(encoding="utf-8")
    assert "## Facts" in markdown and "## Next Steps" in markdown and "Incident Information" not in markdown
    schema = json.loads(Path("pirtui-review.lite.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(tomli.loads(text), schema)
    assert main(["check", "note.toml"]) == 0


def test_a_builtin_review_gets_no_template_key(repo):
    assert main(["new", "plain.toml"]) == 0
    assert "template =" not in Path("plain.toml").read_text(encoding="utf-8")


def test_new_with_an_unknown_template_is_one_line_exit_2(repo, capsys):
    assert main(["new", "--template", "nope", "x.toml"]) == 2
    assert not Path("x.toml").exists()


def _team_review(repo: Path) -> Path:
    assert main(["new", "--template", "lite", "note.toml"]) == 0
    path = Path("note.toml")
    review = store.load(path)
    review.facts.began = "2024-05-01 10:00"
    review.todo.append(type(review).model_fields["todo"].annotation.__args__[0](step="Add an alert", who="Ana"))
    store.save(path, review)
    return path


def test_a_review_whose_template_is_missing_is_refused_by_check_and_render_losing_nothing(repo, capsys):
    path = _team_review(repo)
    before = path.read_bytes()
    shutil.rmtree(repo / ".pirtui")
    capsys.readouterr()
    assert main(["check", "note.toml"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "pirtui: note.toml: follows the template 'lite@2', which cannot be used here: no template named 'lite' "
        "here (looked in .pirtui/templates/ up to the repository's top; `pirtui template list` shows those found)"
    )
    assert main(["render", "note.toml"]) == 2
    assert "follows the template 'lite@2'" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_the_editor_reads_a_team_templates_review_without_changing_it(repo):
    from pirtui.session import _read

    path = _team_review(repo)
    before = path.read_bytes()
    review, _ = _read(path)
    assert review.template == "lite@2" and review.facts.began == "2024-05-01 10:00"
    assert path.read_bytes() == before


def test_keys_from_an_older_version_are_kept_checked_and_saved(repo, capsys):
    path = _team_review(repo)
    text = path.read_text(encoding="utf-8").replace('template = "lite@2"', 'template = "lite@1"')
    text = text.replace("[facts]\n", '[facts]\nseverity = "SEV-2"\n')
    path.write_text(text.replace("lessons = []\n", 'lessons = []\nowner_team = "payments"\n'), encoding="utf-8")
    review = store.load(path)
    store.save(path, review)
    saved = path.read_text(encoding="utf-8")
    assert 'owner_team = "payments"' in saved and 'severity = "SEV-2"' in saved
    capsys.readouterr()
    assert main(["check", "--format", "json", "note.toml"]) == 0
    messages = [item["message"] for item in json.loads(capsys.readouterr().out)]
    assert "owner_team: not in the template (kept as written)" in messages
    assert "facts.severity: not in the template (kept as written)" in messages


def test_an_unknown_key_in_the_same_version_is_refused_as_a_typo(repo, capsys):
    path = _team_review(repo)
    path.write_text(path.read_text(encoding="utf-8").replace("[facts]\n", '[facts]\nbegun = "x"\n'), encoding="utf-8")
    assert main(["check", "note.toml"]) == 2
    assert "facts.begun: Extra inputs are not permitted" in capsys.readouterr().err


def test_schema_of_a_template(repo, capsys):
    assert main(["schema", "--template", "lite"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "facts" in schema["properties"] and "incident" not in schema["properties"]
    assert main(["schema", "--template", "nope"]) == 2


def test_the_pre_commit_hooks_split_reviews_and_templates():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    template_hook = hooks["pirtui-template-check"]
    assert template_hook["entry"] == "pirtui template check"
    review_hook = hooks["pirtui-check"]

    def picks(hook: dict, name: str) -> bool:
        return bool(re.search(hook["files"], name)) and not re.search(hook.get("exclude", "^$"), name)

    assert picks(template_hook, ".pirtui/templates/lite.toml")
    assert picks(template_hook, "team/.pirtui/templates/lite.toml")
    assert not picks(template_hook, "reviews/inc-1.toml")
    assert picks(review_hook, "reviews/inc-1.toml")
    assert not picks(review_hook, ".pirtui/templates/lite.toml")
    assert not picks(review_hook, "reviews/.pirtui.toml")


def test_a_template_named_in_the_config_is_found(repo, tmp_path):
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    text = (FIXTURE / "templates" / "lite.toml").read_text(encoding="utf-8").replace('name = "lite"', 'name = "ops"')
    (elsewhere / "ops.toml").write_text(text, encoding="utf-8")
    (repo / "reviews" / ".pirtui.toml").write_text('template_paths = ["../shared/ops.toml"]\n', encoding="utf-8")
    assert available(repo / "reviews")["ops"] == repo / "reviews" / ".." / "shared" / "ops.toml"
    assert find_template("ops", repo / "reviews").ref == "ops@2"


def test_declared_rules_of_a_team_template_are_checked(repo, capsys):
    path = _team_review(repo)
    review = store.load(path)
    review.facts.began = ""
    review.todo[0].who = ""
    store.save(path, review)
    capsys.readouterr()
    assert main(["check", "--format", "json", "note.toml"]) == 0
    found = {(item["level"], item["field"], item["message"]) for item in json.loads(capsys.readouterr().out)}
    assert found == {("warning", "facts.began", "Began is empty"), ("warning", "todo.0.who", "Who is empty")}
    review.status = "final"
    store.save(path, review)
    assert main(["check", "--format", "json", "note.toml"]) == 1
    found = {(item["level"], item["field"], item["message"]) for item in json.loads(capsys.readouterr().out)}
    assert ("error", "facts.began", "Began is empty (required once the review is final)") in found


def test_a_team_template_timeline_out_of_order_is_a_warning(repo, capsys):
    path = _team_review(repo)
    review = store.load(path)
    row = type(review).model_fields["events"].annotation.__args__[0]
    review.events = [row(at="10:05", what="b"), row(at="10:01", what="a"), row(at="10:09", what="c")]
    store.save(path, review)
    capsys.readouterr()
    main(["check", "--format", "json", "note.toml"])
    found = [(item["field"], item["message"]) for item in json.loads(capsys.readouterr().out)]
    assert ("events.1.at", "row 2 is earlier than the row before it (press s to sort)") in found
    assert not any(field.startswith(("events.0", "events.2")) for field, _ in found)
