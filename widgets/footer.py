"""Textual's Footer, redrawn only when the keys it shows change.

Textual's Footer rebuilds all its keys every time the screen's bindings are updated: on each focus
change and screen switch, several times while a section screen first comes up. Most of those
updates change nothing the footer shows, yet each rebuild mounts and styles a dozen widgets.
"""

from __future__ import annotations

from typing import Hashable, Iterable

from textual.widget import Widget

from pirtui.textual_compat import FooterHook, FooterKey

DROP_ORDER = ("next_empty", "problems", "toggle_sections", "save", "next_section")
"""The keys left out first when the footer would not fit (each is in help, F1): a footer wider
than the terminal cut its keys and left a stray letter after "palette" (issue 25 item 7)."""

KEEP = ("help", "app.help", "quit", "app.quit")
"""Never left out: help lists the keys that are."""

PALETTE_WIDTH = 12
"""Cells the palette key takes at the right edge ("▏^p palette")."""


class QuietFooter(FooterHook):
    """A Footer that skips rebuilding when the keys, their labels and their states are the same."""

    def __init__(self) -> None:
        # Compact: every key of a section screen fits in 80 columns.
        super().__init__(compact=True)
        self._shown: Hashable = None
        """What the keys on display were built from; None before the first build."""

    def _keys(self) -> Hashable:
        """What the footer would show now: every shown binding with its state, and the palette key."""
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )
        return (shown, self.show_command_palette, self.compact, self.app.size.width)

    def compose(self) -> Iterable[Widget]:
        """Textual's keys, with the least needed left out until the rest fit the terminal's width."""
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        available = self.app.size.width - PALETTE_WIDTH

        def width(key: FooterKey) -> int:
            return len(key.key_display) + 1 + len(key.description) + 1

        shown = list(keys)
        order = [k for action in DROP_ORDER for k in keys if k.action.removeprefix("app.") == action]
        order += [k for k in reversed(keys) if k not in order and k.action not in KEEP]
        for key in order:
            if sum(width(k) for k in shown) <= available:
                break
            shown.remove(key)
        for widget in widgets:
            if widget in shown or widget not in keys:
                yield widget

    async def keys_may_have_changed(self) -> None:
        """Rebuild the keys only when what they show changed."""
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
