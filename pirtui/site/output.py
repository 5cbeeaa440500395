"""The site's output folder: what pirtui wrote there, and the one way it writes, keeps or removes a file.

A site folder is pirtui's only where pirtui wrote it. The manifest (`.pirtui-site/manifest.json`)
names every file the last build wrote with its content hash, size and mtime, so a later build
writes only what changed (incremental) and can tell a file someone else put there or edited since.
Such a foreign file stops the build before anything is written, unless `force`; even then it is
never removed. Every write goes through `pirtui.core.store.write_own_file` (never through a link), and each HTML page
carries pirtui's marker (`MARKER`), so a page written by an earlier build whose manifest is lost
is still known as pirtui's.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pirtui.core.store import ReviewFileError, write_own_file

STATE_DIR = ".pirtui-site"
MANIFEST = f"{STATE_DIR}/manifest.json"
MANIFEST_FORMAT = 1
MARKER = '<meta name="generator" content="pirtui site">'
"""In the head of every page pirtui writes: the page is pirtui's to replace."""


class SiteFolderError(ReviewFileError):
    """The output folder cannot be used (foreign files, not a folder, unwritable); one line."""


def digest(data: bytes) -> str:
    """The content hash the manifest keeps for a file."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class SiteFolder:
    """The output folder of one build: the manifest read at the start, the files written meanwhile."""

    root: Path
    force: bool = False
    old_files: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    """What the last build kept besides its files (review entries, first-seen times)."""
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, root: Path, force: bool = False) -> SiteFolder:
        """The folder, created when missing; refuses one holding files pirtui did not write
        (`SiteFolderError`), unless `force`."""
        if root.exists() and not root.is_dir():
            raise SiteFolderError(f"{root}: not a folder; the site needs a folder of its own")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SiteFolderError(f"{root}: cannot create the folder: {error.strerror or error}") from None
        folder = cls(root=root, force=force)
        manifest = _read_json(root / MANIFEST)
        if manifest.get("format") == MANIFEST_FORMAT:
            folder.old_files = manifest.get("files", {})
            folder.state = manifest.get("state", {})
        folder.foreign = folder._foreign_files()
        if folder.foreign and not force:
            shown = ", ".join(folder.foreign[:3]) + (f" and {len(folder.foreign) - 3} more" if len(folder.foreign) > 3 else "")
            raise SiteFolderError(
                f"{root}: holds files pirtui did not write ({shown}); choose an empty folder, or --force to write beside them"
            )
        return folder

    def _foreign_files(self) -> list[str]:
        """Files in the folder that pirtui did not write, or that changed since it did."""
        foreign = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(self.root).as_posix()
                if rel == MANIFEST or self._ours(rel, path):
                    continue
                foreign.append(rel)
        return foreign

    def _ours(self, rel: str, path: Path) -> bool:
        known = self.old_files.get(rel)
        try:
            info = path.lstat()
        except OSError:
            return False
        if known is not None:
            if known.get("size") == info.st_size and known.get("mtime_ns") == info.st_mtime_ns:
                return True
            return _hash_of(path) == known.get("sha256")
        if rel.endswith(".html") and info.st_size < 64 * 1024 * 1024:
            try:
                with open(path, "rb") as handle:
                    return MARKER.encode() in handle.read(4096)
            except OSError:
                return False
        return False

    def write(self, rel: str, content: str | bytes) -> bool:
        """Write one file (atomically) unless it already holds exactly this; True when written.

        A foreign file (only reached with `force`) is replaced, never a file outside the folder.
        """
        data = content.encode("utf-8") if isinstance(content, str) else content
        sha = digest(data)
        path = self.root / rel
        known = self.old_files.get(rel)
        if known is not None and known.get("sha256") == sha and rel not in self.foreign:
            try:
                info = path.lstat()
                if info.st_size == known.get("size") and info.st_mtime_ns == known.get("mtime_ns"):
                    self.files[rel] = known
                    return False
            except OSError:
                pass
        if not _inside(self.root, path) or path.is_symlink():
            raise SiteFolderError(f"{path}: a link or outside the site folder; not written")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SiteFolderError(f"{path.parent}: cannot create the folder: {error.strerror or error}") from None
        try:  # pirtui's own file, for everyone to read; made again from the reviews: no fsync per page
            write_own_file(path, data, mode=0o644, durable=False)
        except ReviewFileError as error:
            raise SiteFolderError(str(error)) from None
        info = path.stat()
        self.files[rel] = {"sha256": sha, "size": info.st_size, "mtime_ns": info.st_mtime_ns}
        self.written.append(rel)
        return True

    def keep(self, rel: str) -> bool:
        """Keep a file the last build wrote, unchanged and not rewritten now; False when it is gone
        or changed (the caller must write it again)."""
        known = self.old_files.get(rel)
        if known is None or rel in self.foreign:
            return False
        try:
            info = (self.root / rel).lstat()
        except OSError:
            return False
        if info.st_size != known.get("size") or info.st_mtime_ns != known.get("mtime_ns"):
            return False
        self.files[rel] = known
        return True

    def remove_stale(self, prefix: str = "") -> list[str]:
        """Remove what the last build wrote under `prefix` and this one has not written or kept
        (only files still as pirtui left them); returns the removed files."""
        removed = []
        for rel in sorted(set(self.old_files) - set(self.files) - set(self.removed)):
            if not rel.startswith(prefix):
                continue
            path = self.root / rel
            if rel in self.foreign or not path.is_file():
                continue
            try:
                path.unlink()
                removed.append(rel)
            except OSError:
                continue
        self.removed.extend(removed)
        for rel in removed:  # drop folders the removals emptied (never the site folder itself)
            parent = (self.root / rel).parent
            while parent != self.root and _inside(self.root, parent):
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
        return removed

    def finish(self, state: dict[str, Any]) -> list[str]:
        """Remove every stale file (`remove_stale`), then write the manifest; returns every file
        this build removed."""
        self.remove_stale()
        manifest = {"format": MANIFEST_FORMAT, "files": self.files, "state": state}
        try:
            (self.root / STATE_DIR).mkdir(exist_ok=True)
        except OSError as error:
            raise SiteFolderError(f"{self.root / STATE_DIR}: cannot create the folder: {error.strerror or error}") from None
        write_own_file(self.root / MANIFEST, json.dumps(manifest, sort_keys=True, separators=(",", ":")), mode=0o644)
        return sorted(self.removed)


def _inside(root: Path, path: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return False
    return True


def _hash_of(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
