"""Write pirtui/cli/pirtui.1 from the argparse definitions of the `pirtui` command.

    python man/generate.py          rewrite pirtui/cli/pirtui.1
    python man/generate.py --check  exit 1 if pirtui/cli/pirtui.1 is out of date (tests/test_cli_shell.py)

The page is package data: a plain `pip install` also puts it in share/man/man1 (pyproject's
data-files); an editable install does not, so `pirtui` copies it there at its first run in a
virtual environment (pirtui/cli/man_page.py), where man-db finds it from PATH. argparse-manpage is
a test dependency: only this script needs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "pirtui" / "cli" / "pirtui.1"

NAME_LINE = "write post-incident reviews in the terminal"
"""The NAME section's description (what `man -k` and `apropos` show)."""


def manpage() -> str:
    """The man page's roff text; no date in it, so it changes only when the command line does."""
    from argparse_manpage.manpage import Manpage

    from pirtui import __version__
    from pirtui.cli.main import build_parser

    page = Manpage(build_parser())
    page.date = ""
    page.source = f"pirtui {__version__}"
    page.manual = "pirtui manual"
    page.description = NAME_LINE
    return str(page)


def main(argv: list[str]) -> int:
    text = manpage()
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is out of date: run python man/generate.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
