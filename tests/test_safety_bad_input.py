"""Bad input files opened with the installed `pirtui`: one line naming the file, exit 2, file untouched."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pirtui.core.store import MAX_FILE_BYTES
from tests.terminal import PIRTUI

CASES = {
    "malformed": (b'title = "unterminated\n', "not valid TOML"),
    "wrong type": (b"title = 42\n", "title"),
    "newer schema": (b"schema_version = 999\n", "newer pirtui"),
    "binary": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
    "not utf-8": (b'title = "caf\xe9"\n', "not UTF-8"),
    "huge": (None, "larger than"),
}


def run_pirtui(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TERM"}
    env["XDG_STATE_HOME"] = str(cwd / "state")
    return subprocess.run([PIRTUI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_ends_with_one_line_and_status_2_and_stays_as_it_was(tmp_path: Path, case: str) -> None:
    content, words = CASES[case]
    path = tmp_path / "INC-1.toml"
    if content is None:
        with path.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)  # sparse: huge without filling the disk
        content = b""
    else:
        path.write_bytes(content)
    before = path.stat()
    result = run_pirtui(path.name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"pirtui: {path.name}: ")
    assert words in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if content:
        assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "state") == ["INC-1.toml"]  # no .md, no lock


def test_a_missing_file_in_a_missing_folder_ends_with_one_line(tmp_path: Path) -> None:
    result = run_pirtui("nowhere/INC-1.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()
