"""The lock beside a review: the second editor learns who has it open; stale locks are recognised."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fs_faults import read_only_folder

from pirtui.core.lock import Held, Lock, NoLock, Owner, acquire, lock_path, take_over

HOLDER = """
import sys
from pathlib import Path
from pirtui.core.lock import acquire
result = acquire(Path(sys.argv[1]))
print(type(result).__name__, flush=True)
if sys.argv[2] == "crash":
    import os
    os._exit(1)  # dies holding the lock, as a killed editor would
sys.stdin.read()  # hold the lock until the test closes stdin
result.release()
"""


@contextmanager
def other_editor(review: Path, how: str = "hold") -> Iterator[subprocess.Popen[str]]:
    """Another pirtui process that acquires the review's lock (and holds it, or dies holding it)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(review), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "Lock"
        yield process
    finally:
        if process.stdin:
            process.stdin.close()
        process.wait(timeout=10)


def _write_lock(review: Path, **fields: object) -> None:
    owner = {
        "user": "alice",
        "host": "elsewhere.example",
        "pid": 4242,
        "since": "2020-01-01T09:00:00+00:00",
        "boot_id": "",
        "token": "abc",
    }
    owner.update(fields)
    lock_path(review).write_text(json.dumps(owner), encoding="utf-8")


def test_lock_file_sits_hidden_beside_the_review(tmp_path: Path) -> None:
    assert lock_path(tmp_path / "INC-1.toml") == tmp_path / ".INC-1.toml.lock"


def test_first_editor_gets_the_lock_with_who_where_and_since(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    result = acquire(review)
    assert isinstance(result, Lock)
    data = json.loads(lock_path(review).read_text(encoding="utf-8"))
    assert data["pid"] == os.getpid()
    assert data["host"] == socket.gethostname()
    assert data["user"] and data["since"]


def test_lock_file_is_readable_only_by_its_owner_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        result = acquire(tmp_path / "INC-1.toml")
    finally:
        os.umask(old)
    assert isinstance(result, Lock)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


def test_second_editor_is_told_who_holds_the_review(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    with other_editor(review) as holder:
        result = acquire(review)
        assert isinstance(result, Held)
        assert result.owner is not None
        assert result.owner.pid == holder.pid
        assert result.owner.host == socket.gethostname()
        assert result.owner.user in result.describe()
        assert f"pid {holder.pid}" in result.describe()


def test_lock_of_an_editor_that_died_is_stale_and_replaced(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    with other_editor(review, "crash"):
        pass  # it exited (and was reaped) with its lock still on disk
    assert lock_path(review).exists()
    result = acquire(review)
    assert isinstance(result, Lock)
    assert json.loads(lock_path(review).read_text())["pid"] == os.getpid()


def test_lock_from_another_host_is_never_judged_stale_even_when_old(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    _write_lock(review, host="elsewhere.example", pid=999_999_999)
    result = acquire(review)
    assert isinstance(result, Held)
    assert result.describe() == (
        "Opened by alice on elsewhere.example since 2020-01-01 09:00:00+00:00 (pid 999999999)"
    )


def test_lock_from_an_earlier_boot_of_this_host_is_stale(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    here = Owner.me()
    if not here.boot_id:
        # Without a boot id the rule cannot apply; a live pid must then keep the lock.
        _write_lock(review, host=here.host, pid=1, boot_id="old-boot")
        assert isinstance(acquire(review), Held)
        return
    _write_lock(review, host=here.host, pid=1, boot_id="an-earlier-boot")  # pid 1 is alive today
    assert isinstance(acquire(review), Lock)


def test_live_process_on_this_host_keeps_its_lock(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    here = Owner.me()
    _write_lock(review, host=here.host, pid=1, boot_id=here.boot_id)
    result = acquire(review)
    assert isinstance(result, Held)
    assert result.owner is not None and result.owner.pid == 1


def test_damaged_lock_is_reported_not_trusted_and_not_removed(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    lock_path(review).write_text("{not json", encoding="utf-8")
    result = acquire(review)
    assert isinstance(result, Held)
    assert result.owner is None
    assert "damaged lock file" in result.describe()
    assert lock_path(review).read_text(encoding="utf-8") == "{not json"


def test_take_over_from_a_live_editor_and_it_finds_out(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    first = acquire(review)
    assert isinstance(first, Lock)
    second = take_over(review)
    assert isinstance(second, Lock)
    assert second.still_ours()
    assert not first.still_ours()
    first.release()  # must not remove the lock it lost
    assert lock_path(review).exists()
    assert second.still_ours()


def test_take_over_from_another_process(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    with other_editor(review):
        assert isinstance(acquire(review), Held)
        taken = take_over(review)
        assert isinstance(taken, Lock)
        assert json.loads(lock_path(review).read_text())["pid"] == os.getpid()


def test_release_removes_the_lock_and_can_be_repeated(tmp_path: Path) -> None:
    review = tmp_path / "INC-1.toml"
    result = acquire(review)
    assert isinstance(result, Lock)
    result.release()
    assert not lock_path(review).exists()
    result.release()
    assert isinstance(acquire(review), Lock)


def test_read_only_folder_gives_no_lock_with_a_reason_and_no_exception(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro") as folder:
        review = folder.folder / "INC-1.toml"
        review.write_text('title = "x"\n', encoding="utf-8")
        folder.set_writable(False)
        result = acquire(review)
        assert isinstance(result, NoLock)
        assert str(lock_path(review)) in result.reason
        assert "\n" not in result.reason
        taken = take_over(review)
        assert isinstance(taken, NoLock)
        folder.set_writable(True)


def test_a_link_and_its_target_are_one_review_to_the_lock(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "review.toml"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "review.toml"
    link.symlink_to(Path("real") / "review.toml")
    assert lock_path(link) == tmp_path / "real" / ".review.toml.lock"
    with other_editor(link):  # `pirtui review.toml`, then `pirtui real/review.toml`
        assert isinstance(acquire(target), Held)
    with other_editor(target):
        assert isinstance(acquire(link), Held)
