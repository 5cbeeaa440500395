"""Textual's Footer, redrawn only when the keys it shows change.

Textual's Footer rebuilds all its keys every time the screen's bindings are updated: on each focus
change and screen switch, several times while a section screen first comes up. Most of those
updates change nothing the footer shows, yet each rebuild mounts and styles a dozen widgets.
"""

from __future__ import annotations

from typing import Hashable

from pirtui.textual_compat import FooterHook


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
        return (shown, self.show_command_palette, self.compact)

    async def keys_may_have_changed(self) -> None:
        """Rebuild the keys only when what they show changed."""
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
