"""The review meeting's views (the screens `pirtui.app.meeting_driver` shows): the presentation view
with its agenda, clocks and capture keys, the capture dialogs, the agenda and the end-of-meeting summary.

The driver steps through the sections while the room reads along; each capture (one key, a small
overlay) is handed to the app's `apply` callback, which writes it into the review and saves at once,
and the slide is drawn again from the review so the room sees it land.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from pirtui.core.hints import Hint
from pirtui.core.inert import inert, inert_markdown
from pirtui.core.model import Review
from pirtui.core.sections import template_of
from pirtui.core.template import roles
from pirtui.meeting import running
from pirtui.meeting.running import CAPTURE_LABELS, Captured, CaptureKind, RunningMeeting, clock_text, missing
from pirtui.screens.presentation import VIEWS_CSS, PresentationScreen
from pirtui.session import HeldText
from pirtui.widgets.messages import Hold, HoldsText, held
from pirtui.widgets.row_form import RowForm, RowResult

MEETING_CSS = Path(__file__).with_name("meeting.tcss")

Apply = Callable[[Callable[[Review], object]], bool]
"""The app's way of changing the review during a meeting: apply the change, save, say if it saved."""

CAPTURE_KEYS: dict[CaptureKind, str] = {
    "discussion": "c point", "decision": "d decision", "follow_up": "f follow-up", "note": "m note",
}
"""Each capture's key and word on the keys line (shown only where the template has a place for it)."""


class MeetingScreen(PresentationScreen):
    """The presentation view of a running meeting: agenda position, clocks, captures, what is missing.

    Its slides are the agenda's sections (the review's template's), and it offers only the captures
    the template has a place for."""

    CSS_PATH = [VIEWS_CSS, MEETING_CSS]
    BINDINGS = [
        Binding("c", "capture('discussion')", "Point"),
        Binding("d", "capture('decision')", "Decision"),
        Binding("f", "capture('follow_up')", "Follow-up"),
        Binding("a", "action_item", "Action"),
        Binding("m", "capture('note')", "Note"),
        Binding("g", "agenda", "Agenda"),
        Binding("e", "end", "End meeting"),
        Binding("f1,question_mark", "app.help", "Keys", show=False),
    ]

    def __init__(
        self,
        review: Review,
        key: str,
        meeting: RunningMeeting,
        apply: Apply,
        shown: Callable[[str], None],
        end: Callable[[], None],
        hints: Sequence[Hint] = (),
    ) -> None:
        super().__init__(review, key, hints)
        self.review = review
        self.meeting = meeting
        self.keys = [item.key for item in meeting.agenda]
        self.headings = {item.key: item.heading for item in meeting.agenda}
        self.key = key if key in self.keys else self.keys[0]
        self.review_title = roles.text(template_of(review), review, "title")
        self.apply = apply
        self.shown = shown
        """Called with the section key each time the slide changes (the clock and the followers)."""
        self.end_meeting = end

    def compose(self) -> ComposeResult:
        yield Label("", id="presentation-title")
        yield Label("", id="meeting-clock")
        with VerticalScroll(id="presentation-body"):
            yield Markdown("", id="presentation")
            yield Label("", id="presentation-hints", markup=False)
        yield Static("", id="meeting-missing")
        yield Label(self.keys_line(), id="presentation-keys")

    def keys_line(self) -> str:
        """The keys of this meeting: the captures the template has a place for, then the rest."""
        offered = running.offered(self.review)
        words = [CAPTURE_KEYS[kind] for kind in ("discussion", "decision", "follow_up") if kind in offered]
        words += ["a action"] if running.takes_actions(self.review) else []
        words += [CAPTURE_KEYS["note"]] if "note" in offered else []
        return "  ".join(words + ["g agenda", "e end", "q back"])

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(1.0, self.show_clock)

    def _show(self) -> None:
        self.meeting.clock.enter(self.key)
        self.shown(self.key)
        self.slide()
        self.show_clock()
        self.show_missing()

    def redraw(self) -> None:
        """The review changed (a capture): draw the slide again from it."""
        from pirtui.core.render import render
        from pirtui.screens.presentation import split_sections

        self.sections = split_sections(inert_markdown(render(self.review, cards=self.cards)))
        self.review_title = roles.text(template_of(self.review), self.review, "title")
        self.slide()
        self.show_missing()

    def show_clock(self) -> None:
        """The section's time against its box and the meeting's time against its length."""
        clock = self.meeting.clock
        item = self.meeting.item(self.key)
        box = f" of {item.minutes}:00" if item.minutes else ""
        text = (
            f"{item.heading} {clock_text(clock.section_seconds(self.key))}{box}"
            f"  ·  meeting {clock_text(clock.meeting_seconds())} of {self.meeting.total_minutes()}:00"
        )
        over = clock.over_by(item)
        label = self.query_one("#meeting-clock", Label)
        label.set_class(over > 0, "-over")
        label.update(Text(text + (f"  ·  over by {clock_text(over)}" if over else "")))

    def show_missing(self) -> None:
        """What is still empty in this section, so the room can fill it now."""
        lines = missing(self.review, self.key)
        widget = self.query_one("#meeting-missing", Static)
        widget.display = bool(lines)
        shown = lines[:3] + ([f"and {len(lines) - 3} more"] if len(lines) > 3 else [])
        widget.update(Text("Still open: " + "; ".join(inert(line) for line in shown)))

    def action_capture(self, kind: CaptureKind) -> None:
        """One line for the meeting notes: a discussion point, a decision, a follow-up or a note."""
        from pirtui.meeting.running import capture

        if kind not in running.offered(self.review):
            self.notify(running.not_offered(template_of(self.review), kind), severity="warning", timeout=4, markup=False)
            return
        heading = self.headings[self.key]
        title = CAPTURE_LABELS[kind] + (f" ({heading})" if kind == "note" else "")

        def captured(text: str | None) -> None:
            if text and text.strip():
                key = self.key
                if self.apply(lambda review: capture(review, self.meeting.captured, kind, text, key)):
                    self.notify(f"{CAPTURE_LABELS[kind]} added", timeout=2)
                self.redraw()

        def hold(text: str) -> HeldText:
            key = self.key
            return HeldText(f"{title} (meeting)", text, lambda review: capture(review, Captured(), kind, text, key))

        self.app.push_screen(CaptureDialog(title, hold=hold), captured)

    def action_action_item(self) -> None:
        """A new action item: the template's action item columns but the number and status, which
        are given; the due date is suggested from the priority where the template has both."""
        from pirtui.meeting.running import add_action

        review = self.review
        if not running.takes_actions(review):
            self.notify(running.no_action_items(template_of(review)), severity="warning", timeout=4, markup=False)
            return
        columns = running.action_form_columns(review)

        def autofill(key: str, values: dict[str, str]) -> dict[str, str]:
            return running.autofill_due(review, key, values)

        def added(result: RowResult | None) -> None:
            if result is None or not any(v.strip() for v in result.values.values()):
                return
            values = result.values
            if self.apply(lambda review: add_action(review, self.meeting.captured, **values)):
                self.notify("Action item added", timeout=2)
            self.redraw()

        def hold(values: dict[str, str]) -> HeldText:
            text = "; ".join(f"{key}: {value}" for key, value in values.items() if value.strip())
            return HeldText("New action item (meeting)", text, lambda review: add_action(review, Captured(), **values))

        self.app.push_screen(RowForm("New action item", columns, {}, autofill=autofill, hold=hold), added)

    def action_agenda(self) -> None:
        """The agenda: every section with its time box and the time spent; enter goes there."""

        def go(key: str | None) -> None:
            if key and key in self.keys:
                self.key = key
                self._show()

        self.app.push_screen(AgendaScreen(self.meeting, self.key), go)

    def action_end(self) -> None:
        """End the meeting: the revision row, then the summary."""
        self.end_meeting()

    def action_leave(self) -> None:
        """Back to the editor; the meeting keeps running (F5 or the palette comes back to it)."""
        self.dismiss(self.key)


class CaptureDialog(HoldsText, ModalScreen[str | None]):
    """One line of text for the meeting notes. Enter adds it; escape drops an empty one at once and
    asks for a second escape when something was typed (escape is unreliable over slow links)."""

    CSS_PATH = MEETING_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add", priority=True),
    ]

    def __init__(self, title: str, value: str = "", hold: Hold | None = None) -> None:
        super().__init__(classes="capture-dialog")
        self.dialog_title = title
        self.value = value
        self.hold = hold
        """Where the text goes in the review, should the app end before enter (the opener knows)."""
        self._warned = False

    def held_text(self) -> HeldText | None:
        """What is typed (not what the dialog was opened with), kept at a hang-up or crash."""
        if not self.is_mounted:
            return None
        typed = self.query_one("#capture-text", Input).value
        return None if typed == self.value else held(self.dialog_title, typed, self.hold)

    def compose(self) -> ComposeResult:
        from pirtui.widgets.field import InertInput

        with Vertical(id="capture-box"):
            yield Label(Text(self.dialog_title), id="capture-title")
            yield InertInput(self.value, id="capture-text", compact=True)
            yield Label("enter adds · escape cancels", id="capture-keys")

    def on_mount(self) -> None:
        self.query_one("#capture-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Add what was typed."""
        self.dismiss(self.query_one("#capture-text", Input).value)

    def action_cancel(self) -> None:
        """Close; typed text needs a second escape so a stray key does not lose it."""
        typed = self.query_one("#capture-text", Input).value
        if typed.strip() and typed != self.value and not self._warned:
            self._warned = True
            self.query_one("#capture-keys", Label).update("escape again drops what you typed · enter adds it")
            return
        self.dismiss(None)


class AgendaScreen(ModalScreen[str | None]):
    """The meeting's agenda: sections, time boxes, time spent; enter jumps, escape closes."""

    CSS_PATH = MEETING_CSS
    BINDINGS = [Binding("escape,g,q", "close", "Close")]

    def __init__(self, meeting: RunningMeeting, current: str) -> None:
        super().__init__(classes="capture-dialog")
        self.meeting = meeting
        self.current = current

    def compose(self) -> ComposeResult:
        clock = self.meeting.clock
        options = []
        for item in self.meeting.agenda:
            spent = clock_text(clock.section_seconds(item.key))
            box = f"{item.minutes:>2} min" if item.minutes else "  —   "
            over = " over" if clock.over_by(item) else ""
            marker = "▸" if item.key == self.current else " "
            options.append(Option(Text(f"{marker} {item.heading:<24} {box}  {spent:>6}{over}"), id=item.key))
        with Vertical(id="agenda-box"):
            yield Label("Agenda  (time box, time spent)", id="capture-title")
            yield OptionList(*options, id="agenda-list")
            yield Label("enter goes to the section · escape closes", id="capture-keys")

    def on_mount(self) -> None:
        agenda = self.query_one(OptionList)
        agenda.highlighted = [item.key for item in self.meeting.agenda].index(self.current)
        agenda.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Back to the slide."""
        self.dismiss(None)


class MeetingSummaryScreen(ModalScreen[None]):
    """The end of the meeting: what was captured and what is still open, as Markdown to copy."""

    CSS_PATH = MEETING_CSS
    BINDINGS = [
        Binding("c", "copy", "Copy as Markdown"),
        Binding("escape,q,enter", "close", "Close"),
    ]

    def __init__(self, markdown: str, history: str) -> None:
        super().__init__(classes="capture-dialog")
        self.markdown = markdown
        self.history = history
        """The heading of the section that got the meeting's row ("" for a template that keeps no
        revision history: then no row was added)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            ended = f"The meeting has ended; the {self.history} says so." if self.history else "The meeting has ended."
            yield Label(Text(ended), id="capture-title")  # a team template's heading: plain text
            with VerticalScroll(id="summary-scroll"):
                yield Static(Text(inert(self.markdown)), id="summary-text")
            with Horizontal(id="summary-keys-row"):
                yield Label("c copies the summary as Markdown (for the meeting chat) · enter closes", id="capture-keys")

    def action_copy(self) -> None:
        """Copy through the terminal (OSC 52), which works over SSH where the terminal allows it."""
        self.app.copy_to_clipboard(self.markdown)
        self.notify("Summary copied as Markdown (if your terminal allows copying)", timeout=4)

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)

