"""The presentation view for a review meeting: one section at a time, the editor's chrome hidden.

One person drives with single keys while the room reads along on a shared screen. The section's
hints (`pirtui.core.hints`) follow it: the questions a facilitator would raise there.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Sequence

from rich.text import Text
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Markdown

from pirtui.core.hints import Hint
from pirtui.core.inert import inert, inert_markdown
from pirtui.core.model import Review
from pirtui.core.sections import editable_sections, template_of
from pirtui.core.template import roles


NARROW_BELOW = 100
"""Terminals narrower than this show wide tables (action items, approvals) as one card per row."""


def split_sections(markdown: str) -> dict[str, str]:
    """The Markdown of each H2 section, by heading (code fences are respected)."""
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            current = parts.setdefault(line[3:].strip(), [])
        if current is not None:
            current.append(line)
    return {heading: "\n".join(lines) for heading, lines in parts.items()}


VIEWS_CSS = Path(__file__).with_name("views.tcss")
"""The look of the presentation and the meeting view."""

class PresentationScreen(Screen[str]):
    """One section of the rendered review, full screen; dismisses with the section last shown."""

    CSS_PATH: ClassVar[CSSPathType | None] = VIEWS_CSS
    BINDINGS = [
        Binding("space,n,right,pagedown", "step(1)", "Next section"),
        Binding("b,p,left,pageup", "step(-1)", "Previous section"),
        Binding("escape,q,f5", "leave", "Leave"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, review: Review, key: str, hints: Sequence[Hint] = (), cards: bool | None = None) -> None:
        super().__init__(classes="presentation")
        self.hints = list(hints)
        """The review's hints not dismissed; each section shows its own."""
        from pirtui.core.render import render

        if cards is None:  # narrower than the editor's wide layout: action items as cards
            cards = self.app.size.width < NARROW_BELOW
        self.cards = cards
        self.sections = split_sections(inert_markdown(render(review, cards=cards)))
        self.headings = {s.key: s.heading for s in editable_sections(review)}
        """The review's sections, from its own template."""
        self.keys = list(self.headings)
        self.key = key if key in self.keys else self.keys[0]
        self.review_title = roles.text(template_of(review), review, "title")

    def compose(self) -> ComposeResult:
        yield Label("", id="presentation-title")
        with VerticalScroll(id="presentation-body"):
            yield Markdown("", id="presentation")
            yield Label("", id="presentation-hints", markup=False)
        yield Label("space/n next · b/p previous · q leaves", id="presentation-keys")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.slide()

    def slide(self) -> None:
        """Draw the current section (its heading from the review's template), and its hints."""
        heading = self.headings[self.key]
        number = self.keys.index(self.key) + 1
        title = f"{inert(self.review_title, keep='')}  ·  {number}/{len(self.keys)}"
        self.query_one("#presentation-title", Label).update(Text(title))
        text = self.sections.get(heading, f"## {heading}\n\n(nothing written yet)")
        self.query_one(Markdown).update(text)
        mine = [hint for hint in self.hints if hint.section == heading]
        lines = [f"◦ {len(mine)} hint{'s' * (len(mine) != 1)} to discuss"] if mine else []
        lines += [f"  ◦ {hint.message} {hint.suggestion}" for hint in mine]
        notes = self.query_one("#presentation-hints", Label)
        notes.update(inert("\n".join(lines), keep="\n"))
        notes.display = bool(mine)
        body = self.query_one("#presentation-body", VerticalScroll)
        body.scroll_home(animate=False)
        body.focus()

    def action_step(self, step: int) -> None:
        """Show the next (1) or previous (-1) section."""
        index = self.keys.index(self.key) + step
        if 0 <= index < len(self.keys):
            self.key = self.keys[index]
            self._show()

    def action_scroll(self, step: int) -> None:
        """Scroll a long section."""
        body = self.query_one("#presentation-body", VerticalScroll)
        body.scroll_relative(y=step * 3, animate=False)

    def action_leave(self) -> None:
        """Back to the editor, at the section last shown."""
        self.dismiss(self.key)
