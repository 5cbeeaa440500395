"""pirtui's .pre-commit-hooks.yaml, run by the real `pre-commit` tool in a sample team repository.

The team's `.pre-commit-config.yaml` names this repository (its path) and its HEAD commit, as a team
names the URL and a tag; pre-commit installs pirtui from that commit into a venv of its own: slow,
so one test covers every hook. It tests what is committed: commit before running it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pirtui.core import store

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")
SAMPLE = ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def try_hooks(repo: Path, home: Path, *hooks: str) -> dict[str, subprocess.CompletedProcess]:
    """Run each hook over every file, as `pre-commit run HOOK --all-files` in the team repository."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return {
        hook: subprocess.run([PRE_COMMIT, "run", hook, "--all-files"], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=900)
        for hook in hooks
    }


def hook_config() -> str:
    """The team's .pre-commit-config.yaml: this repository at its HEAD commit, every hook."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True, timeout=60).stdout.strip()
    hooks = "".join(f"      - id: {hook}\n" for hook in ("pirtui-check", "pirtui-render", "pirtui-render-check"))
    return f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n{hooks}"


def test_the_hooks_check_and_render_a_team_repository(tmp_path: Path):
    repo = tmp_path / "team"
    reviews = repo / "reviews"
    reviews.mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "oncall@example.com")
    git(repo, "config", "user.name", "On Call")
    shutil.copy(SAMPLE, reviews / "inc-2024-042.toml")
    (reviews / ".pirtui.toml").write_text('id_prefix = "OPS"\n', encoding="utf-8")
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(hook_config(), encoding="utf-8")
    git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"

    # No FILE.md yet: the check hook passes, render --check fails, render writes it (and so fails).
    first = try_hooks(repo, home, "pirtui-check", "pirtui-render-check", "pirtui-render")
    assert first["pirtui-check"].returncode == 0, first["pirtui-check"].stdout
    assert first["pirtui-render-check"].returncode == 1
    assert "reviews/inc-2024-042.md: missing" in first["pirtui-render-check"].stdout
    assert first["pirtui-render"].returncode == 1
    assert "Wrote reviews/inc-2024-042.md" in first["pirtui-render"].stdout
    rendered = store.marked_markdown(SAMPLE.with_suffix(".md").read_text(encoding="utf-8"), reviews / "inc-2024-042.toml")
    assert (reviews / "inc-2024-042.md").read_text(encoding="utf-8") == rendered

    # Staged, everything is green; the team's .pirtui.toml and pyproject.toml were never checked.
    git(repo, "add", "-A")
    second = try_hooks(repo, home, "pirtui-check", "pirtui-render-check", "pirtui-render")
    for hook, result in second.items():
        assert result.returncode == 0, f"{hook}: {result.stdout}"
    assert ".pirtui.toml" not in second["pirtui-check"].stdout

    # A review with an error fails the check hook, naming it.
    broken = (reviews / "inc-2024-042.toml").read_text(encoding="utf-8").replace('severity = "SEV-3"', 'severity = "SEV-9"')
    (reviews / "inc-2024-042.toml").write_text(broken, encoding="utf-8")
    git(repo, "add", "-A")
    third = try_hooks(repo, home, "pirtui-check")
    assert third["pirtui-check"].returncode == 1
    assert "inc-2024-042.toml" in third["pirtui-check"].stdout
