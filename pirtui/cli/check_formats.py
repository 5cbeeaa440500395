"""`pirtui check --format github|sarif`: findings where a pull request shows them.

GitHub Actions turns `::error file=F,line=N::message` lines of a step's output into annotations on
the changed files; SARIF 2.1.0 is what code-scanning tools upload. Each finding points at the TOML
line of the value it is about (`pirtui.core.toml_lines`) when one can be found.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from pirtui import __version__
from pirtui.core.inert import inert, utf8_name

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _lines_of(path: Path):
    """A function from review path to TOML line for one file (None when the file cannot be read)."""
    from pirtui.core.store import ReviewFileError, read_text
    from pirtui.core.toml_lines import line_of, value_lines

    try:
        text = read_text(path)
    except ReviewFileError:
        return lambda _field: None
    lines = value_lines(text)
    return lambda field: line_of(text, field, lines) if field else None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[tuple[Path, list]]) -> str:
    """One workflow command per finding: `::error file=F,line=N,title=Section::message`."""
    out = []
    for path, findings in results:
        line_for = _lines_of(path)
        for finding in findings:
            command = "error" if finding.level == "error" else "warning"
            props = [f"file={_escape_property(inert(utf8_name(path), keep=''))}"]
            line = line_for(finding.field)
            if line is not None:
                props.append(f"line={line}")
            props.append(f"title={_escape_property(finding.section)}")
            message = inert(f"{finding.field}: {finding.message}" if finding.field else finding.message, keep="")
            out.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out)


BASE_ID = "SRCROOT"
"""The `uriBaseId` every result's file is relative to: the folder `pirtui check` ran in (the
repository's top in CI), as code-scanning uploads expect."""


def _directory_uri(folder: Path) -> str:
    return folder.absolute().as_uri().rstrip("/") + "/"


def artifact_location(path: Path) -> dict[str, str]:
    """Where a result's file is, as SARIF 2.1.0 wants it: a URI reference, percent-encoded (a `#`,
    `?`, `%` or space in a file name is part of the name, not of the URI's syntax), relative to
    `BASE_ID` when the file is under the folder pirtui ran in, else an absolute file: URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd().absolute())
    except ValueError:
        return {"uri": "file://" + quote(os.fsencode(absolute.as_posix()), safe="/")}
    return {"uri": quote(os.fsencode(relative.as_posix()), safe="/"), "uriBaseId": BASE_ID}


def sarif(results: Sequence[tuple[Path, list]]) -> str:
    """A SARIF 2.1.0 log with one run: a rule per section, a result per finding.

    JSON with ensure_ascii: the text stays exact, and no control or bidi character reaches a terminal.
    """
    rules: dict[str, dict] = {}
    entries = []
    for path, findings in results:
        line_for = _lines_of(path)
        for finding in findings:
            rule_id = finding.section.lower().replace(" ", "-")
            rules.setdefault(rule_id, {"id": rule_id, "name": finding.section,
                                       "shortDescription": {"text": f"{finding.section} section"}})
            region = {}
            line = line_for(finding.field)
            if line is not None:
                region = {"region": {"startLine": line}}
            entries.append({
                "ruleId": rule_id,
                "level": "error" if finding.level == "error" else "warning",
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path), **region},
                               "logicalLocations": [{"fullyQualifiedName": finding.field}] if finding.field else []}],
            })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pirtui", "version": __version__, "rules": list(rules.values())}},
            "originalUriBaseIds": {BASE_ID: {"uri": _directory_uri(Path.cwd())}},
            "results": entries,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=True)


FORMATS = {"github": github, "sarif": sarif}
"""`check --format` names beyond text and json, each a function of [(path, findings)] -> output."""
