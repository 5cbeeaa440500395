"""Fingerprint / changed_on_disk: a save never overwrites a file that changed since it was loaded."""

from __future__ import annotations

import os
from pathlib import Path

from pirtui.core.fingerprint import Fingerprint, changed_on_disk


def _review_file(tmp_path: Path, text: str = 'title = "Checkout outage"\n') -> Path:
    path = tmp_path / "review.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fingerprint_records_size_mtime_and_content_hash(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    fingerprint = Fingerprint.of(path)
    info = path.stat()
    assert fingerprint.exists
    assert fingerprint.size == info.st_size
    assert fingerprint.mtime_ns == info.st_mtime_ns
    assert len(fingerprint.sha256) == 64


def test_untouched_file_is_not_changed(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    assert not changed_on_disk(path, Fingerprint.of(path))


def test_edit_with_different_size_is_a_change(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    fingerprint = Fingerprint.of(path)
    path.write_text('title = "Checkout outage, take two"\n', encoding="utf-8")
    assert changed_on_disk(path, fingerprint)


def test_same_size_edit_within_one_clock_tick_is_a_change(tmp_path: Path) -> None:
    path = _review_file(tmp_path, 'title = "AAAA"\n')
    fingerprint = Fingerprint.of(path)
    path.write_text('title = "BBBB"\n', encoding="utf-8")
    os.utime(path, ns=(fingerprint.mtime_ns, fingerprint.mtime_ns))
    assert changed_on_disk(path, fingerprint)


def test_touch_without_new_content_is_not_a_change(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    fingerprint = Fingerprint.of(path)
    later = fingerprint.mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))
    assert not changed_on_disk(path, fingerprint)


def test_deleted_file_is_a_change(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    fingerprint = Fingerprint.of(path)
    path.unlink()
    assert changed_on_disk(path, fingerprint)


def test_missing_file_fingerprint_and_file_created_since(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    fingerprint = Fingerprint.of(path)
    assert not fingerprint.exists
    assert not changed_on_disk(path, fingerprint)
    path.write_text('title = "someone else was faster"\n', encoding="utf-8")
    assert changed_on_disk(path, fingerprint)


def test_fingerprint_after_own_save_makes_it_unchanged_again(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    path.write_text('title = "saved by this editor"\n', encoding="utf-8")
    assert not changed_on_disk(path, Fingerprint.of(path))


def test_unreadable_file_counts_as_changed(tmp_path: Path) -> None:
    path = _review_file(tmp_path)
    fingerprint = Fingerprint.of(path)
    path.unlink()
    path.mkdir()  # reading a folder fails with an OSError other than "missing"
    assert changed_on_disk(path, fingerprint)
