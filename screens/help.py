"""Help: every key of the screen the user was on, read from its bindings (never a hand-kept copy)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from pirtui.textual_compat import action_enabled, binding_chain
from pirtui.widgets.part import FormPart
from pirtui.widgets.section_list import state_legend


UNNAMED = {"help_quit": "Say how to quit (ctrl+q quits)"}
"""Words for Textual's own bindings that come without a description (ctrl+c's `help_quit`):
help never shows an action's internal name (issue 25 item 10)."""


def key_rows(screen: Screen, detailed: bool = False) -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every active binding of a screen, main keys first.

    `detailed` adds a binding's tooltip to its short label ("Next: Next section"), for the help
    screen: the footer's one-word labels say little on their own. A binding with neither a label
    nor a tooltip (and not in `UNNAMED`) is left out.
    """
    app = screen.app
    found: dict[tuple[str, str], tuple[list[str], str, bool]] = {}
    focused = screen.focused
    for namespace, bindings in binding_chain(screen):
        if isinstance(namespace, App):
            where = "everywhere"
        elif isinstance(namespace, Screen):
            where = "this screen"
        elif namespace is focused or isinstance(namespace, FormPart):
            where = "this field"  # a part of the form, around the focused box (detection methods)
        else:
            continue  # containers around the field: only their scrolling keys
        for _key, binding in bindings:
            if action_enabled(app, binding.action, namespace) is False:
                continue
            description = binding.description or binding.tooltip or UNNAMED.get(binding.action, "")
            if not description:
                continue
            tooltip = binding.tooltip
            if detailed and tooltip and tooltip != description and binding.description:
                description = f"{binding.description}: {tooltip[0].lower()}{tooltip[1:]}"
            entry = found.setdefault((where, description), ([], where, binding.show))
            display = app.get_key_display(binding)
            if display not in entry[0]:
                entry[0].append(display)
    rows = [(", ".join(keys), description, where, shown) for (where, description), (keys, _, shown) in found.items()]
    rows.sort(key=lambda row: (not row[3], row[2] == "everywhere"))
    return [(keys, description, where) for keys, description, where, _ in rows]


class HelpScreen(ModalScreen[None]):
    """A table of keys: the focused widget's, the screen's and the app's."""

    CSS_PATH = Path(__file__).with_name("views.tcss")
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__(classes="view")
        self.rows = key_rows(screen)
        self.shown_rows = key_rows(screen, detailed=True)
        """The rows as the table shows them: with each binding's tooltip."""
        self.legend = getattr(screen, "HELP_LEGEND", "") or f"Sections: {state_legend()}"
        """What the screen's marks and columns mean, under the keys."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("Keys  (escape, q or F1 closes)", classes="view-title")
            table: DataTable = DataTable(cursor_type="row", zebra_stripes=True, id="help-keys")
            key_width = min(max((len(keys) for keys, _, _ in self.shown_rows), default=3), 16)
            # Fit 80 columns: the description takes what the box leaves after Key and Where.
            does_width = max(20, self.app.size.width - key_width - 11 - 16)
            table.add_column("Where", key="where", width=11)
            table.add_column("Key", key="key", width=key_width)
            table.add_column("Does", key="does", width=does_width)
            for keys, description, where in self.shown_rows:
                table.add_row(where, keys, description)
            yield table
            yield Label(self.legend, classes="view-keys", markup=False)

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(None)
