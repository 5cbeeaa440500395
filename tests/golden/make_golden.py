"""Render every review the project holds as data into tests/golden/, the reference that proves a
refactoring of the template machinery changes no output by a byte.

Inputs: the samples (sample_reviews/*.toml), the Markdown reviews the importer tests read
(tests/import_cases/*.md, imported first), the complete reviews the render and editor tests build,
and a review with every field filled with awkward text (pipes, newlines, backticks, HTML, markers).
Outputs per input: the TOML as pirtui saves it, the Markdown (FILE.md), the HTML page, and the
public Markdown and HTML (`render --public`); and the JSON Schema of a review file.

    python -m tests.golden.make_golden          # rewrite the golden files
    python -m tests.golden.make_golden --check  # exit 1 naming each file that differs

A change that alters output on purpose regenerates them in a commit of its own that says why.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "files"
AWKWARD = (
    "",
    "plain words",
    "a | pipe and a \\ backslash",
    "two\nlines",
    "`code` and **bold** and _under_",
    "<b>html</b> & entities &amp;",
    "- looks like a list",
    "1. looks numbered",
    "---",
    "# looks like a heading",
    "[link](http://example.com) <http://x>",
    "ünïcödé — 接続",
    "  spaced  ",
    "ends with a backslash\\",
    "**[detected]**",
    "~23:00",
    "2024-01-15 14:30",
)


def awkward_review(seed: int) -> Any:
    """A review whose every field holds text chosen (deterministically) from `AWKWARD`."""
    from pirtui.core.model import Review

    chooser = random.Random(seed)
    review = Review()
    _fill(review, chooser)
    return review


def _fill(model: BaseModel, chooser: random.Random) -> None:
    for name, info in type(model).model_fields.items():
        if name in ("schema_version", "internal_fields", "dismissed_hints", "template"):
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _fill(value, chooser)
        elif isinstance(value, bool):
            setattr(model, name, chooser.random() < 0.5 if name != "internal" else chooser.random() < 0.2)
        elif isinstance(value, str):
            setattr(model, name, chooser.choice(AWKWARD))
        elif isinstance(value, list):
            setattr(model, name, _items(info.annotation, chooser))


def _items(annotation: Any, chooser: random.Random) -> list:
    import typing

    (item,) = typing.get_args(annotation)
    count = chooser.randint(0, 3)
    if item is str:
        return [chooser.choice(AWKWARD) for _ in range(count)]
    rows = []
    for _ in range(count):
        row = item()
        _fill(row, chooser)
        rows.append(row)
    return rows


def built_reviews() -> dict[str, Callable[[], Any]]:
    """The reviews the tests build in code, by golden name."""
    sys.path.insert(0, str(ROOT))
    from tests.editor_helpers import filled_review as editor_review
    from tests.test_render import full_review
    from tests.test_store import filled_review as store_review

    from pirtui.core.model import new_review

    built: dict[str, Callable[[], Any]] = {
        "built-new": lambda: new_review("INC-2024-001", "2024-01-20"),
        "built-render-full": full_review,
        "built-editor-filled": editor_review,
        "built-store-filled": store_review,
    }
    for seed in range(4):
        built[f"built-awkward-{seed}"] = lambda seed=seed: awkward_review(seed)
    return built


def outputs(review: Any, folder: Path) -> dict[str, str]:
    """Every rendering of one review, by file suffix."""
    from pirtui.core import store
    from pirtui.core.config import load_config
    from pirtui.core.html import html_page
    from pirtui.core.public import public_markdown
    from pirtui.core.render import render

    config = load_config(folder)
    markdown = render(review, ticket_url=config.ticket_url)
    public = public_markdown(review, config)
    title = "golden"
    return {
        ".toml": store.dumps(review),
        ".md": markdown,
        ".html": html_page(markdown, title=title),
        ".public.md": public,
        ".public.html": html_page(public, title=title),
    }


def golden_texts() -> dict[str, str]:
    """File name in tests/golden/files -> its text, as the code renders it now."""
    from pirtui.core import store
    from pirtui.core.importer import import_markdown
    from pirtui.core.schema import schema_text

    texts: dict[str, str] = {"review.schema.json": schema_text()}
    for source in sorted((ROOT / "sample_reviews").glob("*.toml")):
        review = store.load(source)
        for suffix, text in outputs(review, source.parent).items():
            texts[f"sample-{source.stem}{suffix}"] = text
    for source in sorted((ROOT / "tests" / "import_cases").glob("*.md")):
        review = import_markdown(source.read_text(encoding="utf-8")).review
        for suffix, text in outputs(review, source.parent).items():
            texts[f"import-{source.stem}{suffix}"] = text
    for name, build in built_reviews().items():
        for suffix, text in outputs(build(), ROOT).items():
            texts[f"{name}{suffix}"] = text
    return texts


def differences(texts: dict[str, str]) -> list[str]:
    """The golden files that differ from `texts` (or are missing, or are left over)."""
    found = {path.name for path in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    wrong = [name for name, text in texts.items() if name not in found or (GOLDEN / name).read_bytes() != text.encode()]
    return sorted(wrong + sorted(found - set(texts)))


def main(argv: list[str]) -> int:
    """Write the golden files, or with --check name those that differ."""
    texts = golden_texts()
    if "--check" in argv:
        wrong = differences(texts)
        for name in wrong:
            print(f"{name}: differs from what the code renders now")
        return 1 if wrong else 0
    from pirtui.core.store import atomic_write

    GOLDEN.mkdir(exist_ok=True)
    for path in GOLDEN.iterdir():
        if path.name not in texts:
            path.unlink()
    for name, text in texts.items():
        atomic_write(GOLDEN / name, text)
    print(f"wrote {len(texts)} golden files to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
