"""Results of work on a review file kept between runs, so that a folder of 10,000 reviews in which
one file changed costs one file's work, not 10,000 (`render --check`, `check`).

A result is looked up by a key made of everything it depends on: the file's content (its SHA-256),
and a context naming pirtui's own code and data (its version and the size and time of each file of
the installed package: code, the template and the word lists), the config files in effect (the
person's and the team's `.pirtui.toml`, which hold the team's word lists), and whatever else the
caller adds (today's date, for checks that say "overdue"). Anything that changes gives new keys, so
a stale result is never found; old ones are dropped once the cache grows past `KEEP`.

The cache is one JSON file per kind under `$XDG_CACHE_HOME/pirtui/` (folder 0700, file 0600),
written with the one file-writing rule (`pirtui.core.store.atomic_write`). One that cannot be read
is started afresh, and one that cannot be written is left as it was: the reviews are the truth and
every result can be made again.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pirtui import __version__
from pirtui.core.xdg import cache_dir

KEEP = 50_000
"""Entries kept per kind: beyond that, those not used by the last run are dropped."""

CACHE_VERSION = 1
"""Bump when the layout of the cache file changes: a file of another version is started afresh."""


def digest(data: bytes | str) -> str:
    """The SHA-256 of some text or bytes, in hex."""
    # surrogateescape: a file name that is not UTF-8 (its bytes kept as surrogates) still has a key
    return hashlib.sha256(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data).hexdigest()


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """pirtui's version and the name, size and modification time of each file of its package (code,
    template, word lists): a changed pirtui, even in a checkout at one version, gives new keys."""
    root = Path(__file__).resolve().parent.parent
    parts = [__version__]
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml", ".md", ".json", ".tcss") and "__pycache__" not in path.parts:
            info = path.stat()
            parts.append(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns}")
    return digest("\n".join(parts))


@lru_cache(maxsize=256)
def folder_context(folder: Path) -> str:
    """The context of results for the reviews in `folder`: pirtui itself and the config files in
    effect there (their content)."""
    from pirtui.core.config import team_config_path, user_config_path

    parts = [package_fingerprint()]
    for path in (user_config_path(), team_config_path(folder)):
        try:
            parts.append(digest(path.read_bytes()) if path is not None else "-")
        except OSError:
            parts.append("-")
    return digest("\n".join(parts))


class ResultCache:
    """The kept results of one kind ("check", "render"), loaded once and saved once per run."""

    def __init__(self, kind: str, folder: Path | None = None) -> None:
        self.path = (folder or cache_dir()) / f"{kind}.json"
        self.entries: dict[str, object] = {}
        self.used: set[str] = set()
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("version") == CACHE_VERSION and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError):
            pass

    @staticmethod
    def key(context: str, content: bytes | str, *more: str) -> str:
        """The key of a result: its context, the file's content and anything more it depends on."""
        return digest("\n".join((context, digest(content), *more)))

    def get(self, key: str) -> object | None:
        """The result kept under `key`, or None."""
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value: object) -> None:
        """Keep a result (saved by `save`)."""
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True
        self.used.add(key)

    def save(self) -> None:
        """Write the cache if anything was added; silently leave it when it cannot be written."""
        if not self.changed:
            return
        from pirtui.core import store

        entries = self.entries
        if len(entries) > KEEP:
            entries = {key: value for key, value in entries.items() if key in self.used}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            text = json.dumps({"version": CACHE_VERSION, "entries": entries}, separators=(",", ":"))
            store.atomic_write(self.path, text, mode=0o600)
        except (OSError, store.ReviewFileError):
            pass
        self.changed = False
