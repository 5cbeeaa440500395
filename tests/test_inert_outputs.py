"""Outputs a program obeys (issue 24): CSV cells a spreadsheet would run, file names that would start a
GitHub workflow command, SARIF URIs a `#` or a space would break, names that are not UTF-8."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.model import ActionItem, new_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"
PIRTUI = str(Path(sys.executable).parent / "pirtui")
INJECTION = "::error file=README.md,line=1::pwned"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PIRTUI, *args], capture_output=True, cwd=cwd, timeout=60)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_actions_csv_cells_never_start_a_formula(tmp_path: Path, capsys, start: str) -> None:
    review = new_review("INC-2026-001", "2026-03-01")
    review.action_items = [ActionItem(action=f"{start}HYPERLINK(\"http://x\")", owner=f"{start}cmd|' /C calc'!A0",
                                      priority="P2", status="Open")]
    store.save(tmp_path / "r.toml", review)
    assert main(["actions", "--format", "csv", str(tmp_path)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    summary, owner = rows[1][0], rows[1][1]
    assert summary == f"'{start}HYPERLINK(\"http://x\")" and owner.startswith(f"'{start}cmd")
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_a_plain_csv_cell_is_left_exact(tmp_path: Path, capsys) -> None:
    from pirtui.team.report import inert_cell

    assert inert_cell("Add an alert") == "Add an alert" and inert_cell(-3) == -3 and inert_cell("a=b") == "a=b"


def _injecting_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / f"{INJECTION}.toml")
    return folder


def _workflow_commands(output: bytes) -> list[str]:
    """The lines GitHub's runner would take as commands (it trims the line before looking for ::)."""
    return [line for line in output.decode("utf-8").splitlines() if line.strip().startswith("::")]


def test_render_check_names_a_file_without_starting_a_workflow_command(tmp_path: Path) -> None:
    folder = _injecting_folder(tmp_path)
    done = run("render", "--check", ".", cwd=folder)
    assert done.returncode == 1
    assert INJECTION.encode() in done.stdout  # the file is named...
    assert _workflow_commands(done.stdout + done.stderr) == []  # ...but never as a command


def test_check_text_output_names_a_file_without_starting_a_workflow_command(tmp_path: Path) -> None:
    folder = _injecting_folder(tmp_path)
    done = run("check", f"{INJECTION}.toml", cwd=folder)
    assert INJECTION.encode() in done.stdout
    assert _workflow_commands(done.stdout + done.stderr) == []


def test_sarif_uris_are_percent_encoded_and_relative_to_a_base(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / "reviews").mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8").replace('severity = "SEV-3"', 'severity = "SEV-9"')
    (folder / "reviews" / "a #1 100%.toml").write_text(text, encoding="utf-8")
    done = run("check", "--format", "sarif", "reviews/a #1 100%.toml", cwd=folder)
    log = json.loads(done.stdout)
    run_ = log["runs"][0]
    location = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "reviews/a%20%231%20100%25.toml", "uriBaseId": "SRCROOT"}
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == folder.as_uri() + "/"


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes_and_the_folder_still_works(tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.toml")
    shutil.copy(SAMPLE, os.fsdecode(bytes(folder) + b"/bad\xff.toml"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    for command in (["actions", "."], ["actions", "--format", "json", "."], ["actions", "--format", "csv", "."],
                    ["stats", "."], ["render", "."], ["render", "--check", "."], ["render", "--format", "html", "."]):
        done = subprocess.run([PIRTUI, *command], capture_output=True, cwd=folder, env=env, timeout=60)
        assert done.returncode in (0, 1), (command, done.stderr)
        assert b"internal error" not in done.stderr and b"\xff" not in done.stdout + done.stderr, command
    listed = subprocess.run([PIRTUI, "actions", "--format", "json", "."], capture_output=True, cwd=folder, env=env)
    assert any(item["file"].endswith("bad\\xff.toml") for item in json.loads(listed.stdout))
    wrote = subprocess.run([PIRTUI, "render", "--force", "."], capture_output=True, cwd=folder, env=env)
    assert os.path.exists(bytes(folder) + b"/bad\xff.md")


def test_years_before_1000_are_written_with_four_digits(tmp_path: Path) -> None:
    from datetime import date, datetime

    from pirtui.core.config import Config
    from pirtui.team.folder import format_id
    from pirtui.team.stats import period_of

    assert format_id(Config(), 999, 7) == "INC-0999-007"
    assert format_id(Config(id_pattern="{year:2d}/{number}"), 5, 7) == "0005/7"
    assert store.conflict_copy_path(Path("r.toml"), datetime(999, 1, 2, 3, 4, 5)).name == "r.conflict-09990102-030405.toml"
    assert period_of(date(999, 1, 2), "month") == "0999-01" and period_of(date(999, 5, 2), "quarter") == "0999-Q2"
