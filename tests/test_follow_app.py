"""`pirtui follow`: an attendee's read-only view that follows the driver's beacon and saves."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from textual.widgets import Label, Markdown

from pirtui.meeting import beacon

from pirtui.core import store
from pirtui.app.follow_app import FollowApp
from tests.editor_helpers import wait_until

SAMPLE = Path(__file__).parent.parent / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLE, path)
    return path


def _status(app: FollowApp) -> str:
    return str(app.query_one("#follow-status", Label).render())


def _title(app: FollowApp) -> str:
    return str(app.query_one("#follow-title", Label).render())


async def _until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    if not await wait_until(pilot, condition):
        raise AssertionError("the condition never became true")


async def test_without_a_driver_it_shows_the_review_and_says_no_meeting_runs(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No meeting is running" in _status(app)
        assert "Incident Information" in _title(app)
        await pilot.press("n")
        assert "Executive Summary" in _title(app)


async def test_it_follows_the_driver_and_snaps_back_after_browsing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        beacon.publish(path, "timeline")
        await _until(pilot, lambda: "Timeline" in _title(app))
        assert "Following" in _status(app)
        await pilot.press("n")
        assert "Impact Analysis" in _title(app)
        await _until(pilot, lambda: "f snaps back" in _status(app))
        beacon.publish(path, "action_items")
        await _until(pilot, lambda: app.driver_section == "action_items")
        assert "Impact Analysis" in _title(app)  # browsing on its own: not dragged along
        await pilot.press("f")
        assert "Action Items" in _title(app)


async def test_a_save_by_the_driver_shows_up_and_nothing_is_written(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        beacon.publish(path, "meeting")
        await _until(pilot, lambda: "Review Meeting Notes" in _title(app))
        review = store.load(path)
        review.meeting.decisions.append("Ship the pool alert this week")
        store.save(path, review)
        await _until(pilot, lambda: "Ship the pool alert" in app.query_one(Markdown).source)
        beacon.withdraw(path)
    after = sorted(p.name for p in tmp_path.iterdir())
    assert after == sorted(set(before) | {"r.md"})  # the driver's save wrote r.md; the follower wrote nothing


async def test_it_says_when_the_driver_has_left(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        beacon.publish(path, "summary")
        await _until(pilot, lambda: "Following" in _status(app))
        beacon.withdraw(path)
        await _until(pilot, lambda: "The driver has left" in _status(app))


async def test_a_driver_that_died_without_withdrawing_counts_as_gone(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    code = f"from pirtui.meeting.beacon import publish; publish({str(path)!r}, 'impact')"
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        beacon.publish(path, "summary")
        await _until(pilot, lambda: "Following" in _status(app))
        subprocess.run([sys.executable, "-c", code], check=True)
        await _until(pilot, lambda: "The driver has left" in _status(app))


async def test_a_beacon_planted_as_a_fifo_or_with_a_forged_pid_is_no_meeting_and_q_quits(tmp_path: Path) -> None:
    import json
    import os
    import socket

    path = _copy(tmp_path)
    beacon.beacon_path(path).write_text(json.dumps(
        {"section": "timeline", "meeting": True, "driver": "x", "host": socket.gethostname(), "pid": 10**30, "updated": 1.0}
    ))
    app = FollowApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: "No meeting is running" in _status(app))
        beacon.beacon_path(path).unlink()
        os.mkfifo(beacon.beacon_path(path))  # a read that blocked would freeze the app here
        await pilot.press("n")
        await _until(pilot, lambda: "Executive Summary" in _title(app) and "No meeting is running" in _status(app))
        await pilot.press("q")
        await _until(pilot, lambda: not app.is_running)
