"""Files pirtui names itself (beacon, lock, recovery copy, notes, state, index, crash report): one
rule in `store.write_own_file`: never written through a link, never into a FIFO or device; read
without following a link and without blocking (issue 24)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core import crash, lock, recovery, state, store
from pirtui.core.model import new_review
from pirtui.core.xdg import state_dir


def test_an_own_file_is_private_and_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    store.write_own_file(path, "one")
    store.write_own_file(path, "two")
    assert path.read_text() == "two" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.read_own_file(path) == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["own.json"]  # no temporary file left


def test_an_own_file_is_never_written_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.toml"
    victim.write_text("precious\n")
    path = tmp_path / "own.json"
    path.symlink_to(victim)
    with pytest.raises(store.ReviewFileError, match="symbolic link"):
        store.write_own_file(path, "beacon")
    assert victim.read_text() == "precious\n" and path.is_symlink()
    assert store.read_own_file(path) is None  # nor read through one


def test_an_own_file_is_never_written_into_a_fifo_and_reading_one_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    os.mkfifo(path)
    with pytest.raises(store.ReviewFileError, match="FIFO"):
        store.write_own_file(path, "beacon")
    code = f"from pirtui.core.store import read_own_file; print(read_own_file({str(path)!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "None"


def test_reading_an_own_file_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    path.write_bytes(b"x" * 11)
    assert store.read_own_file(path, max_bytes=10) is None
    assert store.read_own_file(path, max_bytes=11) == b"x" * 11


def test_a_lock_planted_as_a_fifo_is_held_by_an_unknown_editor_without_blocking(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    os.mkfifo(lock.lock_path(review))
    code = f"from pirtui.core import lock; print(type(lock.acquire(__import__('pathlib').Path({str(review)!r}))).__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "Held", done.stderr


def test_the_state_file_and_its_notes_are_never_written_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    state.state_file().parent.mkdir(parents=True, exist_ok=True)
    state.state_file().symlink_to(victim)
    state.remember_note(tmp_path / "r.toml", "Saved on hang-up")
    state.remember_theme("nord")
    assert victim.read_text() == "precious\n"
    assert state.theme() is None  # and not read through it either


def test_the_state_folder_is_private(tmp_path: Path) -> None:
    state.remember_theme("nord")
    assert stat.S_IMODE(state.state_file().parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(state.state_file().stat().st_mode) == 0o600


def test_a_recovery_copy_is_never_written_through_a_link(tmp_path: Path) -> None:
    review = tmp_path / "r.toml"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = recovery.recovery_path(review)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(victim)
    with pytest.raises(store.ReviewFileError):
        recovery.write_recovery(review, new_review("INC-1", "2024-01-01"))
    assert victim.read_text() == "precious\n"
    found = recovery.find_recovery(review)
    assert found is not None and found.review is None and "link" in found.problem


def test_a_crash_report_is_never_written_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    report = state_dir() / "crash.log"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.symlink_to(victim)
    assert "could not" in str(crash.write_crash_report(ValueError("boom")))
    assert victim.read_text() == "precious\n"
