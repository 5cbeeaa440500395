"""The driver's beacon: published on a section change, read by followers, withdrawn at the end."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
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
        # Wait until it has ended, without reaping it (WNOWAIT): a zombie, as an unreaped driver is.
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        assert _state(child.pid) == "Z"
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


# -- planted files (issue 24): the beacon is pirtui's own file, never written through a link ----------


def test_a_beacon_planted_as_a_link_never_writes_through_it(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    review.write_text("", encoding="utf-8")
    victim = tmp_path / "victim.toml"
    victim.write_text("precious = true\n", encoding="utf-8")
    beacon_path(review).symlink_to(victim)
    publish(review, "timeline")  # never raises: following is a courtesy
    assert victim.read_text(encoding="utf-8") == "precious = true\n"
    assert beacon_path(review).is_symlink()
    assert read(review) is None  # a link is not a beacon


def _read_in_a_child(review: Path) -> str:
    """read() in a child process, so that a read that blocks fails the test instead of hanging it."""
    code = f"from pirtui.meeting.beacon import read, withdraw; print(read({str(review)!r})); withdraw({str(review)!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_beacon_planted_as_a_fifo_reads_as_no_meeting_without_blocking(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    review.write_text("", encoding="utf-8")
    os.mkfifo(beacon_path(review))
    assert _read_in_a_child(review) == "None"
    publish(review, "timeline")  # refused, not written into the FIFO (which would block)
    assert stat.S_ISFIFO(os.lstat(beacon_path(review)).st_mode)


def _forged(review: Path, **fields: object) -> None:
    import json

    data = {"section": "impact", "meeting": True, "driver": "x", "host": __import__("socket").gethostname(),
            "pid": os.getpid(), "updated": 1.0, **fields}
    beacon_path(review).write_text(json.dumps(data), encoding="utf-8")


def test_each_field_of_the_beacon_is_checked(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    _forged(review)
    assert read(review) is not None  # the honest one, for contrast
    for bad in ({"pid": 10**30}, {"pid": -1}, {"pid": 0}, {"pid": True}, {"pid": 4 * 1024 * 1024 + 1},
                {"section": 3}, {"driver": "x" * 2000}, {"updated": "soon"}, {"meeting": "yes"}):
        _forged(review, **bad)
        assert read(review) is None, bad
    _forged(review, pid=4 * 1024 * 1024)
    assert read(review) is not None  # the largest pid Linux gives is still one
