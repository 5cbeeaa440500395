"""What the `pirtui` command tells a person in the shell: examples first in every --help, the exit
codes, a suggestion for a mistyped subcommand, and which arguments complete as files.

Kept apart from cli.py so that each subcommand's examples sit together, and so that a new
subcommand only needs an entry in EXAMPLES (tests/test_cli_shell.py checks that each has one).
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_CODES = """\
exit status:
  0    success (check: no errors; render --check: every FILE.md is up to date)
  1    findings (check: a review has errors; render --check: a FILE.md is missing or differs)
  2    a file cannot be read or written, or the command line is wrong
  70   a bug in pirtui (details in crash.log under $XDG_STATE_HOME/pirtui)
  130  interrupted (ctrl+c)"""

EXAMPLES: dict[str, str] = {
    "": """\
  pirtui inc-2024-001.toml            edit a review (offers to create it if it does not exist)
  pirtui                              list the reviews in the current folder
  pirtui new reviews/db-outage.toml   start a new review with the next free ID
  pirtui check reviews/*.toml         check reviews, as CI does
  pirtui render --check reviews/      is every FILE.md up to date with its FILE.toml?
  pirtui COMMAND --help               examples and options of one command""",
    "edit": """\
  pirtui edit inc-2024-001.toml       edit a review
  pirtui edit old-review.md           import a Markdown review, then edit it
  pirtui edit reviews/                list the reviews in a folder""",
    "new": """\
  pirtui new db-outage.toml                    the next free ID in the folder (INC-YYYY-NNN)
  pirtui new db-outage.toml --id INC-2024-042  a given ID""",
    "render": """\
  pirtui render inc-2024-001.toml              write inc-2024-001.md beside it
  pirtui render inc-2024-001.toml -o -         print the Markdown
  pirtui render reviews/                       render every review in a folder
  pirtui render --check reviews/               exit 1 naming each FILE.md that is out of date
  pirtui render --format html r.toml -o r.html one self-contained HTML file (print it to PDF)
  pirtui render --public --format html r.toml  the customer-facing version: internal parts left out""",
    "check": """\
  pirtui check inc-2024-001.toml               findings grouped by section
  pirtui check reviews/                        every review in a folder (unchanged files: from the cache)
  pirtui check reviews/*.toml --format json    for scripts
  pirtui check reviews/*.toml --format github  annotations on a GitHub pull request
  pirtui check reviews/*.toml --format sarif   SARIF 2.1.0 for code scanning""",
    "import": """\
  pirtui import old-review.md                  write old-review.toml (and render old-review.md again)
  pirtui import notes.md -o inc-2024-007.toml  choose the output file""",
    "actions": """\
  pirtui actions reviews/                         every action item of every review, overdue marked
  pirtui actions reviews/ --owner ana --overdue   what one person has let slip
  pirtui actions reviews/ --format csv > a.csv    for a tracker's CSV import (Jira, Linear, GitHub)
  pirtui actions reviews/ --fail-on-overdue       exit 1 when anything is overdue (a weekly CI job)""",
    "stats": """\
  pirtui stats reviews/                  incidents, time to detect/mitigate/resolve, action follow-up
  pirtui stats reviews/ --by quarter     per quarter instead of per month
  pirtui stats reviews/ --format json    the same numbers for scripts""",
    "meet": """\
  pirtui meet inc-2024-001.toml      start the review meeting: attendees, agenda, time boxes
  (in the meeting: c point, d decision, f follow-up, a action item, m note, g agenda, e end)""",
    "follow": """\
  pirtui follow inc-2024-001.toml    follow the driver of the meeting, read-only (f snaps back)""",
    "timeline": """\
  pirtui timeline add r.toml slack-export/ pagerduty-log.json --dry-run   show the rows it would add
  pirtui timeline add r.toml app.log --grep 'ERROR|rollback'                 log lines that matter
  pirtui timeline add r.toml chat.txt --source-tz Europe/Berlin             a pasted chat in local time""",
    "config": """\
  pirtui config                      every setting in effect and the file it comes from
  pirtui config reviews/             the settings for the reviews in that folder (its .pirtui.toml)
  pirtui config --format json        for scripts""",
    "history": """\
  pirtui history inc-2024-001.toml        the file's commits: date, author, subject
  pirtui history inc-2024-001.toml --add  add the missing ones as Revision History rows""",
    "schema": """\
  pirtui schema > pirtui-review.schema.json   the JSON Schema of FILE.toml, for Taplo and editors""",
    "site": """\
  pirtui site reviews/ -o site/             the team's site: open site/index.html, or serve the folder
  pirtui site reviews/ -o public/ --public  only reviews with publish = true, each as its public version
  pirtui site reviews/ -o site/ --no-pagefind   search with the embedded index only (fastest rebuilds)""",
    "template": """\
  pirtui template list                       the templates found here (.pirtui/templates/, shipped, builtin)
  pirtui template new ours --from builtin    start a team template in .pirtui/templates/ours.toml
  pirtui template check .pirtui/templates/*.toml   one line per mistake (file, line, key); exit 2 on any""",
    "completion": """\
  pirtui completion bash > ~/.local/share/bash-completion/completions/pirtui
  pirtui completion zsh > ~/.zfunc/_pirtui       (with fpath+=~/.zfunc before compinit)
  pirtui completion fish > ~/.config/fish/completions/pirtui.fish""",
}
"""Examples per subcommand ("" for the program itself), shown first in each --help."""

FILE_COMPLETION = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
"""shtab's completion of file names (shtab.FILE), written out so that building the parser never
imports shtab."""


def add_examples(parser: argparse.ArgumentParser, name: str = "", summary: str = "") -> None:
    """Put the examples right under the usage line, before the options; the exit codes at the end.

    The description and epilog keep their line breaks, so the examples stay in columns.
    """
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    lead = parser.description or summary
    examples = f"examples:\n{EXAMPLES[name]}" if name in EXAMPLES else ""
    parser.description = "\n\n".join(part for part in (lead, examples) if part)
    parser.epilog = "\n\n".join(part for part in (parser.epilog, EXIT_CODES) if part)


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _choice_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The entries of the subcommand list in --help (each subcommand's one-line help)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action._choices_actions)
    return []


def polish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Examples and exit codes in every --help; file-name completion for every path argument."""
    add_examples(parser)
    summaries = {choice.dest: choice.help or "" for choice in _choice_actions(parser)}
    for name, sub in subparsers(parser).items():
        summary = summaries.get(name, "")
        add_examples(sub, name, summary[:1].upper() + summary[1:])
        for action in sub._actions:
            if action.type is Path:
                # shtab reads `complete` off the action; argparse's types (typeshed) do not declare it
                action.complete = FILE_COMPLETION  # type: ignore[attr-defined]  # shtab typing gap
    return parser


def looks_like_a_path(word: str) -> bool:
    """Whether `pirtui WORD` means a file or folder rather than a subcommand."""
    return Path(word).exists() or word.endswith((".toml", ".md")) or "/" in word or word in (".", "..")


def suggest_command(word: str, commands: tuple[str, ...]) -> str | None:
    """The subcommand a mistyped `word` most likely meant; None when `word` names a path."""
    if looks_like_a_path(word):
        return None
    import difflib

    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    return close[0] if close else None
