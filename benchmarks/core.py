"""Load, check, render and save times of the document core, and `pirtui check`'s output, by review size.

Run: python benchmarks/core.py [--reps N]   (prints figures; it is not a test)
Targets (issues 2 and 12), as ratios in the same run:
- check of the 2,000-row review well under 50 ms, measured cold: the first check in a fresh process
  (`check, cold` runs `check` once in a new interpreter per repetition, after the review is loaded);
- render of 50,000 rows within 25x of 2,000 rows (linear);
- `pirtui check` printing the findings of a 50,000-row "many findings" review as text within 2x of
  `--format json`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.large_review import large_review, many_findings_review  # noqa: E402
from pirtui.core import store  # noqa: E402
from pirtui.core.checks import IncrementalChecker, check  # noqa: E402
from pirtui.core.render import render  # noqa: E402

PIRTUI = str(Path(sys.executable).parent / "pirtui")
SIZES = (2000, 10000, 50000)

COLD_CHECK = """
import sys, time
from pathlib import Path
from pirtui.core import store
from pirtui.core.checks import check
review = store.load(Path(sys.argv[1]))
started = time.perf_counter()
check(review)
print((time.perf_counter() - started) * 1000)
"""
"""One check in a fresh interpreter: no cache of the date parsers or of the checks is warm."""


def timed(fn, repeat: int) -> list[float]:
    """Wall times of `fn` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def cold_check(path: Path, repeat: int) -> list[float]:
    """The first check in a fresh process, `repeat` times."""
    return [
        float(subprocess.run([sys.executable, "-c", COLD_CHECK, str(path)], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout)
        for _ in range(repeat)
    ]


def line(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"  {name:<18} best {min(times):8.1f} ms   median {median:8.1f} ms")
    return median


def measure(label: str, review, folder: Path, repeat: int) -> dict[str, float]:
    path = folder / f"{label}.toml"
    store.save(path, review)
    checker = IncrementalChecker(review)
    size = path.stat().st_size + store.markdown_path(path).stat().st_size
    print(f"\n{label}: {len(review.timeline)} timeline rows, {len(review.action_items)} action items, "
          f"{review.appendix.logs.count(chr(10)) + 1} log lines, {size / 1024:.0f} KiB on disk, "
          f"{len(check(review))} findings")
    return {
        "load": line("load", timed(lambda: store.load(path), repeat)),
        "check, cold": line("check, cold", cold_check(path, repeat)),
        "check, warm": line("check, warm", timed(lambda: check(review), repeat)),
        "keystroke": line("keystroke", timed(lambda: checker.update(f"timeline.{len(review.timeline) // 2}.event"), repeat)),
        "render": line("render", timed(lambda: render(review), repeat)),
        "save (toml+md)": line("save (toml+md)", timed(lambda: store.save(path, review), repeat)),
    }


def check_output(folder: Path, repeat: int) -> tuple[float, float]:
    """`pirtui check` on the many-findings review: text against --format json, medians in ms."""
    review = many_findings_review(50000)
    path = folder / "many-findings.toml"
    store.atomic_write(path, store.dumps(review))
    print(f"\nmany findings: {len(review.timeline)} timeline rows, {len(check(review))} findings; "
          "`pirtui check`, output to a pipe")
    env = dict(os.environ, COLUMNS="100")

    def run(*extra: str) -> None:
        subprocess.run([PIRTUI, "check", *extra, str(path)], stdout=subprocess.DEVNULL, env=env, check=False)

    text = line("text", timed(run, repeat))
    json_ = line("--format json", timed(lambda: run("--format", "json"), repeat))
    return text, json_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each measure (median reported)")
    reps = parser.parse_args().reps
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {rows: measure(f"large-{rows}", large_review(rows), folder, reps) for rows in SIZES}
        for sample in sorted((ROOT / "sample_reviews").glob("*.toml"))[:1]:
            measure(sample.stem, store.load(sample), folder, reps)
        text, json_ = check_output(folder, reps)
    render_ratio = results[50000]["render"] / results[2000]["render"]
    print("\nsummary (medians, this run)")
    print(f"  check of 2,000 rows, cold     {results[2000]['check, cold']:.1f} ms   target < 50 ms")
    print(f"  render 50,000 vs 2,000 rows   {render_ratio:.1f}x   target <= 25x")
    print(f"  check text vs json            {text / json_:.2f}x ({text:.0f} vs {json_:.0f} ms)   target <= 2x")


if __name__ == "__main__":
    main()
