"""The driver's beacon: published on a section change, read by followers, withdrawn at the end."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from pirtui.meeting.beacon import beacon_path, file_stamp, publish, read, withdraw


def test_a_published_position_is_read_back_and_private_like_the_lock(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    review.write_text("", encoding="utf-8")
    assert read(review) is None
    publish(review, "timeline")
    beacon = read(review)
    assert beacon is not None and beacon.section == "timeline" and beacon.meeting and beacon.pid == os.getpid()
    assert beacon.alive()
    assert stat.S_IMODE(beacon_path(review).stat().st_mode) == 0o600
    withdraw(review)
    assert read(review) is None


def test_a_link_and_its_target_share_one_beacon(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "r.toml"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "r.toml"
    link.symlink_to(target)
    publish(link, "summary")
    beacon = read(target)
    assert beacon is not None and beacon.section == "summary"


def test_a_driver_that_is_gone_is_told_apart_from_a_live_one(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    subprocess.run(  # run() reaps the child: its pid names no process any more
        [sys.executable, "-c", f"from pirtui.meeting.beacon import publish; publish({str(review)!r}, 'impact')"], check=True
    )
    beacon = read(review)
    assert beacon is not None and beacon.section == "impact"
    assert not beacon.alive()
    withdraw(review)  # not ours: left alone
    assert read(review) is not None


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0]


def test_a_driver_that_ended_but_was_not_reaped_counts_as_gone(tmp_path: Path) -> None:
    """A zombie still answers kill(pid, 0): the beacon must look at its state, not only its pid."""
    review = tmp_path / "r.toml"
    child = subprocess.Popen(
        [sys.executable, "-c", f"from pirtui.meeting.beacon import publish; publish({str(review)!r}, 'impact')"]
    )
    try:
        deadline = time.monotonic() + 30
        while _state(child.pid) != "Z":  # ended, and nobody has called wait() yet
            assert time.monotonic() < deadline, "the child never ended"
            time.sleep(0.01)
        beacon = read(review)
        assert beacon is not None and beacon.pid == child.pid
        assert not beacon.alive()
    finally:
        child.wait()


def test_a_running_driver_on_this_host_is_alive(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    publish(review, "impact")
    beacon = read(review)
    assert beacon is not None and beacon.alive()


def test_garbage_in_the_beacon_reads_as_no_driver(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    beacon_path(review).write_text("{not json", encoding="utf-8")
    assert read(review) is None
    beacon_path(review).write_text('{"section": "x"}', encoding="utf-8")
    assert read(review) is None


def test_a_file_stamp_changes_when_the_file_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    assert file_stamp(path) is None
    path.write_text("a", encoding="utf-8")
    first = file_stamp(path)
    path.write_text("ab", encoding="utf-8")
    assert file_stamp(path) != first
