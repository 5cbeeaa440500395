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


OFF_SCREEN = 10_000
"""Rows below the screen where the preview is laid out before it is shown."""


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
    hidden = False
    """Moved out of the screen while it is laid out (see `hide`)."""

    def hide(self) -> None:
        """Lay the document out off the screen until it is scrolled to the section (`reveal`), so
        the top of the document is never drawn first and then jumped away from (issue 25 item 4).
        An offset, not `visibility: hidden`: Textual does not lay out the children of a hidden widget."""
        self.hidden = True
        self.styles.offset = (0, OFF_SCREEN)

    def watch_virtual_size(self) -> None:
        if self.pin is not None:
            self.call_after_refresh(self.keep_pin)

    def keep_pin(self) -> None:
        """Scroll the pinned widget to the top (again), then show the scroll (see `reveal`)."""
        pin = self.pin
        if pin is None or not pin.is_attached:
            return
        self.scroll_to_widget(pin, animate=False, top=True, immediate=True)
        laid_out = self.virtual_size.height > 0 and pin.virtual_region.height > 0
        if not laid_out or (self.scroll_y == 0 and self.max_scroll_y > 0):
            return  # not laid out yet (the section is never first): the next size change comes back
        if self.hidden:
            self.call_after_refresh(self._reveal_if_settled, self.virtual_size)

    def _reveal_if_settled(self, size: object) -> None:
        """Reveal once a refresh went by without the document growing (its tables fill their
        cells after the blocks are mounted); otherwise the size change calls `keep_pin` again."""
        if self.virtual_size == size:
            self.reveal()

    def reveal(self) -> None:
        """Show the document (see `hide`)."""
        if self.hidden:
            self.hidden = False
            self.styles.offset = (0, 0)


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
            scroll = self.query_one(PinnedScroll)
            scroll.focus()
            if heading_line(self.markdown, self.heading) > 0:
                scroll.hide()

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        scroll = self.query_one(PinnedScroll)
        for level, label, block_id in event.table_of_contents:
            if level == 2 and str(label) == self.heading and block_id:
                scroll.pin = self.query_one(f"#{block_id}")
                self.call_after_refresh(scroll.keep_pin)
                return
        scroll.reveal()  # the section has no heading in the document: the top it is

    def on_key(self, event: events.Key) -> None:
        scroll = self.query_one(PinnedScroll)
        scroll.pin = None  # the user scrolls now
        scroll.reveal()

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)
