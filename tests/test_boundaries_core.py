"""Boundaries, both sides, of the core's file rules (issue 27 item 1).

The size bound of pirtui's own files (one byte under, at and over), the lock's staleness (this host
or another, this boot or an earlier one, a live or a dead process, pid 0 and 1, the lock file's size
bound) and the fingerprint's idea of a change (same size, one byte more or less, same content).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core import lock, store, xdg
from pirtui.core.fingerprint import Fingerprint, changed_on_disk, fingerprint_of
from pirtui.core.lock import Held, Lock, Owner, acquire, lock_path
from pirtui.core.model import Review


@pytest.mark.parametrize(("size", "read"), [(9, True), (10, True), (11, False), (0, True)], ids=["under", "at", "over", "empty"])
def test_an_own_file_is_read_up_to_and_including_its_bound(tmp_path: Path, size: int, read: bool):
    path = tmp_path / "own.json"
    path.write_bytes(b"x" * size)
    assert store.read_own_file(path, max_bytes=10) == (b"x" * size if read else None)


def test_an_own_file_larger_than_one_read_is_read_whole(tmp_path: Path):
    """The bound is on the whole file, not on one read() call: a big file within it comes back whole."""
    path = tmp_path / "own.json"
    data = os.urandom(3 << 20)
    path.write_bytes(data)
    assert store.read_own_file(path, max_bytes=len(data)) == data
    assert store.read_own_file(path, max_bytes=len(data) - 1) is None


def test_a_missing_own_file_is_none(tmp_path: Path):
    assert store.read_own_file(tmp_path / "none.json") is None


def _write_lock(review: Path, **fields: object) -> None:
    owner = {"user": "alice", "host": socket.gethostname(), "pid": os.getpid(), "since": "2020-01-01T09:00:00+00:00",
             "boot_id": lock._boot_id(), "token": "abc"}
    owner.update(fields)
    lock_path(review).write_text(json.dumps(owner), encoding="utf-8")


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _review(tmp_path: Path) -> Path:
    review = tmp_path / "r.toml"
    review.write_text("", encoding="utf-8")
    return review


def test_a_lock_of_this_process_is_stale_and_one_of_a_live_process_is_not(tmp_path: Path):
    review = _review(tmp_path)
    _write_lock(review, pid=os.getpid())
    assert isinstance(acquire(review), Lock)
    _write_lock(review, pid=os.getppid(), token="theirs")
    held = acquire(review)
    assert isinstance(held, Held) and held.owner is not None and held.owner.token == "theirs"


def test_a_lock_of_a_dead_process_of_this_host_and_boot_is_stale(tmp_path: Path):
    review = _review(tmp_path)
    _write_lock(review, pid=_dead_pid())
    assert isinstance(acquire(review), Lock)


def test_a_dead_process_on_another_host_keeps_its_lock(tmp_path: Path):
    review = _review(tmp_path)
    _write_lock(review, pid=_dead_pid(), host=socket.gethostname() + "x")
    assert isinstance(acquire(review), Held)


@pytest.mark.skipif(not lock._boot_id(), reason="no boot id on this system")
def test_a_live_pid_from_an_earlier_boot_is_stale_and_from_this_boot_is_not(tmp_path: Path):
    review = _review(tmp_path)
    _write_lock(review, pid=os.getppid(), boot_id="another-boot")
    assert isinstance(acquire(review), Lock)
    _write_lock(review, pid=os.getppid(), boot_id=lock._boot_id(), token="x")
    assert isinstance(acquire(review), Held)
    _write_lock(review, pid=os.getppid(), boot_id="", token="y")  # no boot id written: the pid decides
    assert isinstance(acquire(review), Held)


@pytest.mark.parametrize(("pid", "valid"), [(-1, False), (0, False), (1, True), ("1", False), (True, False)])
def test_a_lock_names_a_process_only_with_a_positive_whole_pid(pid: object, valid: bool):
    text = json.dumps({"user": "a", "host": "h", "pid": pid, "since": "s", "boot_id": "", "token": "t"})
    assert (Owner.from_json(text) is not None) is valid


@pytest.mark.parametrize("field", ["user", "host", "since", "boot_id", "token"])
def test_a_lock_whose_text_fields_are_not_text_is_damaged(field: str):
    data = {"user": "a", "host": "h", "pid": 5, "since": "s", "boot_id": "", "token": "t", field: 7}
    assert Owner.from_json(json.dumps(data)) is None


def test_a_lock_with_a_missing_field_or_not_json_is_damaged():
    assert Owner.from_json(json.dumps({"user": "a", "host": "h", "pid": 5})) is None
    assert Owner.from_json("not json") is None
    assert Owner.from_json("[1]") is None


def test_a_lock_file_at_its_size_bound_is_read_and_one_byte_over_is_not(tmp_path: Path):
    review = _review(tmp_path)
    body = json.dumps({"user": "a", "host": "elsewhere", "pid": 5, "since": "s", "boot_id": "", "token": "t"})
    padded = body + " " * (lock._MAX_LOCK_BYTES - len(body))
    lock_path(review).write_text(padded, encoding="utf-8")
    at = acquire(review)
    assert isinstance(at, Held) and at.owner is not None and at.owner.user == "a"
    lock_path(review).write_text(padded + " ", encoding="utf-8")
    over = acquire(review)
    assert isinstance(over, Held) and over.owner is None and "too large" in over.problem


def test_a_lock_still_ours_only_while_its_token_is_ours(tmp_path: Path):
    review = _review(tmp_path)
    mine = acquire(review)
    assert isinstance(mine, Lock) and mine.still_ours()
    _write_lock(review, token=mine.owner.token + "0")
    assert not mine.still_ours()
    mine.release()
    assert lock_path(review).exists(), "a lock that is no longer ours is never removed"
    lock_path(review).unlink()
    assert not mine.still_ours()


def test_the_dialog_names_the_owner_or_why_it_is_unknown(tmp_path: Path):
    owner = Owner("alice", "db-01", 42, "2026-11-27T14:32:05+00:00")
    assert Held(tmp_path, owner).describe() == "Opened by alice on db-01 since 2026-11-27 14:32:05+00:00 (pid 42)"
    assert Held(tmp_path / "l", None, "damaged lock file").describe() == f"Locked by an unknown editor (damaged lock file: {tmp_path / 'l'})"


@pytest.mark.parametrize(("new", "changed"), [(b"abcd", False), (b"abce", True), (b"abc", True), (b"abcde", True)],
                         ids=["same content", "same size", "one byte less", "one byte more"])
def test_a_change_is_any_difference_of_content_whatever_the_size(tmp_path: Path, new: bytes, changed: bool):
    path = tmp_path / "r.toml"
    path.write_bytes(b"abcd")
    before = Fingerprint.of(path)
    path.write_bytes(new)
    os.utime(path, ns=(before.mtime_ns, before.mtime_ns))  # within one clock tick: the mtime cannot tell
    assert changed_on_disk(path, before) is changed


def test_a_file_created_or_deleted_since_is_a_change_and_one_still_missing_is_not(tmp_path: Path):
    path = tmp_path / "r.toml"
    missing = Fingerprint.of(path)
    assert missing == Fingerprint(exists=False)
    assert changed_on_disk(path, missing) is False
    path.write_bytes(b"")
    assert changed_on_disk(path, missing) is True
    empty = Fingerprint.of(path)
    assert changed_on_disk(path, empty) is False
    path.unlink()
    assert changed_on_disk(path, empty) is True


def test_a_fingerprint_of_a_folder_or_fifo_cannot_be_taken(tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert fingerprint_of(fifo) is None
    assert fingerprint_of(tmp_path) is None
    assert fingerprint_of(tmp_path / "missing") == Fingerprint(exists=False)


def test_a_fingerprint_hashes_files_larger_than_one_read(tmp_path: Path):
    import hashlib

    path = tmp_path / "big"
    data = os.urandom((1 << 20) * 2 + 1)
    path.write_bytes(data)
    assert Fingerprint.of(path).sha256 == hashlib.sha256(data).hexdigest()
    assert Fingerprint.of(path).size == len(data)


# -- recovery copies ------------------------------------------------------------------------


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def test_a_recovery_copy_is_named_after_the_reviews_stem_cut_at_forty_characters(state_home: Path, tmp_path: Path):
    from pirtui.core.recovery import recovery_path

    assert recovery_path(tmp_path / "INC-7 ü.toml").name.startswith("INC-7__-")
    forty = "a" * 40
    assert recovery_path(tmp_path / f"{forty}.toml").name.startswith(f"{forty}-")
    assert recovery_path(tmp_path / f"{forty}b.toml").name.startswith(f"{forty}-")


def test_a_recovery_copy_that_is_not_utf8_or_not_a_file_is_reported_and_kept(state_home: Path, tmp_path: Path):
    from pirtui.core.model import new_review
    from pirtui.core.recovery import find_recovery, recovery_path, write_recovery

    review_path = tmp_path / "INC-7.toml"
    where = write_recovery(review_path, new_review("INC-7", "2026-01-01"))
    good = find_recovery(review_path)
    assert good is not None and good.review is not None and good.problem == "" and good.original == str(review_path.resolve())
    where.write_bytes(b"title = \"\xff\"\n")
    bad = find_recovery(review_path)
    assert bad is not None and bad.review is None and "not a regular UTF-8 file" in bad.problem and where.exists()
    where.unlink()
    where.mkdir()
    assert recovery_path(review_path) == where
    folder = find_recovery(review_path)
    assert folder is not None and folder.review is None and "not a regular UTF-8 file" in folder.problem


@pytest.mark.parametrize(
    ("header", "value"),
    [('# original = "/x/r.toml"', "/x/r.toml"), ("# original = 7", ""), ("# original = not json", ""), ("", "")],
)
def test_a_recovery_header_is_a_json_string_or_unknown(state_home: Path, tmp_path: Path, header: str, value: str):
    from pirtui.core import store as core_store
    from pirtui.core.model import new_review
    from pirtui.core.recovery import find_recovery, recovery_path

    review_path = tmp_path / "INC-7.toml"
    target = recovery_path(review_path)
    target.parent.mkdir(parents=True)
    target.write_text(f"{header}\n" + core_store.dumps(new_review("INC-7", "2026-01-01")), encoding="utf-8")
    copy = find_recovery(review_path)
    assert copy is not None and copy.original == value and copy.review is not None


def test_a_recovery_header_is_read_only_in_the_first_five_lines(state_home: Path, tmp_path: Path):
    from pirtui.core import store as core_store
    from pirtui.core.model import new_review
    from pirtui.core.recovery import find_recovery, recovery_path

    review_path = tmp_path / "INC-7.toml"
    target = recovery_path(review_path)
    target.parent.mkdir(parents=True)
    body = core_store.dumps(new_review("INC-7", "2026-01-01"))
    target.write_text("#\n#\n#\n#\n# saved_at = \"fifth\"\n" + body, encoding="utf-8")
    assert find_recovery(review_path).saved_at == "fifth"  # type: ignore[union-attr]
    target.write_text("#\n#\n#\n#\n#\n# saved_at = \"sixth\"\n" + body, encoding="utf-8")
    assert find_recovery(review_path).saved_at == ""  # type: ignore[union-attr]


def test_an_error_is_told_in_one_line_and_named_when_it_has_no_words(tmp_path: Path):
    from pirtui.core.recovery import _one_line

    assert _one_line(ValueError("bad\n  thing"), tmp_path) == f"{tmp_path}: bad thing"
    assert _one_line(ValueError(), tmp_path) == f"{tmp_path}: ValueError"
    assert _one_line(store.ReviewFileError("x: y"), tmp_path) == "x: y"


# -- the lock's one-line reasons and its liveness test --------------------------------------


def _failing(error: OSError):
    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    return fail


@pytest.mark.parametrize(
    ("error", "shown"),
    [(OSError(28, "No space left on device"), "No space left on device"), (OSError("odd failure"), "odd failure")],
    ids=["with strerror: only its words", "without: the error itself"],
)
def test_a_lock_that_cannot_be_made_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    review = _review(tmp_path)
    monkeypatch.setattr(lock, "_create", _failing(error))
    for result, doing in ((acquire(review), "create"), (lock.take_over(review), "create")):
        assert isinstance(result, lock.NoLock)
        assert result.reason == f"{lock_path(review)}: cannot {doing} the lock: {shown}"


@pytest.mark.parametrize(
    ("error", "shown"),
    [(PermissionError(13, "Permission denied"), "Permission denied"), (OSError("odd failure"), "odd failure")],
)
def test_a_lock_that_cannot_be_removed_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    review = _review(tmp_path)
    _write_lock(review, pid=_dead_pid())
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == lock_path(review):
            raise error
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    taken = lock.take_over(review)
    assert isinstance(taken, lock.NoLock) and taken.reason == f"{lock_path(review)}: cannot remove the lock: {shown}"
    stale = acquire(review)
    assert isinstance(stale, lock.NoLock) and stale.reason == f"{lock_path(review)}: cannot replace a stale lock: {shown}"


def test_a_stale_lock_that_keeps_coming_back_is_held_as_contended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Another editor re-creates the lock each time this one removes it: after a few tries, say so."""
    review = _review(tmp_path)
    _write_lock(review, pid=_dead_pid())
    monkeypatch.setattr(lock, "_create", _failing(FileExistsError(17, "File exists")))
    monkeypatch.setattr(lock, "_remove_if_unchanged", lambda path, owner: "")
    held = acquire(review)
    assert isinstance(held, Held) and held.problem == "contended" and held.owner is not None


def test_a_lock_released_between_create_and_read_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    review = _review(tmp_path)
    real_create = lock._create
    calls = []

    def create(path: Path):
        calls.append(path)
        if len(calls) == 1:
            raise FileExistsError(17, "File exists")  # and no lock file: it was released meanwhile
        return real_create(path)

    monkeypatch.setattr(lock, "_create", create)
    assert isinstance(acquire(review), Lock) and len(calls) == 2


def test_a_process_is_alive_unless_it_is_gone_or_its_pid_cannot_be_one(monkeypatch: pytest.MonkeyPatch):
    assert lock._pid_alive(os.getpid()) is True
    assert lock._pid_alive(_dead_pid()) is False
    assert lock._pid_alive(2**70) is False  # OverflowError: no process has that number
    monkeypatch.setattr(os, "kill", _failing(PermissionError(1, "Operation not permitted")))
    assert lock._pid_alive(12345) is True  # alive, another user's


def test_a_missing_lock_file_reads_as_gone_and_an_unreadable_one_as_unreadable(tmp_path: Path):
    review = _review(tmp_path)
    assert lock._read(lock_path(review)) == (None, "gone")
    lock_path(review).mkdir()
    owner, problem = lock._read(lock_path(review))
    assert owner is None and problem.startswith("unreadable lock file")


# -- store: messages that count ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "told"),
    [("title = 1\n", "<text>: title: Input should be a valid string"),
     ("title = 1\nsummary = 2\n", "<text>: title: Input should be a valid string (and 1 more)"),
     ("title = 1\nsummary = 2\nfoo = 3\n", "<text>: title: Input should be a valid string (and 2 more)")],
    ids=["one error", "two", "three"],
)
def test_a_review_with_wrong_values_names_the_first_and_counts_the_others(text: str, told: str):
    with pytest.raises(store.ReviewFileError) as raised:
        store.loads(text)
    assert str(raised.value) == told


@pytest.mark.parametrize(("extra", "read"), [(-1, True), (0, True), (1, False)], ids=["a byte under", "at the bound", "a byte over"])
def test_a_review_file_is_read_up_to_and_including_its_size_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int, read: bool):
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "big.toml"
    text = "# " + "x" * (2 * 1024 * 1024 + extra - 3) + "\n"
    path.write_text(text, encoding="utf-8")
    if read:
        assert store.read_text(path) == text
    else:
        with pytest.raises(store.ReviewFileError) as raised:
            store.read_text(path)
        assert str(raised.value) == f"{path}: larger than 2 MiB; not a review"


def test_a_review_file_with_one_nul_byte_is_binary_and_one_bad_byte_is_named(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_bytes(b"title = 'a'\n\0")
    with pytest.raises(store.ReviewFileError, match="binary file, not a review$"):
        store.read_text(path)
    path.write_bytes(b"title = '\xff'\n")
    with pytest.raises(store.ReviewFileError, match=r"not UTF-8 text \(byte 9\)$"):
        store.read_text(path)
    path.write_bytes(b"title = '\xc3\xa9'\n")
    assert store.read_text(path) == "title = 'é'\n"


@pytest.mark.parametrize(("length", "shown"), [(59, "k" * 59), (60, "k" * 60), (61, "'kkkkkkkkkkkk...kkkkkkkkkkkkk'")])
def test_an_unknown_key_is_named_whole_up_to_sixty_characters(length: int, shown: str):
    with pytest.raises(store.ReviewFileError) as raised:
        store.loads("k" * length + " = 1\n")
    assert str(raised.value) == f"<text>: {shown}: Extra inputs are not permitted"


def test_an_unknown_key_with_a_control_character_is_shown_escaped():
    with pytest.raises(store.ReviewFileError) as raised:
        store.loads('"a\\tb" = 1\n')
    assert str(raised.value) == "<text>: 'a\\tb': Extra inputs are not permitted"


ERRORS = pytest.mark.parametrize(
    ("error", "shown"),
    [(PermissionError(13, "Permission denied"), "Permission denied"), (OSError("odd failure"), "odd failure")],
    ids=["with strerror: only its words", "without: the error itself"],
)


@ERRORS
def test_a_review_that_cannot_be_read_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    path = tmp_path / "r.toml"
    path.write_text("", encoding="utf-8")
    monkeypatch.setattr(os, "open", _failing(error))
    with pytest.raises(store.ReviewFileError) as raised:
        store.read_text(path)
    assert str(raised.value) == f"{path}: cannot read: {shown}"


@ERRORS
def test_a_review_whose_file_cannot_be_looked_at_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    path = tmp_path / "r.toml"
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object):
        if self.name == "r.toml":
            raise error
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    with pytest.raises(store.ReviewFileError) as raised:
        store.atomic_write(path, "x")
    assert str(raised.value) == f"{path}: cannot save: {shown}"


@ERRORS
def test_a_review_that_cannot_be_written_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    import tempfile

    path = tmp_path / "r.toml"
    monkeypatch.setattr(tempfile, "mkstemp", _failing(error))
    with pytest.raises(store.ReviewFileError) as raised:
        store.atomic_write(path, "x")
    assert str(raised.value) == f"{path}: cannot save: {shown}"
    assert not path.exists()


@ERRORS
def test_an_own_file_that_cannot_be_looked_at_or_written_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    import tempfile

    path = tmp_path / "own.json"
    with monkeypatch.context() as patch:
        patch.setattr(os, "lstat", _failing(error))
        with pytest.raises(store.ReviewFileError) as raised:
            store.write_own_file(path, "x")
    assert str(raised.value) == f"{path}: cannot save: {shown}"
    monkeypatch.setattr(tempfile, "mkstemp", _failing(error))
    with pytest.raises(store.ReviewFileError) as raised:
        store.write_own_file(path, "x")
    assert str(raised.value) == f"{path}: cannot save: {shown}"


@ERRORS
def test_a_private_folder_that_cannot_be_made_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    monkeypatch.setattr(Path, "mkdir", _failing(error))
    with pytest.raises(store.ReviewFileError) as raised:
        store.private_folder(tmp_path / "state")
    assert str(raised.value) == f"{tmp_path / 'state'}: cannot create: {shown}"


def test_a_private_folder_is_made_private_only_when_others_may_enter_it(tmp_path: Path):
    import stat as st

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    store.private_folder(shared)
    assert st.S_IMODE(os.stat(shared).st_mode) == 0o700
    group = tmp_path / "group"
    group.mkdir()
    os.chmod(group, 0o710)
    store.private_folder(group)
    assert st.S_IMODE(os.stat(group).st_mode) == 0o700
    own = tmp_path / "own"
    own.mkdir()
    os.chmod(own, 0o500)  # already private, only read and enter: left as the user set it
    store.private_folder(own)
    assert st.S_IMODE(os.stat(own).st_mode) == 0o500
    a_file = tmp_path / "file"
    a_file.write_text("")
    with pytest.raises(store.ReviewFileError, match="cannot create: File exists$"):
        store.private_folder(a_file)


def test_a_conflict_copy_names_its_review_and_any_other_file_names_none(tmp_path: Path):
    from datetime import datetime

    copy = store.conflict_copy_path(tmp_path / "INC-7.toml", datetime(2026, 1, 2, 3, 4, 5))
    assert copy.name == "INC-7.conflict-20260102-030405.toml"
    assert store.conflict_copy_of(copy) == "INC-7.toml"
    assert store.conflict_copy_of(tmp_path / "INC-7.toml") is None
    assert store.conflict_copy_of(tmp_path / "INC-7.conflict-2026010-030405.toml") is None


@pytest.mark.parametrize(
    ("who", "mode", "read_only"),
    [("root", 0o444, True), ("root", 0o644, False), ("root", 0o002, False),
     ("owner", 0o577, True), ("owner", 0o200, False),
     ("group", 0o757, True), ("group", 0o020, False),
     ("other", 0o775, True), ("other", 0o002, False)],
)
def test_read_only_is_the_write_bit_of_the_users_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str, mode: int, read_only: bool):
    """As vim tells: the owner's bit for the owner, the group's for a member, the others' for anyone else;
    root only when nobody may write."""
    path = tmp_path / "r.toml"
    path.write_text("", encoding="utf-8")
    os.chmod(path, mode)
    info = os.stat(path)
    uid = {"root": 0, "owner": info.st_uid or 1000, "group": 4242, "other": 4242}[who]
    if who == "owner" and info.st_uid == 0:
        os.chown(path, 1000, info.st_gid)
    gid = info.st_gid if who in ("group", "owner") else 4343
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    monkeypatch.setattr(os, "getegid", lambda: gid)
    monkeypatch.setattr(os, "getgroups", lambda: [])
    assert store.is_read_only(path) is read_only


def test_a_group_given_by_a_supplementary_group_counts_as_the_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "r.toml"
    path.write_text("", encoding="utf-8")
    os.chmod(path, 0o757)
    gid = os.stat(path).st_gid
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    monkeypatch.setattr(os, "getegid", lambda: gid + 1)
    monkeypatch.setattr(os, "getgroups", lambda: [gid])
    assert store.is_read_only(path) is True
    monkeypatch.setattr(os, "getgroups", lambda: [gid + 2])
    assert store.is_read_only(path) is False  # an other now: the others may write


def test_a_missing_file_a_folder_and_a_fifo_are_never_read_only(tmp_path: Path):
    os.mkfifo(tmp_path / "fifo")
    os.chmod(tmp_path / "fifo", 0o444)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.chmod(folder, 0o555)
    assert [store.is_read_only(p) for p in (tmp_path / "missing", folder, tmp_path / "fifo")] == [False, False, False]


def test_an_html_page_is_ours_only_unchanged_and_of_this_review(tmp_path: Path):
    toml = tmp_path / "INC-7.toml"
    page = tmp_path / "INC-7.html"
    assert store.html_is_ours(page, toml) is True  # nothing there yet
    page.write_text(store.marked_html("<html>x</html>\n", toml), encoding="utf-8")
    assert store.html_is_ours(page, toml) is True
    page.write_text(store.marked_html("<html>x</html>\n", toml).replace("\n", "\r\n"), encoding="utf-8")
    assert store.html_is_ours(page, toml) is True  # line endings converted by git or an editor
    page.write_text(store.marked_html("<html>x</html>\n", toml).replace(">x<", ">y<"), encoding="utf-8")
    assert store.html_is_ours(page, toml) is False  # edited by hand
    page.write_text(store.marked_html("<html>x</html>\n", tmp_path / "INC-8.toml"), encoding="utf-8")
    assert store.html_is_ours(page, toml) is False  # another review's page
    page.write_text("<html>x</html>\n", encoding="utf-8")
    assert store.html_is_ours(page, toml) is False  # no marker
    page.unlink()
    page.mkdir()
    assert store.html_is_ours(page, toml) is False  # something there that is not a file


def test_a_rendering_is_replaced_only_when_ours_and_writable_unless_the_user_says_so(tmp_path: Path):
    toml = tmp_path / "INC-7.toml"
    page = tmp_path / "out.html"
    page.write_text("<p>by hand</p>\n", encoding="utf-8")
    with pytest.raises(store.NotOurMarkdown):
        store.ensure_rendering_replaceable(page, toml, "html")
    store.ensure_rendering_replaceable(page, toml, "html", force=True)
    page.write_text(store.marked_html("<p>x</p>\n", toml), encoding="utf-8")
    store.ensure_rendering_replaceable(page, toml, "html")
    os.chmod(page, 0o444)
    with pytest.raises(store.ReadOnlyFile):
        store.ensure_rendering_replaceable(page, toml, "html")
    store.ensure_rendering_replaceable(page, toml, "html", overwrite_read_only=True)
    markdown = tmp_path / "out.md"
    markdown.write_text("# by hand\n", encoding="utf-8")
    with pytest.raises(store.NotOurMarkdown):
        store.ensure_rendering_replaceable(markdown, toml, "markdown")
    store.ensure_rendering_replaceable(markdown, toml, "markdown", force=True)


def test_an_own_file_read_in_short_pieces_is_still_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A file system may return fewer bytes than asked (FUSE, NFS): the bound is on the whole file."""
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 4)))
    path = tmp_path / "own.json"
    path.write_bytes(b"x" * 12)
    assert store.read_own_file(path, max_bytes=8) is None
    assert store.read_own_file(path, max_bytes=12) == b"x" * 12


def test_a_folder_of_another_user_is_never_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    owner = os.stat(folder).st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    with pytest.raises(store.ReviewFileError, match="not a folder of this user's"):
        store.private_folder(folder)
    monkeypatch.setattr(os, "geteuid", lambda: owner)
    assert store.private_folder(folder) == folder


def test_a_markdown_without_a_marker_beside_a_review_that_cannot_be_read_is_not_ours(tmp_path: Path):
    toml = tmp_path / "INC-7.toml"
    md = tmp_path / "INC-7.md"
    md.write_text("# notes\n", encoding="utf-8")
    assert store.markdown_is_ours(md, toml) is False
    toml.write_text("not toml [", encoding="utf-8")
    assert store.markdown_is_ours(md, toml) is False


@ERRORS
def test_an_original_that_cannot_be_kept_says_why_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str):
    md = tmp_path / "INC-7.md"
    md.write_text("# imported\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", _failing(error))
        with pytest.raises(store.ReviewFileError) as raised:
            store.keep_original(md)
        assert str(raised.value) == f"{md}: cannot keep the original: {shown}"
    with monkeypatch.context() as patch:
        patch.setattr(os, "open", _failing(error))
        with pytest.raises(store.ReviewFileError) as raised:
            store.keep_original(md)
        assert str(raised.value) == f"{tmp_path / 'INC-7.orig.md'}: cannot keep the original: {shown}"
    with monkeypatch.context() as patch:
        patch.setattr(os, "unlink", _failing(error))
        with pytest.raises(store.ReviewFileError) as raised:
            store.keep_original(md)
        assert str(raised.value) == f"{tmp_path / 'INC-7.orig.md'}: cannot keep the original: {shown}"
    assert md.read_text(encoding="utf-8") == "# imported\n"


def test_a_list_item_with_windows_line_endings_comes_back_exactly_and_one_with_newlines_is_written_multi_line():
    from pirtui.core.model import new_review

    review = new_review("INC-7", "2026-01-01")
    review.root_cause.contributing_factors = ["first\r\nsecond"]
    assert store.loads(store.dumps(review)).root_cause.contributing_factors == ["first\r\nsecond"]
    review.root_cause.contributing_factors = ["first\nsecond", "third"]
    text = store.dumps(review)
    assert '"""\nfirst\nsecond"""' in text or '"""first\nsecond"""' in text
    assert store.loads(text).root_cause.contributing_factors == ["first\nsecond", "third"]


def test_a_review_of_another_template_version_keeps_numbers_lists_of_numbers_and_dates_through_a_save():
    """Keys kept from another version of the template may hold any TOML value, not only the text,
    yes-no and lists of text a template's fields hold: each comes back as it was."""
    text = 'template = "sre-book@7"\nscore = 1.5\nticks = [1, 2]\nmixed = ["a", 2]\nwhen = 2026-01-02\nnames = ["a", "b"]\n'
    review = store.loads(text)
    again = store.loads(store.dumps(review)).model_dump()
    assert {key: again[key] for key in ("score", "ticks", "mixed", "names")} == {
        "score": 1.5, "ticks": [1, 2], "mixed": ["a", 2], "names": ["a", "b"],
    }
    assert str(again["when"]) == "2026-01-02"


@pytest.mark.parametrize("text", ["", 'template = ""\n'], ids=["no-key", "empty"])
def test_a_review_without_a_template_is_the_builtin_templates(text: str):
    assert type(store.loads(text)) is Review


def test_a_review_naming_a_template_is_that_templates():
    review = store.loads('template = "sre-book@1"\n')
    assert type(review) is not Review
    assert type(review).__name__ == "SreBookReview" and review.template == "sre-book@1"


@pytest.mark.parametrize("value", ["5", "true", '["sre-book@1"]'])
def test_a_template_key_that_is_not_text_is_one_line(value: str):
    with pytest.raises(store.ReviewFileError) as raised:
        store.loads(f"template = {value}\n", "INC-7.toml")
    assert str(raised.value).startswith('INC-7.toml: template: must be text such as "sre-book@1", not ')


def _recorded_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every fsync from now on, as "file" or "folder" (each still done)."""
    calls: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        calls.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    return calls


@pytest.mark.parametrize(("durable", "expected"), [(True, ["file", "folder"]), (False, [])], ids=["durable", "not-durable"])
def test_a_durable_write_syncs_the_file_and_its_folder_and_a_quick_one_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool, expected: list[str]
):
    calls = _recorded_fsyncs(monkeypatch)
    store.atomic_write(tmp_path / "INC-7.md", "# words\n", durable=durable)
    assert calls == expected
    calls.clear()
    xdg.write_own_file(tmp_path / "own.json", "{}", durable=durable)
    assert calls == expected
    assert (tmp_path / "INC-7.md").read_text(encoding="utf-8") == "# words\n"
    assert (tmp_path / "own.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize(
    ("value", "under_home"),
    [("ABSOLUTE", False), ("relative/cache", True), ("", True), ("   ", True)],
    ids=["absolute", "relative", "empty", "blank"],
)
def test_the_cache_folder_follows_an_absolute_xdg_cache_home_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, under_home: bool
):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache") if value == "ABSOLUTE" else value)
    expected = tmp_path / "home" / ".cache" / "pirtui" if under_home else tmp_path / "cache" / "pirtui"
    assert xdg.cache_dir() == expected
