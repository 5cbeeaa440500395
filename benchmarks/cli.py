"""Start-up of the `pirtui` console script against the floors it is measured by (issue 26).

Run: python benchmarks/cli.py [--reps N] [--review FILE.toml]   (prints figures; it is not a test)

Targets, as ratios of medians in the same run (each program a fresh process, the programs
interleaved so that a busy machine slows them alike; output to a pipe, as in CI):
- `pirtui --version` within 2x of `python -c pass`;
- `pirtui check one.toml` within 1.3x of a floor script that imports pydantic and tomllib, reads the
  file and validates it with one generated model (a pydantic model per table of the file, made with
  `create_model` from the file's own keys: the least any validating checker must do).
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
PIRTUI = str(Path(sys.executable).parent / "pirtui")
REVIEW = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"

FLOOR_CHECK = '''
import sys, tomllib
from pydantic import ConfigDict, create_model

def model_of(name, value):
    """A generated model for one table: each key typed by its value, nested tables as models."""
    fields = {}
    for key, item in value.items():
        if isinstance(item, dict):
            fields[key] = (model_of(key, item), ...)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            fields[key] = (list[model_of(key, item[0])], ...)
        else:
            fields[key] = (type(item), ...)
    return create_model(name.title(), __config__=ConfigDict(extra="forbid"), **fields)

with open(sys.argv[1], "rb") as file:
    data = tomllib.load(file)
model_of("review", data).model_validate(data)
'''
"""The floor of `pirtui check FILE`: read, parse and validate with a generated model, print nothing."""


def run_once(argv: list[str]) -> float:
    """Wall time in ms of one fresh process, output to a pipe, with an empty cache folder of its own:
    `pirtui check` keeps each file's findings, and a kept result would skip the very parsing and
    validation the floor is made of (what is timed is a first check, writing its cache included)."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, cwd=ROOT, env=env)
        return (time.perf_counter() - started) * 1000


def main() -> None:
    """Interleave the programs `--reps` times; print medians and the ratios against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=21)
    parser.add_argument("--review", type=Path, default=REVIEW)
    options = parser.parse_args()
    review = str(options.review)
    programs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "pirtui --version": [PIRTUI, "--version"],
        "floor check": [sys.executable, "-c", FLOOR_CHECK, review],
        "pirtui check": [PIRTUI, "check", review],
    }
    for argv in programs.values():  # warm the file cache and the .pyc files
        run_once(argv)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(options.reps):
        for name, argv in programs.items():
            times[name].append(run_once(argv))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"pirtui start-up, medians of {options.reps} interleaved runs ({Path(review).name}):")
    for name, value in median.items():
        print(f"  {name:<18} {value:7.1f} ms  (best {min(times[name]):.1f})")
    version = median["pirtui --version"] / median["python -c pass"]
    check = median["pirtui check"] / median["floor check"]
    print(f"pirtui --version: {version:.2f}x python -c pass (target 2x: {'met' if version <= 2 else 'not met'})")
    print(f"pirtui check one.toml: {check:.2f}x the floor script (target 1.3x: {'met' if check <= 1.3 else 'not met'})")


if __name__ == "__main__":
    main()
