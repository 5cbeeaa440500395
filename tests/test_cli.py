"""The command line: exit codes, outputs, and one-line errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pirtui import __version__, store
from pirtui.cli import main
from pirtui.model import ActionItem, new_review

PIRTUI = str(Path(sys.executable).parent / "pirtui")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    return subprocess.run([PIRTUI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def write_review(path: Path, **changes) -> Path:
    review = new_review("INC-2024-001", "2024-01-20")
    review.incident.start = "2024-01-15 14:30"
    review.incident.end = "15:15"
    review.incident.severity = "SEV-2"
    for key, value in changes.items():
        setattr(review.incident, key, value)
    store.save(path, review)
    return path


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pirtui {__version__}"


@pytest.mark.parametrize("command", ["", "new", "render", "check", "import", "edit"])
def test_help_on_every_command(command: str, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"] if command else ["--help"])
    assert exited.value.code == 0
    assert "usage: pirtui" in capsys.readouterr().out


def test_new_numbers_reviews_in_a_folder(tmp_path: Path, capsys):
    year = date.today().year
    assert main(["new", str(tmp_path / "a.toml")]) == 0
    assert main(["new", str(tmp_path / "b.toml")]) == 0
    assert store.load(tmp_path / "a.toml").incident.id == f"INC-{year}-001"
    assert store.load(tmp_path / "b.toml").incident.id == f"INC-{year}-002"
    assert (tmp_path / "b.md").exists()


def test_new_with_id_and_refusing_to_overwrite(tmp_path: Path, capsys):
    path = tmp_path / "a.toml"
    assert main(["new", str(path), "--id", "INC-2023-042"]) == 0
    assert store.load(path).incident.id == "INC-2023-042"
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_render_writes_markdown_beside_the_source(tmp_path: Path, capsys):
    path = write_review(tmp_path / "r.toml")
    (tmp_path / "r.md").unlink()
    assert main(["render", str(path)]) == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# INC-2024-001")


def test_render_to_stdout_and_to_a_file(tmp_path: Path, capsys):
    path = write_review(tmp_path / "r.toml")
    assert main(["render", str(path), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "## Incident Information" in out
    assert main(["render", str(path), "-o", str(tmp_path / "other.md")]) == 0
    assert (tmp_path / "other.md").read_text(encoding="utf-8") == out


def test_check_exit_codes(tmp_path: Path, capsys):
    bad = write_review(tmp_path / "bad.toml", id="INC-24", severity="SEV-9")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Incident Information" in out and "error" in out
    malformed = tmp_path / "malformed.toml"
    malformed.write_text('title = "x"\nstatus = = 1\n', encoding="utf-8")
    assert main(["check", str(bad), str(malformed)]) == 2
    err = capsys.readouterr().err
    assert "malformed.toml" in err and "line 2" in err and "column" in err


def test_check_json_lists_findings(tmp_path: Path, capsys):
    bad = write_review(tmp_path / "bad.toml", id="INC-24")
    assert main(["check", "--format", "json", str(bad)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert items and all({"level", "section", "field", "message"} <= set(item) for item in items)
    assert any(i["field"] == "incident.id" and i["level"] == "error" for i in items)


def test_check_passes_a_clean_review(tmp_path: Path, capsys):
    review = store.load(write_review(tmp_path / "r.toml"))
    review.action_items = [ActionItem(id="1", action="a", owner="o", priority="P1", due="2024-01-22")]
    store.save(tmp_path / "r.toml", review)
    assert main(["check", str(tmp_path / "r.toml")]) == 0


def test_missing_file_is_one_line_without_traceback(tmp_path: Path):
    for args in (["check", "nope.toml"], ["render", "nope.toml"], ["import", "nope.md"], ["nope.toml.d/x.toml"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "b.toml"
    path.write_bytes(b"\x00\x01\x02binary")
    result = run("check", str(path))
    assert result.returncode == 2
    assert "binary" in result.stderr and "Traceback" not in result.stderr


SAMPLES = Path(__file__).resolve().parent.parent / "sample_reviews"


def test_import_writes_toml_and_keeps_the_markdown_it_came_from(tmp_path: Path, capsys):
    sample = sorted(SAMPLES.glob("*.md"))[0]
    source = tmp_path / "review.md"
    source.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    assert store.dumps(store.load(tmp_path / "review.toml")) == sample.with_suffix(".toml").read_text(encoding="utf-8")
    assert source.read_text(encoding="utf-8") == sample.read_text(encoding="utf-8")


def test_import_does_not_overwrite_without_force(tmp_path: Path, capsys):
    sample = sorted(SAMPLES.glob("*.md"))[0]
    out = tmp_path / "out.toml"
    out.write_text("mine", encoding="utf-8")
    assert main(["import", str(sample), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["import", str(sample), "-o", str(out), "--force"]) == 0
    assert store.load(out).incident.id.startswith("INC-")


def test_import_refuses_what_is_not_a_review(tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Shopping\n\n- milk\n", encoding="utf-8")
    result = run("import", str(notes))
    assert result.returncode == 2
    assert "not a post-incident review" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "notes.toml").exists()


ESCAPE = "\x1b]0;PWNED\x07\x1b[31m"
"""Sets the terminal's title and turns the text red, when a terminal receives it raw."""


def test_check_shows_escape_sequences_in_messages_instead_of_sending_them(tmp_path: Path):
    path = write_review(tmp_path / "r.toml", start="noon" + ESCAPE)
    result = run("check", str(path))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "noon␛]0;PWNED␇␛[31m" in result.stdout


def test_check_json_keeps_the_value_exactly(tmp_path: Path):
    path = write_review(tmp_path / "r.toml", start="noon" + ESCAPE)
    result = run("check", "--format", "json", str(path))
    messages = [finding["message"] for finding in json.loads(result.stdout)]
    assert any("noon" + ESCAPE in message for message in messages)


def test_one_line_errors_show_control_characters(tmp_path: Path):
    result = run("render", str(tmp_path / f"no{ESCAPE}such.toml"))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "␛" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rendered_markdown_holds_nothing_a_terminal_would_obey(tmp_path: Path):
    path = write_review(tmp_path / "r.toml", customer_impact="red" + ESCAPE)
    path.with_suffix(".md").unlink()
    result = run("render", "-o", "-", str(path))
    assert run("render", str(path)).returncode == 0
    for text in (result.stdout, path.with_suffix(".md").read_text(encoding="utf-8")):
        assert "\x1b" not in text and "\x07" not in text
        assert "| **Customer Impact** | red&#27;]0;PWNED&#7;&#27;[31m |" in text
