"""The judged sets behind benchmarks/hint_precision.py (tests/hint_judged, and the late set
tests/hint_judged_late): every review loads, and every field the judgements name exists, so a typo
in a judgement cannot pass for a missed or a quiet hint."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from pirtui.core import store
from pirtui.core.model import get_path

FOLDERS = [Path(__file__).resolve().parent / name for name in ("hint_judged", "hint_judged_late")]
JUDGEMENTS = {folder: tomli.loads((folder / "judgements.toml").read_text(encoding="utf-8"))["reviews"] for folder in FOLDERS}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_every_review_in_the_folder_is_judged(folder: Path) -> None:
    assert sorted(p.stem for p in folder.glob("*.toml") if p.name != "judgements.toml") == sorted(JUDGEMENTS[folder])


@pytest.mark.parametrize(("folder", "name"), [(folder, name) for folder in FOLDERS for name in sorted(JUDGEMENTS[folder])])
def test_every_judged_field_exists(folder: Path, name: str) -> None:
    review = store.load(folder / f"{name}.toml")
    judged = JUDGEMENTS[folder][name]
    fields = [entry[0] for key in ("hint", "either") for entry in judged.get(key, [])]
    fields += [entry[0].split("|")[0] for entry in judged.get("quiet", [])]
    for field in fields:
        get_path(review, field)  # raises on a field the review does not have
