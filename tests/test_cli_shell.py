"""pirtui in the shell: python -m, -V, examples and exit codes in --help, did-you-mean, completion,
`pirtui config` and the man page."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui import __version__
from pirtui.cli.main import SUBCOMMANDS, build_parser, main
from pirtui.cli.help import EXAMPLES, subparsers, suggest_command

ROOT = Path(__file__).resolve().parent.parent
PIRTUI = str(Path(sys.executable).parent / "pirtui")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PIRTUI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_python_dash_m_prints_the_version(flag: str):
    result = subprocess.run([sys.executable, "-m", "pirtui", flag], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"pirtui {__version__}"


@pytest.mark.parametrize("command", ["", *SUBCOMMANDS])
def test_help_leads_with_examples_and_lists_exit_codes(command: str, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"] if command else ["--help"])
    out = capsys.readouterr().out
    assert out.index("examples:") < out.index("options:")
    assert EXAMPLES[command].splitlines()[0] in out
    assert "exit status:" in out and "  2    a file cannot be read" in out


def test_every_argument_has_help_text():
    parsers = {"": build_parser(), **subparsers(build_parser())}
    missing = [
        f"{name} {action.dest}"
        for name, parser in parsers.items()
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


def test_a_mistyped_subcommand_suggests_the_right_one(tmp_path: Path):
    result = run("chekc", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "pirtui: no command 'chekc'; did you mean 'check'?\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("word", "meant"),
    [("chekc", "check"), ("rendr", "render"), ("improt", "import"), ("db-outage", None),
     ("chekc.toml", None), ("reviews/chekc", None), ("inc-2024-001", None)],
)
def test_suggestions_only_for_words_close_to_a_subcommand(word: str, meant: str | None):
    assert suggest_command(word, SUBCOMMANDS) == meant


def test_an_existing_path_named_like_a_command_is_edited_not_corrected(tmp_path: Path, monkeypatch):
    (tmp_path / "chek").mkdir()
    monkeypatch.chdir(tmp_path)
    assert suggest_command("chek", SUBCOMMANDS) is None


def bash_completions(words: list[str], cwd: Path) -> list[str]:
    """What bash offers for the last of `words`, with the generated completion function sourced."""
    script = f"""
source <({PIRTUI} completion bash)
COMP_WORDS=({' '.join(words)} "")
[ -n "{words[-1]}" ] && COMP_WORDS=({' '.join(words)})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
COMPREPLY=()
_shtab_pirtui pirtui "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=cwd, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_subcommands_options_and_review_files(tmp_path: Path):
    (tmp_path / "inc-2024-001.toml").write_text("", encoding="utf-8")
    assert bash_completions(["pirtui", "ch"], tmp_path) == ["check"]
    assert bash_completions(["pirtui", "check", "--f"], tmp_path) == ["--format"]
    assert bash_completions(["pirtui", "check", "inc"], tmp_path) == ["inc-2024-001.toml"]
    assert "completion" in bash_completions(["pirtui", "co"], tmp_path)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_name_every_subcommand(shell: str):
    result = run("completion", shell)
    assert result.returncode == 0
    for command in SUBCOMMANDS:
        assert command in result.stdout
    if shell == "fish":
        assert "complete -c pirtui -n '__fish_seen_subcommand_from check' -l format -xa" in result.stdout


def test_fish_completes_subcommands_options_and_review_files(tmp_path: Path):
    script = tmp_path / "pirtui.fish"
    script.write_text(run("completion", "fish").stdout, encoding="utf-8")
    (tmp_path / "inc-2024-001.toml").write_text("", encoding="utf-8")

    def offered(line: str) -> list[str]:
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
            capture_output=True, text=True, cwd=tmp_path, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return [row.split("\t")[0] for row in result.stdout.splitlines()]

    assert offered("pirtui ch") == ["check"]
    assert offered("pirtui check --f") == ["--format"]
    assert offered("pirtui check inc") == ["inc-2024-001.toml"]


def test_zsh_reads_the_script(tmp_path: Path):
    script = tmp_path / "_pirtui"
    script.write_text(run("completion", "zsh").stdout, encoding="utf-8")
    result = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_config_shows_each_setting_and_its_source(tmp_path: Path):
    (tmp_path / ".pirtui.toml").write_text('id_prefix = "OPS"\n', encoding="utf-8")
    result = run("config", str(tmp_path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert f'id_prefix = "OPS"  # {tmp_path.resolve() / ".pirtui.toml"}' in lines
    assert "timeline_gap_minutes = 30  # default" in lines
    as_json = json.loads(run("config", str(tmp_path), "--format", "json").stdout)
    by_key = {row["key"]: row for row in as_json["settings"]}
    assert by_key["id_prefix"]["value"] == "OPS"
    assert by_key["public_excludes"]["source"] == "default"


def test_config_names_a_broken_file_in_one_line_and_goes_on(tmp_path: Path):
    (tmp_path / ".pirtui.toml").write_text("id_prefix = \n", encoding="utf-8")
    result = run("config", str(tmp_path))
    assert result.returncode == 0
    assert 'id_prefix = "INC"  # default' in result.stdout
    assert len(result.stderr.splitlines()) == 1 and "not valid TOML" in result.stderr


def test_the_man_page_is_up_to_date_with_the_parser():
    spec = importlib.util.spec_from_file_location("generate_man", ROOT / "man" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "pirtui" / "cli" / "pirtui.1").read_text(encoding="utf-8") == module.manpage(), (
        "pirtui/cli/pirtui.1 is out of date: run python man/generate.py"
    )
