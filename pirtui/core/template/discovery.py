"""Finding a team's templates: `.pirtui/templates/NAME.toml` in the reviews' folder or any folder
above it up to the repository's top (found the way `.pirtui.toml` is), the files and folders the
team's config names (`template_paths`), the templates shipped with pirtui, and the built-in one.

A nearer folder wins over a farther one; the built-in template's name cannot be taken.
"""

from __future__ import annotations

from pathlib import Path

from pirtui.core.template.loader import BUILTIN_FILE, SHIPPED_FOLDER, TemplateError, builtin, load_template
from pirtui.core.template.template import Template

TEMPLATES_FOLDER = Path(".pirtui") / "templates"
BUILTIN_NAME = "builtin"


class TemplateNotFound(TemplateError):
    """No template of that name is found from the review's folder."""


def template_folders(folder: Path) -> list[Path]:
    """`.pirtui/templates` folders from `folder` up to the repository's top, nearest first."""
    try:
        current = folder.resolve()
    except OSError:
        return []
    found = []
    for candidate in (current, *current.parents):
        if (candidate / TEMPLATES_FOLDER).is_dir():
            found.append(candidate / TEMPLATES_FOLDER)
        if (candidate / ".git").exists():
            break
    return found


def _configured(folder: Path) -> list[Path]:
    """Files and folders named by the config's `template_paths` (relative to the folder)."""
    from pirtui.core.config import load_config

    config = load_config(folder)
    found = []
    for path in config.template_paths:
        # relative to the file that names it (the team's .pirtui.toml or the person's config)
        base = Path(config.sources.get("template_paths", str(folder / "x"))).parent
        found.append((base / Path(path).expanduser()))
    return found


def available(folder: Path) -> dict[str, Path]:
    """Every template found from `folder`, by name (the file's stem), with its file."""
    found: dict[str, Path] = {BUILTIN_NAME: BUILTIN_FILE}
    places = [SHIPPED_FOLDER] + list(reversed(template_folders(folder))) + _configured(folder)
    for place in places:
        files = sorted(place.glob("*.toml")) if place.is_dir() else [place] if place.suffix == ".toml" else []
        for path in files:
            if path.stem != BUILTIN_NAME:
                found[path.stem] = path
    return found


def find_template(name: str, folder: Path) -> Template:
    """The template called `name` as seen from `folder`; `TemplateNotFound` (one line) when none is."""
    if name == BUILTIN_NAME:
        return builtin()
    path = available(folder).get(name)
    if path is None:
        raise TemplateNotFound(
            f"no template named {name!r} here (looked in {TEMPLATES_FOLDER}/ up to the repository's top; "
            "`pirtui template list` shows those found)"
        )
    return load_template(path)


def split_ref(ref: str) -> tuple[str, int | None]:
    """ "sre-book@1" -> ("sre-book", 1); "sre-book" -> ("sre-book", None)."""
    name, _, version = ref.partition("@")
    return name, int(version) if version.isdigit() else None


def template_for(ref: str, folder: Path | None) -> Template:
    """The template a review's `template` key names ("" for the built-in one)."""
    if not ref:
        return builtin()
    name, _ = split_ref(ref)
    return find_template(name, folder or Path.cwd())
