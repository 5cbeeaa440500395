"""The editor never waits on hints (issue 24): a hint pass runs in a thread on a copy of the review, so
typing goes on and a hang-up saves while a pass is still running. The time the save takes while a pass
is held is a figure of `benchmarks/hangup_during_hints.py`, not an assertion."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from textual.widgets import TextArea

from pirtui.app import safekeeping
from pirtui.app.app import PirtuiApp
from pirtui.core import checks
from pirtui.core import hints as hints_module, store
from pirtui.session import Session
from tests.editor_helpers import SMALL, isolated_state, wait_until, write_review  # noqa: F401


class HeldHints:
    """`section_hints` held on an event the first time it runs, wherever it runs (released after 30 s
    at the latest, so that code which runs hints on the main thread fails this test, not hangs it)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.running = 0
        self.real = hints_module.section_hints

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.release.is_set():
            self.running += 1
            self.started.set()
            self.release.wait(timeout=30)
            self.release.set()
            self.running -= 1
        return self.real(*args, **kwargs)


async def test_a_hang_up_saves_while_a_hint_pass_is_still_running(tmp_path: Path, monkeypatch) -> None:
    held = HeldHints()
    monkeypatch.setattr(hints_module, "section_hints", held)  # checks imports it from there when it runs
    monkeypatch.setattr(safekeeping, "end_process_later", lambda *args: None)  # the test process stays
    saved_while_running: list[bool] = []
    real_save = Session.save_on_hang_up

    def save_on_hang_up(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_save(self, *args, **kwargs)
        saved_while_running.append(held.running > 0)
        return result

    monkeypatch.setattr(Session, "save_on_hang_up", save_on_hang_up)
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    try:
        async with app.run_test(size=SMALL) as pilot:
            assert await wait_until(pilot, held.started.is_set, timeout=60)
            app.goto_section("summary")
            assert await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
            await pilot.press(*"typed during a hint pass")  # the editor takes keys meanwhile
            app.keeping._terminated(signal.SIGHUP)
            assert await wait_until(pilot, lambda: bool(saved_while_running), timeout=60)
    finally:
        held.release.set()
    assert saved_while_running == [True]
    assert "typed during a hint pass" in store.load(path).summary


async def test_hints_still_appear_once_the_pass_is_done(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: app.checker is not None and app.checker.hints is not None)
        assert await wait_until(pilot, lambda: any(f.level == "hint" for f in app.checker.findings))
        rules = {f.rule for f in app.checker.findings if f.level == "hint"}
        assert {"whys-too-few", "action-p1-no-ticket"} <= rules
