"""docs/github-pages.yml, the recipe that publishes the review site on every merge.

Its `run:` steps after the install run here with bash, as the runner would, with the workflow's
env and each step's own (expressions given the values GitHub would); the publishing (upload and
deploy with GitHub's actions) cannot run here and is checked instead: what triggers it, the
permissions Pages needs, and that it uploads the folder the build wrote.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from pirtui.core import store

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "docs" / "github-pages.yml"
EXPRESSIONS = {"steps.pages.outputs.base_url": "https://team.github.io/reviews"}


def workflow() -> dict:
    data = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _expand(value: str) -> str:
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: EXPRESSIONS[m.group(1)], value)


def team_repository(tmp_path: Path) -> Path:
    """A repository with the sample reviews, one of them marked for publishing."""
    repo = tmp_path / "team"
    (repo / "reviews").mkdir(parents=True)
    for path in (ROOT / "sample_reviews").glob("*.toml"):
        shutil.copy(path, repo / "reviews" / path.name)
    published = repo / "reviews" / "inc-2024-042-slow-search.toml"
    review = store.load(published)
    review.publish = True
    store.atomic_write(published, store.dumps(review))
    return repo


def run_recipe(repo: Path, **overrides: str) -> list[tuple[str, subprocess.CompletedProcess]]:
    data = workflow()
    env = {**os.environ, **data["env"], **overrides, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    results = []
    for step in data["jobs"]["build"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        step_env = {key: _expand(str(value)) for key, value in step.get("env", {}).items()}
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env={**env, **step_env},
                                capture_output=True, text=True, timeout=300)
        results.append((step["name"], result))
    return results


def test_the_recipe_builds_the_public_site_by_default(tmp_path: Path):
    repo = team_repository(tmp_path)
    results = run_recipe(repo)
    assert [name for name, _ in results] == ["Build the site"]
    for name, result in results:
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
    site = repo / workflow()["env"]["SITE"]
    assert sorted(p.name for p in (site / "reviews").iterdir()) == ["inc-2024-042.html"]
    assert "noindex" not in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://team.github.io/reviews/reviews/inc-2024-042.html"' in (site / "feed.xml").read_text(encoding="utf-8")
    # The next run (with the cached site restored) rewrites nothing when no review changed.
    again = run_recipe(repo)
    assert again[0][1].returncode == 0 and "0 review pages and 0 files written" in again[0][1].stderr


def test_the_recipe_builds_the_internal_site_when_told(tmp_path: Path):
    repo = team_repository(tmp_path)
    ((_name, result),) = run_recipe(repo, PUBLIC="false")
    assert result.returncode == 0, result.stderr
    site = repo / "_site"
    assert len(list((site / "reviews").glob("*.html"))) == 3
    assert '<meta name="robots" content="noindex, nofollow">' in (site / "index.html").read_text(encoding="utf-8")


def test_the_publishing_runs_on_every_merge_with_the_permissions_pages_needs():
    data = workflow()
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert uses.index("actions/configure-pages@v5") < uses.index("actions/upload-pages-artifact@v3")
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ env.SITE }}"
    building = next(i for i, step in enumerate(build["steps"]) if step.get("name") == "Build the site")
    assert building < build["steps"].index(upload) and '-o "$SITE"' in build["steps"][building]["run"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]
    install = next(step for step in build["steps"] if "pip install" in step.get("run", ""))
    assert "[site]" in data["env"]["PIRTUI"] and '"$PIRTUI"' in install["run"]
