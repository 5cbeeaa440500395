"""The preview: the review as its Markdown file will read, scrolled to the current section.

Rendering happens here, when asked, never per keystroke. A very large review is shown as its
Markdown source in a read-only TextArea, because laying out thousands of table rows as widgets
would take seconds.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Label, Markdown, TextArea

from pirtui.core.inert import inert_markdown
from pirtui.core.model import Review

MAX_RENDERED_LINES = 600
"""Above this many lines of Markdown the preview shows the source instead of rendering it."""


def heading_line(markdown: str, heading: str) -> int:
    """The line number of a section's H2 heading in Markdown text (0 when absent)."""
    for number, line in enumerate(markdown.splitlines()):
        if line.strip() == f"## {heading}":
            return number
    return 0


class PinnedScroll(VerticalScroll):
    """A scroll that keeps a widget at its top while the content above it is still being laid out.

    The Markdown widget mounts its blocks (tables last) in several passes, so a heading scrolled to
    once moves down again as the tables above it grow: the preview then opened at the wrong place.
    """

    pin: Widget | None = None
    """Kept at the top until the user presses a key."""

    def watch_virtual_size(self) -> None:
        if self.pin is not None:
            self.call_after_refresh(self.keep_pin)

    def keep_pin(self) -> None:
        """Scroll the pinned widget to the top (again)."""
        if self.pin is not None and self.pin.is_attached:
            self.scroll_to_widget(self.pin, animate=False, top=True)


class PreviewScreen(ModalScreen[None]):
    """The rendered review, read-only; escape, q or F3 closes it."""

    CSS_PATH = Path(__file__).with_name("views.tcss")
    BINDINGS = [Binding("escape,f3,q", "close", "Close")]

    def __init__(self, review: Review, heading: str, cards: bool | None = None, ticket_url: str = "") -> None:
        """`ticket_url`: the team's pattern that makes tickets links, as in FILE.md."""
        super().__init__(classes="full-view")
        from pirtui.core.render import render
        from pirtui.screens.presentation import NARROW_BELOW

        if cards is None:  # narrower than the editor's wide layout: action items as cards
            cards = self.app.size.width < NARROW_BELOW
        self.cards = cards
        self.markdown = inert_markdown(render(review, ticket_url=ticket_url, cards=cards))
        self.heading = heading
        self.as_source = self.markdown.count("\n") > MAX_RENDERED_LINES

    def compose(self) -> ComposeResult:
        note = " (Markdown source: too large to lay out)" if self.as_source else ""
        if self.cards:
            note += " (wide tables as cards at this width)"
        yield Label(f"Preview{note} · escape closes", classes="view-title")
        if self.as_source:
            yield TextArea(self.markdown, read_only=True, soft_wrap=True, id="preview-source")
        else:
            with PinnedScroll(id="preview-scroll"):
                yield Markdown(self.markdown, id="preview")
        yield Footer()

    def on_mount(self) -> None:
        if self.as_source:
            area = self.query_one(TextArea)
            line = heading_line(self.markdown, self.heading)
            area.focus()
            area.move_cursor((line, 0))
            area.scroll_to(y=line, animate=False)
        else:
            self.query_one("#preview-scroll").focus()

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        for level, label, block_id in event.table_of_contents:
            if level == 2 and str(label) == self.heading and block_id:
                scroll = self.query_one(PinnedScroll)
                scroll.pin = self.query_one(f"#{block_id}")
                self.call_after_refresh(scroll.keep_pin)
                return

    def on_key(self, event: events.Key) -> None:
        self.query_one(PinnedScroll).pin = None  # the user scrolls now

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)
