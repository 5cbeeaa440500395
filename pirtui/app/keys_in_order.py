"""Keys are handled one after another, in the order they arrived, even when they arrive together.

Textual hands each key to the widget that has the focus when the key *arrives* at the app, and the
widget deals with it later, from its own message queue. Over SSH keys come in bursts (one packet
holds "Ana", tab, "P1"), so "P1" is handed to the field that the tab has not yet left, and a
priority key such as ctrl+q overtakes the keys typed before it. `KeysInOrder` hands a key on only
once the one before it has been dealt with, when that one may have moved the focus or changed the
screen, and the focus it moved has arrived: a binding that focuses a field (`/` in the review list)
takes effect from a callback queued behind the key, and a screen it opened (`a` opens the row form)
focuses its first field once it is composed. Keys the focused widget says stay in it (its
`keeps_key`: text typed or pasted into a field, a table's arrows) move nothing: they go straight on,
behind each other in that widget's queue, so a burst of typing or of Down keys costs no more than in
Textual.
"""

from __future__ import annotations

import asyncio
import os
import time
from functools import partial

from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, TextArea

HOLD_AT_MOST = 0.3
"""Seconds a key waits for the one before it when the widget that key went to has gone away (a
dialog closed by it): that key never reports back, so after this the next key goes on anyway."""

STUCK_AT_MOST = 10.0
"""Seconds a key waits for the one before it while that key's widget is still there. On a loaded
machine the widget may deal with a Tab later than the app reads the next letter; handing the letter
on before the Tab has moved the focus would type it into the field being left (issue 25 item 2),
so the wait is long: this bound only keeps a key from waiting for ever."""

SLOW_KEYS_ENV = "PIRTUI_TEST_SLOW_KEYS"
"""Test hook: seconds by which a key that may move the focus (Tab, Enter, a binding) reaches its
widget late, as on a loaded machine, while the app reads the keys after it. Unset in normal use."""


HOLD_AFTER_FOR_TESTS = int(os.environ.get("PIRTUI_TEST_HOLD_KEYS_AFTER", "0") or 0)
"""A test hook: after this many keys, every further key is held until the app ends, as if each
were still waiting for the one before it. The hang-up tests use it so that keys are certainly held
when the signal comes, however fast or slow the machine. 0 (unset): no hook."""


class KeyHandled(Message):
    """Sent behind a key to the widget the key went to. Queues keep their order and this message
    bubbles up the way the key does, so when it reaches the app the key has been dealt with,
    bindings included."""

    def __init__(self, number: int, behind_callbacks: bool = False) -> None:
        super().__init__()
        self.number = number
        self.behind_callbacks = behind_callbacks
        """Sent again from the app to itself, so it comes after the callbacks the key queued there."""


if TYPE_CHECKING:
    from textual.app import App

    _AppMixin = App[Any]
    """For the type checker: the mixin's `self` is the App it is mixed into."""
else:
    _AppMixin = object


class KeysInOrder(_AppMixin):
    """Mixed into the App (before `App`): a key waits until `KeyHandled` for the previous one is back."""

    _key_number = 0
    _key_in_flight = 0
    """The number of the key not yet reported back; 0 when none is."""
    _plain_in_flight = False
    """The key in flight was plain text (see `_plain`): a plain key may follow it without waiting."""
    _key_sent_at = 0.0
    _key_screen: object = None
    """The screen on top when the key in flight was handed on."""
    _key_target: object = None
    """The widget the key in flight went to, while the key is still on its way (None once it is
    dealt with and only the focus it moved is awaited)."""
    _key_receiver: Any = None
    """The widget the key in flight was delivered to (the one focused once the app had it)."""
    _held_keys: list[events.Key | events.Paste] | None = None
    _unstick_timer: Timer | None = None
    _keys_final = False
    """The app is ending (hang-up, SIGTERM): keys are no longer handed on one by one."""

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._held_for_tests():
            self._held_keys = [*(self._held_keys or []), event]
            return
        waiting = self._waiting()
        if waiting and self._plain_in_flight and self._plain(event):
            waiting = False  # text behind text, into the same field: its queue keeps the order
        if waiting or self._held_keys:
            if self._held_keys is None:
                self._held_keys = []
            self._held_keys.append(event)
            if self._unstick_timer is None:
                self._unstick_timer = self.set_timer(HOLD_AT_MOST, self._unstick)
            return
        await self._hand_on(event)

    def _held_for_tests(self) -> bool:
        """The test hook (`HOLD_AFTER_FOR_TESTS`) holds this key and every later one until the end."""
        return bool(HOLD_AFTER_FOR_TESTS) and self._key_number >= HOLD_AFTER_FOR_TESTS and not self._keys_final

    def _plain(self, event: events.Key | events.Paste) -> bool:
        """A key that stays in the focused widget: it moves no focus and opens no screen. A widget
        says which keys those are with a method `keeps_key(event) -> bool`; without one, none are."""
        keeps_key = getattr(self.focused, "keeps_key", None)
        return bool(keeps_key is not None and keeps_key(event))

    def _waiting(self) -> bool:
        """Whether the next key must wait for the key in flight: always while that key's widget is
        still there (up to `STUCK_AT_MOST`), briefly (`HOLD_AT_MOST`) once it has gone away."""
        if not self._key_in_flight:
            return False
        target = self._key_target
        alive = target is not None and getattr(target, "is_attached", False)
        return time.monotonic() - self._key_sent_at < (STUCK_AT_MOST if alive else HOLD_AT_MOST)

    async def _hand_on(self, event: events.Key | events.Paste) -> None:
        self._plain_in_flight = self._plain(event)
        self._key_number += 1
        self._key_in_flight = self._key_number
        self._key_sent_at = time.monotonic()
        self._key_target = self.focused or self.screen
        slow = 0.0 if self._plain_in_flight else float(os.environ.get(SLOW_KEYS_ENV) or 0)
        if slow > 0:
            self.set_timer(slow, partial(self._deliver, event, self._key_number))
            return
        await self._deliver(event, self._key_number)

    async def _deliver(self, event: events.Key | events.Paste, number: int) -> None:
        """Hand the key to the app (priority bindings, then the focused widget) and send the report
        behind it."""
        await super().on_event(event)
        self._key_screen = self.screen
        target = self.focused or self.screen
        self._key_receiver = target
        if self._plain_in_flight:
            # Such a key stops at its widget: no need to follow it up the tree, one hop back is enough.
            target.call_later(self.post_message, KeyHandled(number))
        else:
            target.post_message(KeyHandled(number))

    async def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        if message.number != self._key_in_flight:
            return
        screen = self.screen
        if screen is not self._key_screen:
            # The key opened or closed a screen ("a" opens the row form): the next key waits until
            # that screen is drawn and has given the focus to its first field.
            self._key_screen = screen
            self._key_target = None  # the key is dealt with; what is left is a short wait for the focus
            self.call_after_refresh(self._once_focused, message.number)
            return
        if not message.behind_callbacks:
            # `Widget.focus()` moves the focus from a callback on the app's queue, queued while the
            # key's binding ran: this message goes round once more, to arrive after it.
            self.post_message(KeyHandled(message.number, behind_callbacks=True))
            return
        receiver = self._key_receiver
        if not self._plain_in_flight and receiver is not None and receiver.is_attached and receiver.message_queue_size:
            # The key's widget queued messages of its own while dealing with it (a choice list's
            # Enter tells its Select what was picked): the next key waits behind them too, or a
            # ctrl+s right after the Enter would read the choice before it lands.
            receiver.post_message(KeyHandled(message.number, behind_callbacks=True))
            return
        self._key_in_flight = 0
        await self._next_held()

    def _once_focused(self, number: int) -> None:
        """Report the key once the screen it left on top has focused a widget (or has none to focus)."""
        if number != self._key_in_flight:
            return
        screen = self.screen
        self._key_screen = screen
        if screen.focused is None and screen.focus_chain:
            self.call_after_refresh(self._once_focused, number)
            return
        screen.post_message(KeyHandled(number))

    async def _unstick(self) -> None:
        self._unstick_timer = None
        if self._key_in_flight and not self._waiting():
            self._key_in_flight = 0
        await self._next_held()
        if self._held_keys and self._unstick_timer is None:  # still waiting: look again later
            self._unstick_timer = self.set_timer(HOLD_AT_MOST, self._unstick)

    def keys_pending(self) -> bool:
        """Whether a key read from the terminal has not been dealt with yet: held back here, or
        passed straight on (typed text) and still queued at the app or the focused field."""
        return bool(self._key_in_flight or self._held_keys or self._keys_queued())

    def _keys_queued(self) -> bool:
        focused = self.focused
        queued = self.message_queue_size
        return bool(queued or (focused is not None and focused.message_queue_size))

    async def apply_held_keys(self, timeout: float) -> None:
        """At a hang-up: put every key read so far where it was going, before the save.

        A burst can hold dozens of keys, each waiting for the one before it; handing them on one by
        one would outlast the hang-up's deadline. So the key in flight is let finish, then each held
        letter is typed straight into the focused text field; a key that is not a letter (tab,
        enter, a paste) is handed on the usual way and waited for. Gives up after `timeout` seconds.
        """
        self._keys_final = True
        deadline = time.monotonic() + timeout
        while True:
            while self._key_in_flight and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            if time.monotonic() >= deadline:
                return
            if not self._held_keys:
                # Typed text goes straight on (no holding): let the app and the field work off
                # what is queued, then the save sees every letter.
                while self._keys_queued() and time.monotonic() < deadline:
                    await asyncio.sleep(0.005)
                return
            event = self._held_keys.pop(0)
            if not _type_into(self.focused, event):
                await self._hand_on(event)

    async def _next_held(self) -> None:
        if self._key_in_flight or not self._held_keys or self._keys_final or self._held_for_tests():
            return
        await self._hand_on(self._held_keys.pop(0))
        if self._held_keys and self._unstick_timer is None:
            self._unstick_timer = self.set_timer(HOLD_AT_MOST, self._unstick)


def _type_into(widget: object, event: events.Key | events.Paste) -> bool:
    """Type a letter key into a text field directly (what the field would do with it); False for
    any other key or widget, which must go the usual way."""
    if not isinstance(event, events.Key) or not event.is_printable or not event.character:
        return False
    if isinstance(widget, Input):
        widget.insert_text_at_cursor(event.character)
        return True
    if isinstance(widget, TextArea) and not widget.read_only:
        widget.insert(event.character)
        return True
    return False
