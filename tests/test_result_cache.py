"""Results kept between runs (`pirtui.core.result_cache`): `check FOLDER` and `render --check FOLDER`
with a warm cache give what they give without one, and never a stale answer."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from pirtui.cli import render as render_module
from pirtui.cli.main import main
from pirtui.core import checks as checks_module
from pirtui.core.result_cache import ResultCache, folder_context
from pirtui.core.xdg import cache_dir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_reviews").glob("*.toml"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample reviews with their Markdown, in a folder of their own."""
    for path in SAMPLES:
        shutil.copy(path, tmp_path / path.name)
        shutil.copy(path.with_suffix(".md"), tmp_path / path.with_suffix(".md").name)
    return tmp_path


def counting(monkeypatch, module, name: str) -> list[object]:
    """Calls of module.name, still made (a spy, not a stand-in)."""
    calls: list[object] = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_check_of_a_folder_is_the_check_of_its_files(folder: Path, capsys):
    files = sorted(str(p) for p in folder.glob("*.toml"))
    assert main(["check", "--format", "json", *files, "--hints"]) in (0, 1)  # no cache with hints
    capsys.readouterr()
    code = main(["check", "--format", "json", *files])
    by_files = capsys.readouterr().out
    assert main(["check", "--format", "json", str(folder)]) == code
    assert capsys.readouterr().out == by_files


def test_a_warm_check_parses_nothing_and_says_the_same(folder: Path, capsys, monkeypatch):
    code = main(["check", str(folder)])
    cold = capsys.readouterr().out
    checks = counting(monkeypatch, checks_module, "check")
    assert main(["check", str(folder)]) == code
    assert capsys.readouterr().out == cold
    assert checks == []


def test_a_changed_file_is_checked_again(folder: Path, capsys, monkeypatch):
    main(["check", str(folder)])
    capsys.readouterr()
    changed = folder / SAMPLES[0].name
    changed.write_text(changed.read_text(encoding="utf-8").replace('id = "', 'id = "NOT-AN-ID', 1), encoding="utf-8")
    checks = counting(monkeypatch, checks_module, "check")
    assert main(["check", str(folder)]) == 1
    assert "NOT-AN-ID" in capsys.readouterr().out
    assert len(checks) == 1


def test_a_changed_config_checks_every_file_again(folder: Path, capsys, monkeypatch):
    main(["check", str(folder)])
    before = folder_context(folder.absolute())
    (folder / ".pirtui.toml").write_text('ticket_url = "https://t.example/{ticket}"\n', encoding="utf-8")
    folder_context.cache_clear()
    assert folder_context(folder.absolute()) != before
    checks = counting(monkeypatch, checks_module, "check")
    main(["check", str(folder)])
    assert len(checks) == len(SAMPLES)


def test_the_cache_file_is_private_and_a_damaged_one_is_started_afresh(folder: Path, capsys):
    main(["check", str(folder)])
    path = cache_dir() / "check.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    expected = capsys.readouterr().out
    path.write_text("{not json", encoding="utf-8")
    main(["check", str(folder)])
    assert capsys.readouterr().out == expected
    assert ResultCache("check").entries  # written again, whole


def test_a_warm_render_check_renders_nothing(folder: Path, capsys, monkeypatch):
    assert main(["render", "--check", str(folder)]) == 0
    renders = counting(monkeypatch, render_module, "rendered")
    assert main(["render", "--check", str(folder)]) == 0
    assert renders == []
    assert "0 out of date, 3 up to date" in capsys.readouterr().err


def test_a_hand_edit_below_a_kept_marker_is_found_with_a_warm_cache(folder: Path, capsys):
    """The cache knows what the TOML renders to; FILE.md edited by hand (its marker kept) differs."""
    assert main(["render", "--check", str(folder)]) == 0
    md = folder / SAMPLES[1].with_suffix(".md").name
    md.write_text(md.read_text(encoding="utf-8").replace("##", "## edited", 1), encoding="utf-8")
    assert main(["render", "--check", str(folder)]) == 1
    assert f"{md}: differs" in capsys.readouterr().out


def test_a_changed_review_is_rendered_again_and_found_stale(folder: Path, capsys, monkeypatch):
    assert main(["render", "--check", str(folder)]) == 0
    toml = folder / SAMPLES[2].name
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "New: ', 1), encoding="utf-8")
    renders = counting(monkeypatch, render_module, "rendered")
    assert main(["render", "--check", str(folder)]) == 1
    assert len(renders) == 1
    assert "1 out of date, 2 up to date" in capsys.readouterr().err


def test_an_unwritable_cache_folder_changes_nothing(folder: Path, capsys, monkeypatch):
    blocked = folder / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    code = main(["check", str(folder)])
    first = capsys.readouterr()
    assert main(["check", str(folder)]) == code
    assert capsys.readouterr().out == first.out
    assert first.err == ""
    assert main(["render", "--check", str(folder)]) == 0
