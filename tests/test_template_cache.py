"""The checked template kept between runs (`pirtui.core.template.loader`, issue 21 "speed holds"): a
hit builds the same spec and the same models without parsing or checking the file; a changed file,
another pirtui, a damaged entry or a cache that cannot be written is never an error and never a
wrong template: the file is read and checked again.

Every test runs with its own XDG_CACHE_HOME (tests/conftest.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
import tomli

from pirtui.core.template import loader
from pirtui.core.template.loader import BUILTIN_FILE, SHIPPED_FOLDER, TemplateError, cache_path, check_text
from pirtui.core.template.spec import TemplateSpec

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "tests" / "template_cases" / ".pirtui" / "templates" / "lite.toml"
TEMPLATE_FILES = [BUILTIN_FILE, *sorted(SHIPPED_FOLDER.glob("*.toml")), LITE]


class Checked(Exception):
    """Raised by the patched parser and validator: the file was read and checked, not taken from the cache."""


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing the TOML or validating a spec fails the test: only a hit can succeed."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise Checked

    monkeypatch.setattr(loader.tomli, "loads", refuse)
    monkeypatch.setattr(TemplateSpec, "model_validate", refuse)


def _read(path: Path):
    return loader.read_builtin() if path == BUILTIN_FILE else loader.read_template(path)


def _checked_spec(path: Path) -> TemplateSpec:
    spec, mistakes = check_text(path.read_text(encoding="utf-8"), str(path))
    assert mistakes == [] and spec is not None
    return spec


@pytest.fixture
def team_template(tmp_path: Path) -> Path:
    """A team's template file of its own (a copy of the test fixture), free to change."""
    path = tmp_path / "team" / ".pirtui" / "templates" / "lite.toml"
    path.parent.mkdir(parents=True)
    shutil.copy(LITE, path)
    return path


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.stem)
def test_a_hit_gives_the_checked_spec_and_the_same_models_without_parsing_or_checking(path: Path, monkeypatch):
    first = _read(path)
    assert cache_path(path).is_file()
    checked = _checked_spec(path)
    _no_checking(monkeypatch)
    again = _read(path)
    assert again.spec == checked == first.spec
    assert again.models.review.model_json_schema() == first.models.review.model_json_schema()


def test_the_first_read_with_an_empty_cache_parses_the_file(team_template: Path, monkeypatch):
    """The other side of a hit: with nothing kept, the file is read and checked."""
    _no_checking(monkeypatch)
    with pytest.raises(Checked):
        loader.read_template(team_template)


def test_a_changed_template_file_is_read_and_checked_again(team_template: Path, monkeypatch):
    loader.read_template(team_template)
    text = team_template.read_text(encoding="utf-8")
    assert 'label = "Reference"' in text
    team_template.write_text(text.replace('label = "Reference"', 'label = "Ticket number"', 1), encoding="utf-8")
    changed = loader.read_template(team_template)
    assert changed.spec == _checked_spec(team_template)
    assert "Ticket number" in [field.spec.label for field in changed.fields]
    _no_checking(monkeypatch)  # and the changed file is what the cache holds now
    assert loader.read_template(team_template).spec == changed.spec


def test_another_pirtui_version_reads_and_checks_the_file_again(team_template: Path, monkeypatch):
    loader.read_template(team_template)
    monkeypatch.setattr(loader, "__version__", "99.0")
    _no_checking(monkeypatch)
    with pytest.raises(Checked):
        loader.read_template(team_template)


def test_a_template_with_a_mistake_is_never_kept(team_template: Path):
    team_template.write_text(team_template.read_text(encoding="utf-8") + "\nunknown_key = 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError, match="unknown_key"):
            loader.read_template(team_template)
    assert not cache_path(team_template).exists()


def _entry(body: bytes, key: str) -> bytes:
    return f"{key} {hashlib.sha256(body).hexdigest()}\n".encode() + body


DAMAGED = {
    "empty": lambda kept, key: b"",
    "garbage": lambda kept, key: os.urandom(300),
    "cut in half": lambda kept, key: kept[: len(kept) // 2],
    "body changed": lambda kept, key: kept.replace(b'"Reference"', b'"Tidal"', 1),
    "no head": lambda kept, key: kept.partition(b"\n")[2],
    "another key": lambda kept, key: _entry(kept.partition(b"\n")[2], "0" * 64),
    "not a table": lambda kept, key: _entry(b"[1, 2]", key),
    "wrong shape": lambda kept, key: _entry(json.dumps({"name": "lite", "sections": "x"}).encode(), key),
    "not JSON": lambda kept, key: _entry(b"{no", key),
}


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_entry_is_ignored_and_made_again(team_template: Path, damage: str, monkeypatch):
    checked = loader.read_template(team_template).spec
    entry = cache_path(team_template)
    entry.write_bytes(DAMAGED[damage](entry.read_bytes(), loader.cache_key(team_template.read_bytes())))
    assert loader.read_template(team_template).spec == checked
    _no_checking(monkeypatch)  # made again: the next read is a hit
    assert loader.read_template(team_template).spec == checked


def test_a_damaged_entry_of_the_builtin_template_is_ignored_and_made_again(monkeypatch):
    checked = loader.read_builtin().spec
    entry = cache_path(BUILTIN_FILE)
    entry.write_bytes(entry.read_bytes()[:1000])
    assert loader.read_builtin().spec == checked == _checked_spec(BUILTIN_FILE)
    _no_checking(monkeypatch)
    assert loader.read_builtin().spec == checked


def test_a_cache_folder_that_cannot_be_made_is_no_error(team_template: Path, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert loader.read_template(team_template).spec == _checked_spec(team_template)
    assert loader.read_builtin().spec == _checked_spec(BUILTIN_FILE)
    assert blocker.read_text() == "x"


def test_an_entry_that_cannot_be_written_is_no_error(team_template: Path, monkeypatch):
    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise loader.ReviewFileError(f"{path}: cannot save: No space left on device")

    monkeypatch.setattr(loader, "write_own_file", refuse)
    assert loader.read_template(team_template).spec == _checked_spec(team_template)
    assert not cache_path(team_template).exists()


def test_an_entry_that_is_a_link_is_neither_read_nor_written_through(team_template: Path, tmp_path: Path, monkeypatch):
    checked = loader.read_template(team_template).spec
    entry = cache_path(team_template)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)  # a whole, right entry behind the link: read through it, it would be a hit
    kept = elsewhere.read_bytes()
    assert loader.read_template(team_template).spec == checked
    assert entry.is_symlink() and elsewhere.read_bytes() == kept  # not replaced, not written through
    _no_checking(monkeypatch)
    with pytest.raises(Checked):
        loader.read_template(team_template)


def test_an_entry_that_is_a_folder_is_ignored(team_template: Path):
    checked = loader.read_template(team_template).spec
    entry = cache_path(team_template)
    entry.unlink()
    entry.mkdir()
    assert loader.read_template(team_template).spec == checked
    assert entry.is_dir()


def test_the_entry_is_private_to_the_user(team_template: Path):
    loader.read_template(team_template)
    entry = cache_path(team_template)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert entry.parent.stat().st_mode & 0o777 == 0o700


def test_the_builtin_template_is_still_checked_by_the_tests_not_at_start_up():
    """The cache holds what `trusted` builds from: for the built-in template, its parsed TOML."""
    loader.read_builtin()
    head, _, body = cache_path(BUILTIN_FILE).read_bytes().partition(b"\n")
    assert json.loads(body) == tomli.loads(BUILTIN_FILE.read_text(encoding="utf-8"))


def test_no_home_folder_to_keep_a_cache_in_is_no_error(team_template: Path, monkeypatch):
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert loader.read_template(team_template).spec == _checked_spec(team_template)
    assert loader.read_builtin().spec == _checked_spec(BUILTIN_FILE)


def test_a_template_written_with_windows_line_endings_reads_as_with_unix_ones(team_template: Path):
    unix = _checked_spec(team_template)
    text = team_template.read_text(encoding="utf-8")
    team_template.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert loader.read_template(team_template).spec == unix
    assert loader.read_template(team_template).spec == unix  # and from the cache
    team_template.write_bytes((text + "\nunknown_key = 1\n").replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(TemplateError) as crlf:
        loader.read_template(team_template)
    team_template.write_text(text + "\nunknown_key = 1\n", encoding="utf-8")
    with pytest.raises(TemplateError) as lf:
        loader.read_template(team_template)
    assert str(crlf.value) == str(lf.value)
