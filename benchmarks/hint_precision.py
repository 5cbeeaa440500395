"""How often the hints are right: precision and recall per rule over the judged reviews.

Run: python benchmarks/hint_precision.py [-v] [FOLDER]   (prints figures; it is not a test)

FOLDER (default tests/hint_judged) holds reviews (*.toml) and `judgements.toml`, which says for each
review which fields deserve which hint, which may have one or not ("either"), and which look like they
deserve one and should stay quiet. A field judged nowhere should stay quiet: a hint there is wrong.
`-v` lists every wrong and every missing hint.

A hint is right (a true positive) when its field is judged to deserve its rule; a field judged to hold
N separate blames deserves N hints. A hint judged "either" is left out of both figures.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tomli  # noqa: E402

from pirtui.core import store  # noqa: E402
from pirtui.core.checks import check  # noqa: E402
from pirtui.core.hints import HintContext, is_hint  # noqa: E402

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "hint_judged"
TODAY = date(2026, 12, 1)


@dataclass
class Score:
    """True positives, false positives and false negatives of one rule (or of all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def fired_hints(path: Path, context: HintContext) -> Counter[tuple[str, str]]:
    """(field, rule) of every hint the review at `path` shows, counted."""
    review = store.load(path)
    return Counter((f.field, f.rule) for f in check(review, TODAY, context) if is_hint(f))  # type: ignore[attr-defined]


def score_review(name: str, judged: dict, fired: Counter[tuple[str, str]], scores: dict[str, Score]) -> None:
    """Add one review's hints to `scores` (by rule)."""
    left = Counter(fired)
    for entry in judged.get("hint", []):
        path, rules = entry[0], entry[1].split("|")
        wanted = entry[2] if len(entry) > 2 else 1
        got = 0
        for rule in rules:
            while left[(path, rule)] and got < wanted:
                left[(path, rule)] -= 1
                got += 1
                scores.setdefault(rule, Score()).tp += 1
        if got < wanted:
            score = scores.setdefault(rules[0], Score())
            score.fn += wanted - got
            score.missed.append(f"{name}: {path} ({entry[1]}{f' x{wanted - got}' if wanted - got > 1 else ''})")
    for path, rule in judged.get("either", []):
        left[(path, rule)] = 0
    for (path, rule), count in left.items():
        if count > 0:
            score = scores.setdefault(rule, Score())
            score.fp += count
            score.wrong.append(f"{name}: {path}{f' x{count}' if count > 1 else ''}")


def percent(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:3.0f}%"


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    folder = Path(next((a for a in argv if not a.startswith("-")), JUDGED))
    judgements = tomli.loads((folder / "judgements.toml").read_text(encoding="utf-8"))["reviews"]
    context = HintContext()
    scores: dict[str, Score] = {}
    for name in sorted(judgements):
        score_review(name, judgements[name], fired_hints(folder / f"{name}.toml", context), scores)
    total = Score(sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()), sum(s.fn for s in scores.values()))
    print(f"{len(judgements)} judged reviews in {folder.name}/")
    print(f"  {'rule':<32} {'right':>5} {'wrong':>5} {'missed':>6}  precision  recall")
    for rule in sorted(scores):
        s = scores[rule]
        print(f"  {rule:<32} {s.tp:5} {s.fp:5} {s.fn:6}  {percent(s.precision):>9}  {percent(s.recall):>6}")
    print(f"  {'all':<32} {total.tp:5} {total.fp:5} {total.fn:6}  {percent(total.precision):>9}  {percent(total.recall):>6}")
    if verbose:
        for rule in sorted(scores):
            for line in scores[rule].wrong:
                print(f"wrong  {rule:<30} {line}")
            for line in scores[rule].missed:
                print(f"missed {rule:<30} {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
