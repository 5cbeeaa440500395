"""F3, the preview of the 2,000-row review opened at a section, against a bare Markdown widget (issue 26).

Run: python benchmarks/preview.py [--reps N] [--section KEY]   (prints figures; it is not a test)

Target, as a ratio of medians in the same run: the preview, from pressing F3 in the editor at a
section to the preview showing that section's heading at its top, within 1.2x of a bare Textual
Markdown widget shown on the same Markdown text from the top (no jump). Headless (`run_test`,
100x30), imports done; each a fresh app, the two interleaved.

The preview shows a review longer than `screens.preview.MAX_RENDERED_LINES` lines as its Markdown
source in a read-only TextArea; the bare widget lays the same text out as Markdown. Both figures are
printed with the line count, so a change in how the preview is built shows here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (100, 30)


async def _until(pilot, done, what: str, timeout: float = 120) -> None:
    give_up = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > give_up:
            raise RuntimeError(f"{what} never happened")
        await asyncio.sleep(0.001)
    await pilot.pause()


async def preview_time(path: Path, section: str) -> tuple[float, int, bool]:
    """Seconds from F3 at `section` to the preview showing its heading; the Markdown's line count;
    whether it was shown as source."""
    from pirtui.app.app import PirtuiApp
    from pirtui.core.sections import SECTIONS_BY_KEY
    from pirtui.screens.preview import PreviewScreen
    from pirtui.screens.section import SectionScreen

    heading = SECTIONS_BY_KEY[section].heading
    app = PirtuiApp(path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen) and bool(app.screen.query("FieldEditor")),
                     "the first screen")
        app.goto_section(section)
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("f3")

        def shown() -> bool:
            screen = app.screen
            if not isinstance(screen, PreviewScreen):
                return False
            if screen.as_source:
                area = screen.query_one("#preview-source")
                return heading_on_top(area)
            scroll = screen.query_one("#preview-scroll")
            return scroll.pin is not None and scroll.pin.region.y <= scroll.region.y + 1

        def heading_on_top(area) -> bool:
            return area.document.get_line(int(area.scroll_y)).strip() == f"## {heading}"

        await _until(pilot, shown, "the preview at its section")
        took = time.perf_counter() - started
        screen = app.screen
        return took, screen.markdown.count("\n") + 1, screen.as_source


async def bare_markdown_time(markdown: str) -> float:
    """Seconds from mounting a bare Markdown widget on `markdown` to its last block being laid out."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield VerticalScroll(id="scroll")

    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        widget = Markdown()
        await app.query_one("#scroll").mount(widget)
        await widget.update(markdown)
        await pilot.pause()
        return time.perf_counter() - started


def main() -> None:
    """Interleave the two `--reps` times (after one warm-up of each) and print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--section", default="action_items")
    options = parser.parse_args()
    from benchmarks.large_review import large_review
    from pirtui.core import store
    from pirtui.core.inert import inert_markdown
    from pirtui.core.render import render

    review = large_review()
    markdown = inert_markdown(render(review))
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        source = Path(tmp) / "large.toml"
        store.atomic_write(source, store.dumps(review))
        lines, as_source = 0, False
        for rep in range(options.reps + 1):
            copy = Path(tmp) / f"run-{rep}" / "large.toml"
            copy.parent.mkdir()
            shutil.copy(source, copy)
            took, lines, as_source = asyncio.run(preview_time(copy, options.section))
            plain = asyncio.run(bare_markdown_time(markdown))
            if rep:
                ours.append(took)
                bare.append(plain)
    ratio = statistics.median(ours) / statistics.median(bare)
    shown = "as Markdown source (TextArea)" if as_source else "laid out as Markdown"
    print(f"\nF3 preview, 2,000-row review ({lines:,} lines of Markdown, shown {shown}), at {options.section!r}:")
    print(f"  preview {statistics.median(ours) * 1000:8.0f} ms (best {min(ours) * 1000:.0f}), bare Markdown widget "
          f"{statistics.median(bare) * 1000:8.0f} ms (best {min(bare) * 1000:.0f}): {ratio:.2f}x <= 1.2x "
          f"{'PASS' if ratio <= 1.2 else 'MISS'}")


if __name__ == "__main__":
    main()
