"""Full disk, permission denied, read-only folder: the file on disk stays whole, the error is one line,
nothing is left behind, and saving again works once the cause is gone. Saved files keep their mode."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import Review, TimelineEvent, new_review
from pirtui.core.store import ReviewFileError
from tests.fs_faults import read_only_folder, tmpfs


def big_review(lines: int = 400) -> Review:
    review = new_review("INC-9", "2026-11-20")
    review.title = "Disk full during the review"
    review.timeline = [
        TimelineEvent(time=f"14:{i % 60:02d}", event=f"event number {i} " * 3) for i in range(lines)
    ]
    return review


def one_line_naming(error: ReviewFileError, path: Path) -> str:
    message = str(error)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def fill_up(folder: Path) -> Path:
    """Write a filler file until the file system is full; deleting it is "the cause is gone"."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_full_disk_keeps_the_original_and_saving_again_succeeds(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", size="256k") as folder:
        path = folder / "INC-9.toml"
        store.atomic_write(path, 'title = "as saved before"\n')
        before = path.read_bytes()
        filler = fill_up(folder)
        review = big_review()
        with pytest.raises(ReviewFileError) as caught:
            store.save(path, review)
        assert "No space left on device" in one_line_naming(caught.value, path)
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["INC-9.toml", "filler"]
        assert review == big_review()  # the edits are still there to save again

        filler.unlink()
        store.save(path, review)
        assert store.load(path) == review


def test_injected_disk_full_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "INC-9.toml"
    path.write_text('title = "as saved before"\n', encoding="utf-8")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ReviewFileError) as caught:
        store.save(path, big_review())
    assert os.strerror(errno.ENOSPC) in one_line_naming(caught.value, path)
    assert path.read_text(encoding="utf-8") == 'title = "as saved before"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["INC-9.toml"]

    monkeypatch.setattr(os, "fsync", real_fsync)
    store.save(path, big_review())
    assert store.load(path) == big_review()


def test_injected_permission_denied_on_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "INC-9.toml"
    path.write_text('title = "as saved before"\n', encoding="utf-8")

    def denied(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(ReviewFileError) as caught:
        store.atomic_write(path, store.dumps(big_review()))
    assert "Permission denied" in one_line_naming(caught.value, path)
    assert path.read_text(encoding="utf-8") == 'title = "as saved before"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["INC-9.toml"]


def test_read_only_folder_refuses_with_one_line_and_works_once_writable(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro") as folder:
        path = folder.folder / "INC-9.toml"
        path.write_text('title = "as saved before"\n', encoding="utf-8")
        folder.set_writable(False)
        review = big_review(5)
        with pytest.raises(ReviewFileError) as caught:
            store.save(path, review)
        one_line_naming(caught.value, path)
        assert path.read_text(encoding="utf-8") == 'title = "as saved before"\n'
        assert [p.name for p in folder.folder.iterdir()] == ["INC-9.toml"]

        folder.set_writable(True)
        store.save(path, review)
        assert store.load(path) == review


def test_saved_files_keep_the_original_mode(tmp_path: Path) -> None:
    path = tmp_path / "INC-9.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    store.markdown_path(path).write_text("# x\n", encoding="utf-8")
    path.chmod(0o640)
    store.markdown_path(path).chmod(0o604)
    store.save(path, big_review(3), force=True)  # force: this "# x" Markdown was not written by pirtui
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(store.markdown_path(path).stat().st_mode) == 0o604


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_new_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "INC-9.toml"
    old = os.umask(umask)
    try:
        store.save(path, big_review(3))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(store.markdown_path(path).stat().st_mode) == 0o666 & ~umask
