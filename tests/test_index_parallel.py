"""A folder's first index parsed in worker processes gives what parsing here gives, in file order."""

from __future__ import annotations

import os
from pathlib import Path

from pirtui.team import index as index_module
from pirtui.team.index import parse_files, scan_records, search
from tests.team_helpers import team_review, write


def folder_of(folder: Path, count: int) -> list[Path]:
    paths = [
        write(folder, f"inc-2026-{n:03d}.toml", team_review(f"INC-2026-{n:03d}", f"Review {n}", f"2026-01-0{n % 9 + 1} 10:00"))
        for n in range(count)
    ]
    broken = folder / "inc-2026-999.toml"
    broken.write_text("this is = = not TOML", encoding="utf-8")
    paths.append(broken)
    for path in paths:
        os.utime(path, (1_700_000_000,) * 2)
    return paths


def test_worker_processes_give_the_records_parsing_here_gives(tmp_path: Path, monkeypatch):
    paths = folder_of(tmp_path, 12)
    items = [(str(path), path.stat().st_mtime_ns, None) for path in paths]
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10**9)
    here = list(parse_files(items))
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 2)
    in_workers = list(parse_files(items))
    assert in_workers == here
    assert [parsed[0].path for parsed in in_workers] == paths
    assert in_workers[-1][0].problem and not in_workers[0][0].problem


def test_a_first_index_made_in_workers_is_complete_and_searchable(tmp_path: Path, monkeypatch):
    folder_of(tmp_path, 12)
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 2)
    records = scan_records(tmp_path)
    assert [r.title for r in records[:3]] == ["Review 0", "Review 1", "Review 2"]
    assert len(records) == 13 and records[-1].problem
    assert [h.path.name for h in search(tmp_path, "Review 11")] == ["inc-2026-011.toml"]
    # warm: nothing to parse, the same records
    assert scan_records(tmp_path) == records


def test_fewer_files_than_the_threshold_are_parsed_here(tmp_path: Path, monkeypatch):
    """The other side of PARALLEL_FROM: no worker process is started for a few files."""
    paths = folder_of(tmp_path, 3)
    started = []
    import concurrent.futures

    real = concurrent.futures.ProcessPoolExecutor

    def spy(*args, **kwargs):
        started.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    monkeypatch.setattr(index_module, "PARALLEL_FROM", len(paths) + 1)
    assert len(list(parse_files([(str(p), 0, None) for p in paths]))) == len(paths)
    assert started == []
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 2)
    assert len(list(parse_files([(str(p), 0, None) for p in paths]))) == len(paths)
    assert started == [True]
