"""pirtui's .pre-commit-hooks.yaml, run by the real `pre-commit` tool in a sample team repository.

pre-commit installs pirtui from this checkout into a venv of its own (`try-repo`), as a team's
`.pre-commit-config.yaml` would from the URL and rev: slow, so one test covers every hook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")
SAMPLE = ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def try_hooks(repo: Path, home: Path, *hooks: str) -> dict[str, subprocess.CompletedProcess]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    results = {}
    for hook in hooks:
        results[hook] = subprocess.run(
            [PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=900,
        )
    return results


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
    git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"

    # No FILE.md yet: the check hook passes, render --check fails, render writes it (and so fails).
    first = try_hooks(repo, home, "pirtui-check", "pirtui-render-check", "pirtui-render")
    assert first["pirtui-check"].returncode == 0, first["pirtui-check"].stdout
    assert first["pirtui-render-check"].returncode == 1
    assert "reviews/inc-2024-042.md: missing" in first["pirtui-render-check"].stdout
    assert first["pirtui-render"].returncode == 1
    assert "files were modified by this hook" in first["pirtui-render"].stdout
    assert (reviews / "inc-2024-042.md").read_bytes() == SAMPLE.with_suffix(".md").read_bytes()

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
