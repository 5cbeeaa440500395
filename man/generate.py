"""Write man/pirtui.1 from the argparse definitions of the `pirtui` command.

    python man/generate.py          rewrite man/pirtui.1
    python man/generate.py --check  exit 1 if man/pirtui.1 is out of date (tests/test_cli_shell.py)

The page is installed to share/man/man1 with the package (pyproject's data-files), so `man pirtui`
works after `pip install`. argparse-manpage is a test dependency: only this script needs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).with_name("pirtui.1")


def manpage() -> str:
    """The man page's roff text; no date in it, so it changes only when the command line does."""
    from argparse_manpage.manpage import Manpage

    from pirtui import __version__
    from pirtui.cli.main import build_parser

    page = Manpage(build_parser())
    page.date = ""
    page.source = f"pirtui {__version__}"
    page.manual = "pirtui manual"
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
