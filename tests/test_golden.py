"""The golden files: every review the project holds as data renders exactly as it did when they
were made (tests/golden/make_golden.py), to the byte: TOML, Markdown, HTML and the public version,
and the review file's JSON Schema. A change that alters output on purpose regenerates them
(`python -m tests.golden.make_golden`) in a commit of its own that says why."""

from __future__ import annotations

import pytest

from tests.golden import make_golden

TEXTS = make_golden.golden_texts()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_output_is_byte_identical_to_the_golden_file(name):
    golden = make_golden.GOLDEN / name
    assert golden.is_file(), f"{name}: no golden file (run python -m tests.golden.make_golden)"
    assert TEXTS[name].encode("utf-8") == golden.read_bytes()


def test_no_golden_file_is_left_over():
    assert sorted(path.name for path in make_golden.GOLDEN.iterdir()) == sorted(TEXTS)


def test_the_check_names_a_golden_file_that_differs(tmp_path, monkeypatch):
    monkeypatch.setattr(make_golden, "GOLDEN", tmp_path)
    (tmp_path / "sample-x.md").write_text("old", encoding="utf-8")
    texts = {"sample-x.md": "new", "sample-y.md": "same"}
    (tmp_path / "sample-y.md").write_text("same", encoding="utf-8")
    assert make_golden.differences(texts) == ["sample-x.md"]
    assert make_golden.differences({"sample-y.md": "same"}) == ["sample-x.md"]
