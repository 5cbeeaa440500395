"""The judged set behind benchmarks/hint_precision.py: every review loads, and every field the
judgements name exists, so a typo in a judgement cannot pass for a missed or a quiet hint."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from pirtui.core import store
from pirtui.core.model import get_path

JUDGED = Path(__file__).resolve().parent / "hint_judged"
JUDGEMENTS = tomli.loads((JUDGED / "judgements.toml").read_text(encoding="utf-8"))["reviews"]


def test_every_review_in_the_folder_is_judged() -> None:
    assert sorted(p.stem for p in JUDGED.glob("*.toml") if p.name != "judgements.toml") == sorted(JUDGEMENTS)


@pytest.mark.parametrize("name", sorted(JUDGEMENTS))
def test_every_judged_field_exists(name: str) -> None:
    review = store.load(JUDGED / f"{name}.toml")
    judged = JUDGEMENTS[name]
    fields = [entry[0] for key in ("hint", "either") for entry in judged.get(key, [])]
    fields += [entry[0].split("|")[0] for entry in judged.get("quiet", [])]
    for field in fields:
        get_path(review, field)  # raises on a field the review does not have
