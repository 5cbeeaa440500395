"""A fast index of a folder of reviews: what the review list, actions, stats and search read.

A team keeps hundreds or thousands of reviews in one folder; reading and checking every TOML file
each time the list opens would take seconds. The index is a SQLite database in pirtui's cache
folder (`$XDG_CACHE_HOME/pirtui/index.sqlite3`) holding, per review file, what those views need
(a `pirtui.team.records.ReviewRecord`) and the review's text per field for full-text search.

The TOML files stay the only source of truth. Each file is keyed by its resolved path, size,
mtime_ns and content hash: a file whose size or mtime changed (a save, a `git pull`, a checkout) is
read again, and re-parsed only when its content hash changed; a file that is gone is dropped.
A file whose mtime is too close to when it was indexed is hashed again, as git does for "racily
clean" files, because a second write within one clock tick keeps the mtime. A deleted, corrupt or
older-schema database is rebuilt silently, and when the cache folder cannot be written the index
lives in memory for the run. Nothing in the reviews folder is ever written here.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, cast

from pirtui.team.folder import ReviewSummary, review_files
from pirtui.team.records import ReviewRecord, read_file, read_record, record_from_json, record_from_text, record_to_json

INDEX_SCHEMA = 4
"""Bump when the tables or `ReviewRecord` change: an index of another version is rebuilt."""

RACY_NS = 2_000_000_000
"""A file modified less than this before it was indexed is hashed again on the next refresh."""

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another pirtui's write to the index before reading the files without it."""

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while a folder is scanned."""

HIT_START, HIT_END = "\ue000", "\ue001"
"""Private-use characters around each match in a search snippet (no review types them)."""


def cache_dir() -> Path:
    """pirtui's cache folder: `$XDG_CACHE_HOME/pirtui` on Linux, the platform's own folder elsewhere."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "pirtui"
    import platformdirs

    return Path(platformdirs.user_cache_dir("pirtui", appauthor=False))


def index_path() -> Path:
    """The index database."""
    return cache_dir() / "index.sqlite3"


# -- the database ----------------------------------------------------------------------------

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, folder TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, indexed_ns INTEGER NOT NULL, record TEXT NOT NULL
);
CREATE INDEX files_folder ON files (folder);
CREATE VIRTUAL TABLE texts USING fts5(field UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
"""

FIELD_BITS = 20
"""A file's texts have rowids `id << FIELD_BITS` + n: a file's rows are one rowid range, which FTS5
deletes without scanning the table (a `WHERE path = ?` on it would, making a cold scan quadratic)."""


def _rowids(file_id: int) -> tuple[int, int]:
    return file_id << FIELD_BITS, ((file_id + 1) << FIELD_BITS) - 1


def _storable(text: str) -> bool:
    """Whether SQLite can hold this file or folder name (a name that is not UTF-8 holds surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _private_database(path: Path) -> None:
    """Make the index's file private before SQLite opens it: it holds every review's text, internal
    fields included. The folder is 0700, the file 0600 (SQLite gives its journal the same mode), and
    a link or anything but a regular file in its place is refused (OSError: the index runs in memory),
    as for every file pirtui names itself (`store.write_own_file`)."""
    from pirtui.core.store import ReviewFileError, private_folder

    try:
        private_folder(path.parent)
    except ReviewFileError as error:
        raise OSError(str(error)) from None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(path, flags, 0o600))
        return
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path}: not a regular file; the index is kept in memory")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o600)  # an index written by an older pirtui, readable by others


class Index:
    """The index database, opened (and rebuilt when it must be) for a short piece of work.

    Each thread opens its own: `with Index() as index: records = index.refresh(folder)`.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = index_path() if path is None else path
        self.db = self._open()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def _open(self) -> sqlite3.Connection:
        try:
            _private_database(self.path)
            db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
            try:
                if self._usable(db):
                    return db
            except sqlite3.Error:
                db.close()  # busy: another pirtui is writing it; leave it alone
                return _in_memory()
            db.close()
            self.path.unlink(missing_ok=True)
            _private_database(self.path)
            db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
            self._create(db)
            return db
        except (OSError, sqlite3.Error):
            # An unwritable cache or a database that cannot be replaced: index in memory for this run.
            return _in_memory()

    @staticmethod
    def _usable(db: sqlite3.Connection) -> bool:
        """Whether the database is an intact index of this schema (else it is rebuilt).

        Raises sqlite3.Error when it is busy: a database another pirtui is writing is not damaged.
        """
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            # No integrity check here (it reads the whole file): damage met later rebuilds it too.
            return row is not None and row[0] == str(INDEX_SCHEMA)
        except sqlite3.Error as error:
            if _busy(error):
                raise
            return False

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(_TABLES)
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(INDEX_SCHEMA),))
        db.commit()

    def _rebuilt(self) -> None:
        """Throw the database away and start again (it was found corrupt while in use)."""
        self.db.close()
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        self.db = self._open()

    def refresh(self, folder: Path, progress: Progress | None = None) -> list[ReviewRecord]:
        """Bring the folder's entries up to date with its files and return every review's record.

        Only files whose size, mtime or content changed are read; a deleted file is dropped.
        """
        try:
            return self._refresh(folder, progress)
        except sqlite3.DatabaseError as error:
            try:
                self.db.rollback()
            except sqlite3.Error:
                pass
            if not _busy(error):  # damaged: start again (busy or full is not damage)
                self._rebuilt()
                try:
                    return self._refresh(folder, progress)
                except sqlite3.DatabaseError:
                    pass
        # The files are the truth: read them into an index in memory for this run.
        self.db.close()
        self.db = _in_memory()
        return self._refresh(folder, progress)

    def _refresh(self, folder: Path, progress: Progress | None) -> list[ReviewRecord]:
        key = _folder_key(folder)
        if not _storable(key):  # a folder whose name is not UTF-8: SQLite cannot hold it; read the files
            return [read_record(path)[0] for path in review_files(folder)]
        self._forget_when_templates_changed(folder, key)
        known = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT path, size, mtime_ns, sha256, indexed_ns, record, id FROM files WHERE folder = ?", (key,)
            )
        }
        files = review_files(folder)
        records: list[ReviewRecord | None] = []
        to_parse: list[tuple[int, Path, str, os.stat_result, tuple | None]] = []
        items: list[tuple[str, int, tuple[str | None, str] | None]] = []
        for path in files:
            # Keyed by the resolved folder and the name: `reviews/` and `/abs/reviews` are one folder.
            file_key = os.path.join(key, path.name)
            if not _storable(path.name):  # a name that is not UTF-8 is read every time (and not searched), never fatal
                records.append(read_record(path)[0])
                continue
            entry = known.pop(file_key, None)
            record, stat, read = self._unchanged(path, entry)
            if record is None and stat is not None:
                to_parse.append((len(records), path, file_key, stat, entry))
                items.append((str(path), stat.st_mtime_ns, read))
            records.append(record)
        done = len(files) - len(to_parse)
        for (position, path, file_key, stat, entry), parsed in zip(to_parse, parse_files(items)):
            records[position] = self._write(parsed, file_key, key, stat, entry)
            done += 1
            if progress is not None:
                progress(done, len(files))
        if progress is not None and not to_parse and files:
            progress(len(files), len(files))
        for gone in known.values():
            self.db.execute("DELETE FROM files WHERE id = ?", (gone[5],))
            self.db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", _rowids(gone[5]))
        self.db.commit()
        return [record for record in records if record is not None]

    def _forget_when_templates_changed(self, folder: Path, key: str) -> None:
        """A record is read through its review's template: when the templates the folder sees
        change (one added, edited, removed or come back), every record of the folder is read again,
        though no review file changed."""
        seen = templates_seen(folder)
        meta_key = f"templates:{key}"
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (meta_key,)).fetchone()
        if row is not None and row[0] == seen:
            return
        for (file_id,) in self.db.execute("SELECT id FROM files WHERE folder = ?", (key,)).fetchall():
            self.db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", _rowids(file_id))
        self.db.execute("DELETE FROM files WHERE folder = ?", (key,))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (meta_key, seen))

    def _unchanged(self, path: Path, known: tuple | None) -> tuple[ReviewRecord | None, os.stat_result | None, tuple | None]:
        """A file's record when its entry is still good (same size and mtime, or the same content),
        else (None, its stat, what was read of it or None) for it to be parsed; a file that cannot be
        stat'ed gets a problem record."""
        try:
            stat = path.stat()
        except OSError:
            return read_record(path)[0], None, None
        if known is None:
            return None, stat, None
        size, mtime_ns, sha256, indexed_ns, text, file_id = known
        if size == stat.st_size and mtime_ns == stat.st_mtime_ns and indexed_ns - mtime_ns > RACY_NS:
            return record_from_json(str(path), sha256, mtime_ns, text), stat, None
        content, digest = read_file(path)
        if content is not None and digest == sha256:
            # Touched (or checked out again) but the same content: no need to parse it.
            self.db.execute(
                "UPDATE files SET size = ?, mtime_ns = ?, indexed_ns = ? WHERE id = ?",
                (stat.st_size, stat.st_mtime_ns, time.time_ns(), file_id),
            )
            return record_from_json(str(path), digest, stat.st_mtime_ns, text), stat, None
        return None, stat, (content, digest)

    def _write(self, parsed: Parsed, file_key: str, folder: str, stat: os.stat_result, known: tuple | None) -> ReviewRecord:
        """Put a freshly parsed file's record and searchable texts in the index."""
        record, texts, as_json = parsed
        values = (folder, stat.st_size, stat.st_mtime_ns, record.sha256, time.time_ns(), as_json)
        if known is None:
            # after an INSERT, sqlite3 gives the new row's id (typeshed allows None for other statements)
            file_id = cast(int, self.db.execute(
                "INSERT INTO files (path, folder, size, mtime_ns, sha256, indexed_ns, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (file_key, *values),
            ).lastrowid)
        else:
            file_id = known[5]
            self.db.execute(
                "UPDATE files SET folder = ?, size = ?, mtime_ns = ?, sha256 = ?, indexed_ns = ?, record = ? WHERE id = ?",
                (*values, file_id),
            )
            self.db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", _rowids(file_id))
        first, last = _rowids(file_id)
        self.db.executemany(
            "INSERT INTO texts (rowid, field, body) VALUES (?, ?, ?)",
            [(first + n, where, body) for n, (where, body) in enumerate(texts[: last - first + 1])],
        )
        return record

    def search(self, folder: Path, words: str, limit: int = 500) -> list[Hit]:
        """The fields of the folder's reviews that hold every word (as a word prefix, any case),
        best match first, each with a snippet of the text around the match; at most `limit`."""
        return self._hits(
            "JOIN files ON files.id = texts.rowid >> ? WHERE texts MATCH ? AND files.folder = ? ORDER BY rank LIMIT ?",
            (FIELD_BITS, fts_query(words), _folder_key(folder), limit),
            folder,
        )

    def matching(self, folder: Path, words: str) -> set[Path]:
        """Every review of the folder with a field that holds every word (no snippets: fast)."""
        query = fts_query(words)
        if not query:
            return set()
        try:
            rows = self.db.execute(
                "SELECT DISTINCT files.path FROM texts JOIN files ON files.id = texts.rowid >> ? "
                "WHERE texts MATCH ? AND files.folder = ?",
                (FIELD_BITS, query, _folder_key(folder)),
            ).fetchall()
        except sqlite3.DatabaseError:
            return set()
        return {folder / Path(path).name for (path,) in rows}

    def best_hit(self, path: Path, words: str) -> Hit | None:
        """The field of one review that matches the words best, with its snippet."""
        row = self.db.execute("SELECT id FROM files WHERE path = ?", (os.path.join(_folder_key(path.parent), path.name),))
        found = row.fetchone() if row is not None else None
        if found is None:
            return None
        first, last = _rowids(found[0])
        hits = self._hits(
            "JOIN files ON files.id = texts.rowid >> ? WHERE texts MATCH ? AND texts.rowid BETWEEN ? AND ? "
            "ORDER BY rank LIMIT 1",
            (FIELD_BITS, fts_query(words), first, last),
            path.parent,
        )
        return hits[0] if hits else None

    def _hits(self, where: str, parameters: tuple, folder: Path) -> list[Hit]:
        if not parameters[1]:
            return []
        try:
            rows = self.db.execute(
                f"SELECT files.path, texts.field, snippet(texts, 1, ?, ?, '…', 10) FROM texts {where}",
                (HIT_START, HIT_END, *parameters),
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        return [Hit(folder / Path(path).name, field, snippet) for path, field, snippet in rows]


PARALLEL_FROM = 200
"""Files to parse from which worker processes pay for their start (a cold index of a big folder)."""


Parsed = tuple[ReviewRecord, list[tuple[str, str]], str]
"""A file's record, its searchable texts and the record as the index stores it (`record_to_json`)."""


def _parse_file(item: tuple[str, int, tuple[str | None, str] | None]) -> Parsed:
    """Read (unless it was read already), parse and check one review file (in a worker process, or
    here), and put its record in the index's form: all the work of a file but the database's."""
    path, modified_ns, read = item
    text, digest = read if read is not None else read_file(Path(path))
    record, texts = record_from_text(Path(path), text, digest, modified_ns)
    return record, texts, record_to_json(record)


def _quiet_on_interrupt() -> None:
    """In a worker: ctrl+c is the parent's to handle (it stops the pool); a worker that took it too
    would print a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parse_files(items: list[tuple[str, int, tuple[str | None, str] | None]]) -> Iterator[Parsed]:
    """Each file's record and searchable texts, in order; parsed in worker processes, one per core,
    when there are many (a folder's first index: parsing and checking is most of its time).

    The workers come from a fork server (started fresh, with pirtui's review code imported once):
    forking this process itself is unsafe when it runs threads, as the editor does. When worker
    processes cannot be had, the files are parsed here.
    """
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2:
        yield from map(_parse_file, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pirtui.team.records", "pirtui.core.checks", "pirtui.core.store"])
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_on_interrupt)
    except (OSError, ValueError):
        yield from map(_parse_file, items)
        return
    done = 0
    try:
        chunk = max(1, min(64, len(items) // (workers * 8)))
        for result in pool.map(_parse_file, items, chunksize=chunk):
            done += 1
            yield result
    except (OSError, RuntimeError):  # the workers could not start, or died (BrokenProcessPool)
        pass
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    yield from map(_parse_file, items[done:])  # what the workers did not do, here


def templates_seen(folder: Path) -> str:
    """What the templates a folder's reviews can follow are now: each one's name, file, size and
    mtime (a template's edit changes them; the built-in and shipped ones change with pirtui, whose
    version is part of the index's schema)."""
    from pirtui.core.template.discovery import available

    parts = []
    for name, path in sorted(available(folder).items()):
        try:
            info = path.stat()
        except OSError:
            parts.append(f"{name}={path}:gone")
            continue
        parts.append(f"{name}={path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def _busy(error: sqlite3.Error) -> bool:
    """Whether an error says the database is in use or the disk full, rather than damaged."""
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL")


def _in_memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    Index._create(db)
    return db


def _folder_key(folder: Path) -> str:
    try:
        return str(folder.resolve())
    except OSError:
        return str(folder.absolute())


def fts_query(words: str) -> str:
    """An FTS5 query matching every word as a prefix; the user's text is quoted, never obeyed."""
    terms = [word.replace('"', '""') for word in words.split()]
    return " ".join(f'"{term}"*' for term in terms if term.strip('"'))


@dataclass(frozen=True)
class Hit:
    """One field of a review that matches a search, with the text around the match."""

    path: Path
    field: str
    """Dotted path of the field ("root_cause.what_happened")."""
    snippet: str
    """The text around the match, each match between HIT_START and HIT_END."""

    @property
    def section(self) -> str:
        """The key of the editor's section that shows the field ("" when none does)."""
        from pirtui.core.sections import EDITABLE_SECTIONS

        for section in EDITABLE_SECTIONS:
            for owned in section.paths:
                if self.field == owned or self.field.startswith(owned + "."):
                    return section.key
        return ""

    def parts(self) -> Iterator[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces, for drawing the match highlighted."""
        rest = self.snippet
        while rest:
            before, start, after = rest.partition(HIT_START)
            if before:
                yield before, False
            if not start:
                return
            match, _, rest = after.partition(HIT_END)
            yield match, True


# -- what the views ask for ------------------------------------------------------------------


def scan_records(folder: Path, progress: Progress | None = None) -> list[ReviewRecord]:
    """Every review's record in the folder, through the index."""
    with Index() as index:
        return index.refresh(folder, progress)


def search(folder: Path, words: str) -> list[Hit]:
    """The fields of the folder's reviews (as last indexed) that hold every word."""
    with Index() as index:
        return index.search(folder, words)


def matching(folder: Path, words: str) -> set[Path]:
    """The folder's reviews (as last indexed) with a field that holds every word."""
    with Index() as index:
        return index.matching(folder, words)


def best_hit(path: Path, words: str) -> Hit | None:
    """Where in one review (as last indexed) the words match best."""
    with Index() as index:
        return index.best_hit(path, words)




def review_summaries(folder: Path, today: date, progress: Progress | None = None) -> list[ReviewSummary]:
    """The review list's rows, newest first: the one scanner of a folder's reviews (through the index)."""
    from pirtui.team.folder import newest_first
    from pirtui.team.records import summary_of

    summaries = (summary_of(record, today) for record in scan_records(folder, progress))
    return sorted(summaries, key=newest_first, reverse=True)
