"""`pirtui site` on 1,000 and 10,000 generated reviews (issue 28).

Run: python benchmarks/site.py [--count 1000] [--large 10000] [--no-pagefind]   (prints figures; not a test)

Targets: 1,000 reviews rebuild within 3 s warm after one review changes; 10,000 build cold within
60 s on 2 cores. Each figure is the wall time of `pirtui site FOLDER -o DIR` as a process (imports
included), the index cache and the site folder as the step before left them:
- cold: empty cache, empty site folder (every page written, Pagefind over every page);
- warm, nothing changed: the same again;
- warm, one review changed: one review's summary edited and saved, then the build.
Beside each wall time, the CPU seconds of the build and its processes (pool workers, Pagefind).
How many files each build wrote is printed beside it (from the command's own summary line).
The machine may be shared: say so with the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.team import generate  # noqa: E402

PIRTUI = str(Path(sys.executable).parent / "pirtui")


def site_build(folder: Path, out: Path, env: dict[str, str], extra: list[str]) -> tuple[float, float, str]:
    """Wall seconds of one `pirtui site` run, the CPU seconds it and its processes (the pool,
    Pagefind) used, and its summary line. On a shared machine the CPU seconds over the cores are
    the better guess of the wall time it would take alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([PIRTUI, "site", str(folder), "-o", str(out), *extra], env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    summary = result.stderr.strip().splitlines()[-1]
    written = re.search(r"(\d+ review pages? and \d+ files written, \d+ removed)", summary)
    return took, cpu, written.group(1) if written else summary


def change_one(folder: Path) -> None:
    """Edit one review as a save would: its summary gains a sentence."""
    from pirtui.core import store

    path = sorted(folder.glob("*.toml"))[len(list(folder.glob("*.toml"))) // 2]
    review = store.load(path)
    review.summary += " Edited for the benchmark."
    store.atomic_write(path, store.dumps(review))


def measure(folder: Path, count: int, env: dict[str, str], extra: list[str], warm: bool) -> None:
    out = folder.parent / f"site-{count}"
    shutil.rmtree(Path(env["XDG_CACHE_HOME"]), ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    print(f"\n{count} reviews                        wall s    CPU s")
    took, cpu, what = site_build(folder, out, env, extra)
    target = "   target < 60 s on 2 cores" if count >= 10000 else ""
    print(f"  cold build                      {took:7.2f}  {cpu:7.2f}   ({what}){target}")
    if not warm:
        return
    took, cpu, what = site_build(folder, out, env, extra)
    print(f"  warm, nothing changed           {took:7.2f}  {cpu:7.2f}   ({what})")
    change_one(folder)
    took, cpu, what = site_build(folder, out, env, extra)
    print(f"  warm, one review changed        {took:7.2f}  {cpu:7.2f}   ({what})   target < 3 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000, help="0 to skip the large folder")
    parser.add_argument("--no-pagefind", action="store_true", help="build with the embedded search index only")
    options = parser.parse_args()
    extra = ["--no-pagefind"] if options.no_pagefind else []
    from pirtui.site.search import pagefind_binary

    print(f"search: {'embedded index only' if options.no_pagefind or not pagefind_binary() else 'Pagefind and embedded index'}; "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"), "XDG_CONFIG_HOME": str(base / "config")}
        for count, warm in ((options.count, True), (options.large, True)):
            if not count:
                continue
            folder = base / f"reviews-{count}"
            folder.mkdir()
            started = time.perf_counter()
            generate(folder, count)
            print(f"\n(generated {count} reviews in {time.perf_counter() - started:.1f} s)")
            measure(folder, count, env, extra, warm)


if __name__ == "__main__":
    main()
