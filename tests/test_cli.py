"""The command line: exit codes, outputs, and one-line errors instead of tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pirtui import __version__

from pirtui.core import store
from pirtui.cli.main import main
from pirtui.core.model import ActionItem, new_review

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
    # The file ends with the marker line that tells pirtui's own Markdown from a hand-written one.
    assert (tmp_path / "other.md").read_text(encoding="utf-8") == store.marked_markdown(out, path)


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


def test_import_writes_toml_and_markdown_and_keeps_the_markdown_it_came_from(tmp_path: Path, capsys):
    sample = sorted(SAMPLES.glob("*.md"))[0]
    source = tmp_path / "review.md"
    source.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    assert store.dumps(store.load(tmp_path / "review.toml")) == sample.with_suffix(".toml").read_text(encoding="utf-8")
    assert (tmp_path / "review.orig.md").read_text(encoding="utf-8") == sample.read_text(encoding="utf-8")
    assert store.markdown_is_ours(source, tmp_path / "review.toml")
    assert "the original is kept as" in capsys.readouterr().err


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


# --- Files pirtui does not own (issue 10) -------------------------------------------------------


def one_line_refusal(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_new_does_not_replace_a_markdown_file_it_did_not_write(tmp_path: Path):
    (tmp_path / "c.md").write_text("# my notes\n", encoding="utf-8")
    result = run("new", "c.toml", cwd=tmp_path)
    one_line_refusal(result, "c.md", "not pirtui's rendering", "--force")
    assert (tmp_path / "c.md").read_text(encoding="utf-8") == "# my notes\n"
    assert not (tmp_path / "c.toml").exists()
    assert run("new", "c.toml", "--force", cwd=tmp_path).returncode == 0
    assert store.markdown_is_ours(tmp_path / "c.md", tmp_path / "c.toml")


def test_import_does_not_replace_an_unrelated_markdown_beside_its_output(tmp_path: Path):
    sample = sorted(SAMPLES.glob("*.md"))[0]
    (tmp_path / "b.md").write_text("# b's own notes\n", encoding="utf-8")
    result = run("import", str(sample), "-o", "b.toml", cwd=tmp_path)
    one_line_refusal(result, "b.md", "not pirtui's rendering of b.toml")
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "# b's own notes\n"
    assert not (tmp_path / "b.toml").exists()


def test_render_never_overwrites_its_own_input(tmp_path: Path):
    path = write_review(tmp_path / "d.toml")
    before = path.read_bytes()
    for extra in ([], ["--force"]):
        one_line_refusal(run("render", "d.toml", "-o", "d.toml", *extra, cwd=tmp_path), "d.toml", "the review itself")
    assert path.read_bytes() == before


def test_render_does_not_replace_markdown_edited_by_hand(tmp_path: Path):
    path = write_review(tmp_path / "d.toml")
    assert run("render", "d.toml", cwd=tmp_path).returncode == 0  # its own rendering: replaced
    (tmp_path / "d.md").write_text("# d, edited by hand\n", encoding="utf-8")
    one_line_refusal(run("render", "d.toml", cwd=tmp_path), "d.md", "edited by hand", "--force")
    assert (tmp_path / "d.md").read_text(encoding="utf-8") == "# d, edited by hand\n"
    assert run("render", "d.toml", "--force", cwd=tmp_path).returncode == 0
    assert store.markdown_is_ours(tmp_path / "d.md", path)


def test_render_refuses_a_read_only_markdown_unless_forced(tmp_path: Path):
    write_review(tmp_path / "r.toml")
    md = tmp_path / "r.md"
    md.chmod(0o444)
    before = md.read_bytes()
    path = tmp_path / "r.toml"  # a change, so that the rendering differs from r.md
    path.write_text(path.read_text(encoding="utf-8").replace('severity = "SEV-2"', 'severity = "SEV-1"'), encoding="utf-8")
    one_line_refusal(run("render", "r.toml", cwd=tmp_path), "r.md", "read-only", "--force")
    assert md.read_bytes() == before
    assert run("render", "r.toml", "--force", cwd=tmp_path).returncode == 0
    assert md.stat().st_mode & 0o777 == 0o444


def test_render_and_import_write_through_links(tmp_path: Path):
    (tmp_path / "real").mkdir()
    path = write_review(tmp_path / "r.toml")
    (tmp_path / "out.md").symlink_to(Path("real") / "out.md")
    assert run("render", "r.toml", "-o", "out.md", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out.md").is_symlink() and "INC-2024-001" in (tmp_path / "real" / "out.md").read_text()
    write_review(tmp_path / "real" / "t.toml")
    (tmp_path / "t.toml").symlink_to(Path("real") / "t.toml")
    sample = sorted(SAMPLES.glob("*.md"))[0]
    assert run("import", str(sample), "-o", "t.toml", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "t.toml").is_symlink()
    assert store.load(tmp_path / "real" / "t.toml").title == store.load(sample.with_suffix(".toml")).title
    assert path.exists()


def test_a_second_import_never_replaces_the_kept_original(tmp_path: Path):
    samples = sorted(SAMPLES.glob("*.md"))
    source = tmp_path / "s3.md"
    source.write_bytes(samples[0].read_bytes())
    assert run("import", "s3.md", cwd=tmp_path).returncode == 0
    source.write_bytes(samples[1].read_bytes())  # a different review, saved under the same name
    assert run("import", "s3.md", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "s3.orig.md").read_bytes() == samples[0].read_bytes()
    assert (tmp_path / "s3.orig-2.md").read_bytes() == samples[1].read_bytes()


@pytest.mark.parametrize("args", [["check", "p.toml"], ["render", "p.toml"], ["import", "p.md"], ["p.toml"]])
def test_a_fifo_is_refused_with_one_line_instead_of_hanging(tmp_path: Path, args: list[str]):
    os.mkfifo(tmp_path / args[-1])
    try:
        result = run(*args, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pirtui {' '.join(args)} hung on a FIFO")
    one_line_refusal(result, args[-1], "not a regular file (a FIFO)")


def test_the_editor_refuses_to_start_without_a_terminal(tmp_path: Path):
    write_review(tmp_path / "r.toml")
    for args in (["r.toml"], [str(tmp_path)], []):
        with open(os.devnull) as nothing:
            result = subprocess.run(
                [PIRTUI, *args], stdin=nothing, capture_output=True, text=True, cwd=tmp_path, timeout=60
            )
        one_line_refusal(result, "needs a terminal")
        assert result.stdout == ""
    assert run("check", "r.toml", cwd=tmp_path).returncode == 0  # the subcommands still work


def test_a_toml_file_with_a_bom_is_read(tmp_path: Path):
    path = write_review(tmp_path / "r.toml")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = run("check", "r.toml", cwd=tmp_path)
    assert result.returncode in (0, 1) and result.stderr == ""


def test_check_warns_about_hand_written_comments_without_changing_the_status(tmp_path: Path):
    path = write_review(tmp_path / "r.toml")
    clean = run("check", "r.toml", cwd=tmp_path).returncode
    text = path.read_text(encoding="utf-8")
    path.write_text("#:schema ./review.schema.json\n# by hand\n" + text.replace('title = ', "# mine\ntitle = ", 1))
    result = run("check", "r.toml", cwd=tmp_path)
    assert result.returncode == clean
    assert "comments written by hand on lines 2, 4" in result.stdout
    items = json.loads(run("check", "--format", "json", "r.toml", cwd=tmp_path).stdout)
    assert [i["level"] for i in items if "comments written by hand" in i["message"]] == ["warning"]


def test_check_json_escapes_c1_controls_and_bidi_overrides(tmp_path: Path):
    value = "noon\u009b31m\u202eevil"
    path = write_review(tmp_path / "r.toml", start=value)
    result = run("check", "--format", "json", str(path))
    assert "\u009b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout
    assert any(value in finding["message"] for finding in json.loads(result.stdout))


def test_file_names_and_ids_are_printed_inert(tmp_path: Path):
    name = f"x{ESCAPE}y"
    result = run("new", f"{name}.toml", "--id", f"INC{ESCAPE}X", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [result.stdout, result.stderr]
    (tmp_path / f"{name}.md").unlink()
    lines.append(run("render", f"{name}.toml", cwd=tmp_path).stderr)
    sample = sorted(SAMPLES.glob("*.md"))[0]
    (tmp_path / f"{name}2.md").write_bytes(sample.read_bytes())
    imported = run("import", f"{name}2.md", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    lines.append(imported.stderr)
    for text in lines:
        assert "\x1b" not in text and "\x07" not in text, text
    assert "Wrote" in lines[0] and "␛]0;PWNED␇" in lines[0]
    assert all("␛]0;PWNED␇" in text for text in lines[2:])


def test_new_says_how_to_open_the_review_it_wrote(tmp_path: Path):
    """Issue 25 item 13: `pirtui new` wrote the review and said nothing of how to open it."""
    result = run("new", "my review.toml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Open it in the editor: pirtui 'my review.toml'"
