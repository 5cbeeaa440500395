"""The lazy command line: a subcommand's module is imported only when it runs, and only its
subparser is built, while --help, completion and the man page still see every subcommand whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.cli.help import subparsers
from pirtui.cli.main import EXTRA_COMMANDS, SUBCOMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"

LOADED = """
import json, sys
from pirtui.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
"""Runs `pirtui ARGS` in a fresh interpreter and writes the names of the modules it loaded to stderr."""


def modules_loaded(*args: str) -> set[str]:
    """The modules a fresh `pirtui ARGS` has imported by the time it ends."""
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, cwd=ROOT)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _choices_help(parser) -> dict[str, str]:
    for action in parser._actions:
        if hasattr(action, "_choices_actions"):
            return {choice.dest: choice.help for choice in action._choices_actions}
    return {}


def test_each_listed_summary_is_the_one_its_module_registers():
    """`pirtui --help` lists summaries written in main.py; each equals its module's own."""
    whole = _choices_help(build_parser())
    listed = _choices_help(build_parser(""))
    assert list(listed) == list(SUBCOMMANDS) == list(whole)
    assert listed == whole


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_the_parser_built_for_one_command_has_its_arguments_whole(name):
    """Built for one command, that command's subparser is the one the whole parser holds."""
    alone = subparsers(build_parser(name))[name]
    whole = subparsers(build_parser())[name]
    assert [a.option_strings or a.dest for a in alone._actions] == [a.option_strings or a.dest for a in whole._actions]
    assert alone.format_help() == whole.format_help()


def test_other_commands_are_only_named_when_one_command_is_built():
    """The other subparsers are empty (just -h): their modules were never asked for arguments."""
    parser = build_parser("check")
    for name, sub in subparsers(parser).items():
        if name != "check":
            assert [a.dest for a in sub._actions] == ["help"], name


def test_check_imports_no_other_command_module():
    """`pirtui check FILE` loads no other subcommand's module, nor the hints, Textual or Rich
    (its output goes to a pipe here)."""
    loaded = modules_loaded("check", str(SAMPLE))
    assert "pirtui.core.checks" in loaded  # it did run
    others = {f"pirtui.cli.{name}" for name in EXTRA_COMMANDS} | {"pirtui.cli.render"}
    assert not loaded & others
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "shtab")}
    assert "pirtui.core.hints" not in loaded
    assert not {m for m in loaded if m.startswith(("pirtui.evidence", "pirtui.meeting", "pirtui.team"))}


def test_check_with_hints_does_import_the_hints():
    """The other side: asked for hints, check loads them."""
    assert "pirtui.core.hints" in modules_loaded("check", "--hints", str(SAMPLE))


def test_version_imports_no_review_code():
    """`pirtui --version` loads neither pydantic nor the core, nor any subcommand's module."""
    loaded = modules_loaded("--version")
    assert "pirtui.cli.main" in loaded
    assert not {m for m in loaded if m.startswith(("pydantic", "pirtui.core", "typing_extensions"))}
    assert not {f"pirtui.cli.{name}" for name in EXTRA_COMMANDS} & loaded


def test_a_command_in_its_own_module_is_imported_when_it_runs(tmp_path):
    """`pirtui stats FOLDER` imports pirtui.cli.stats and no other command's module."""
    loaded = modules_loaded("stats", str(tmp_path))
    assert "pirtui.cli.stats" in loaded
    assert not {f"pirtui.cli.{name}" for name in EXTRA_COMMANDS if name != "stats"} & loaded


def test_completion_sees_every_command_whole():
    """The completion script is made from the whole parser: every subcommand's options are in it."""
    done = subprocess.run([sys.executable, "-m", "pirtui", "completion", "fish"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert "__fish_seen_subcommand_from stats" in done.stdout and "-l by" in done.stdout
    assert "__fish_seen_subcommand_from actions" in done.stdout and "-l owner" in done.stdout
