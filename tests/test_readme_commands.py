"""The README as GitHub renders it: each `pirtui` subcommand once, in one table of commands.

Issue 25 item 6: `render` and `check` were listed two or three times with different options, and
`timeline add`, `actions` and `stats` were table rows left after paragraphs, which render as text.
The README is parsed as GitHub-flavoured Markdown (markdown-it-py with its table rule), as a reader sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from pirtui.cli.main import SUBCOMMANDS

README = Path(__file__).resolve().parent.parent / "README.md"


def tables_and_paragraphs() -> tuple[list[list[list[str]]], list[str]]:
    """Every table (its rows, each a list of cell texts, the header first) and every paragraph's text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(README.read_text(encoding="utf-8"))
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []
    row: list[str] | None = None
    in_paragraph = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
        elif token.type == "paragraph_open":
            in_paragraph = True
        elif token.type == "paragraph_close":
            in_paragraph = False
        elif token.type == "inline":
            if row is not None:
                row.append(token.content)
            elif in_paragraph:
                paragraphs.append(token.content)
    return tables, paragraphs


def command_of(cell: str) -> set[str]:
    """The subcommands a first cell names: `pirtui render ...` is render; `pirtui FILE.toml` is edit."""
    named = set()
    for code in re.findall(r"`pirtui(?: ([^`]*))?`", cell):
        word = code.split(" ", 1)[0] if code else ""
        named.add(word if word in SUBCOMMANDS else "edit")
    return named


def test_each_subcommand_is_listed_once_in_the_one_table_of_commands() -> None:
    tables, _ = tables_and_paragraphs()
    command_tables = [t for t in tables if t[0][:2] == ["command", "what it does"]]
    assert len(command_tables) == 1, "one table of commands"
    listed: list[str] = []
    for cells in command_tables[0][1:]:
        named = command_of(cells[0])
        assert named, f"a row of the command table names no pirtui command: {cells[0]}"
        listed.extend(sorted(named - {"edit"}) if named != {"edit"} else ["edit"])
    counts = {name: listed.count(name) for name in SUBCOMMANDS}
    assert counts == {name: (2 if name == "edit" else 1) for name in SUBCOMMANDS}, counts


def test_no_table_row_is_left_in_a_paragraph() -> None:
    _, paragraphs = tables_and_paragraphs()
    stray = [p for p in paragraphs if re.search(r"^\|.*\|\s*$", p, re.MULTILINE)]
    assert stray == []


def test_the_layout_section_names_each_folder_once() -> None:
    text = README.read_text(encoding="utf-8")
    layout = text.split("## Layout", 1)[1].split("```", 2)[1]
    firsts = [line.split()[0] for line in layout.splitlines() if line and not line.startswith(" ")]
    assert len(firsts) == len(set(firsts)), firsts
    for folder in ("pirtui/core/", "pirtui/team/", "pirtui/app/", "pirtui/cli/", "screens/", "widgets/"):
        assert folder in firsts


def test_the_screenshot_shows_the_keys_the_footer_shows() -> None:
    from pirtui.app.app import PirtuiApp

    text = README.read_text(encoding="utf-8")
    empty = next(b for b in PirtuiApp.BINDINGS if b.action == "next_empty")
    assert f"{empty.key} {empty.description}" in text
    assert "f4 Empty" not in text
