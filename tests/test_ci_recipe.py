"""docs/github-actions.yml, the CI recipe, run step by step in a sample team repository.

Each `run:` step after the install is run with bash as the runner would, with the workflow's env,
in a repository of reviews built here; the recipe passes on a clean repository and fails on a
stale FILE.md and on a review with errors, with annotations GitHub shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from pirtui.cli.main import SUBCOMMANDS

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "docs" / "github-actions.yml"
PENDING = {"actions"}
"""Subcommands the recipe uses that another branch adds; their steps run once the command exists."""


def recipe_steps() -> tuple[dict[str, str], list[dict]]:
    workflow = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return workflow["env"], [step for step in job["steps"] if "run" in step and "pip install" not in step["run"]]


def team_repository(tmp_path: Path) -> Path:
    """A repository with two reviews (TOML and Markdown, no open action items) and a team file."""
    repo = tmp_path / "team"
    reviews = repo / "reviews"
    reviews.mkdir(parents=True)
    for name in ("inc-2024-001-db-pool-exhaustion", "inc-2024-042-slow-search"):
        text = (ROOT / "sample_reviews" / f"{name}.toml").read_text(encoding="utf-8")
        for status in ("Open", "In Progress", "Blocked"):
            text = text.replace(f'status = "{status}"', 'status = "Done"')
        (reviews / f"{name}.toml").write_text(text, encoding="utf-8")
    (reviews / ".pirtui.toml").write_text('id_prefix = "INC"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pirtui", "render", str(reviews)], check=True, capture_output=True)
    return repo


def run_recipe(repo: Path) -> list[tuple[str, subprocess.CompletedProcess]]:
    env_vars, steps = recipe_steps()
    env = {**os.environ, **env_vars, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    results = []
    for step in steps:
        if any(f"pirtui {name}" in step["run"] and name not in SUBCOMMANDS for name in PENDING):
            continue
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
        results.append((step["name"], result))
    return results


def test_the_recipe_uses_only_pirtui_commands_that_exist_or_are_on_their_way():
    _env, steps = recipe_steps()
    used = {word.split()[1] for step in steps for word in step["run"].splitlines() if word.startswith("pirtui ")}
    assert used <= set(SUBCOMMANDS) | PENDING
    assert {"check", "render"} <= used and "actions" in used


def test_the_recipe_is_green_on_a_clean_team_repository(tmp_path: Path):
    results = run_recipe(team_repository(tmp_path))
    assert len(results) >= 2
    for name, result in results:
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"


def test_the_recipe_fails_on_a_stale_markdown_and_on_errors(tmp_path: Path):
    repo = team_repository(tmp_path)
    review = repo / "reviews" / "inc-2024-042-slow-search.toml"
    review.write_text(review.read_text(encoding="utf-8").replace('severity = "SEV-3"', 'severity = "SEV-9"'), encoding="utf-8")
    outcome = dict(run_recipe(repo))
    check = next(result for name, result in outcome.items() if "Check" in name)
    assert check.returncode == 1
    assert "::error file=reviews/inc-2024-042-slow-search.toml,line=" in check.stdout
    render_check = next(result for name, result in outcome.items() if "FILE.md" in name)
    assert render_check.returncode == 1
    assert "reviews/inc-2024-042-slow-search.md: differs" in render_check.stdout
