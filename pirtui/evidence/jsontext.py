"""Reading a source's JSON: one document, or one document per line (as webhook receivers log them)."""

from __future__ import annotations

import json
from typing import Any

from pirtui.evidence.rows import NotThisFormat


def documents(text: str) -> list[Any]:
    """The JSON documents in `text`; NotThisFormat when it is not JSON."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        raise NotThisFormat("not JSON")
    try:
        return [json.loads(stripped)]
    except (json.JSONDecodeError, RecursionError) as whole:
        lines = [line for line in stripped.splitlines() if line.strip()]
        try:
            return [json.loads(line) for line in lines] if len(lines) > 1 else _raise(whole)
        except (json.JSONDecodeError, RecursionError):
            raise NotThisFormat(f"not valid JSON ({_short(whole)})") from None


def _raise(error: Exception) -> list[Any]:
    raise error


def _short(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno}: {error.msg}"
    return "nested too deeply"


def text_of(value: Any) -> str:
    """A JSON value as text: strings as they are, anything else "" (a source's odd field never raises)."""
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> dict[str, Any]:
    """A JSON object, or {} for anything else."""
    return value if isinstance(value, dict) else {}
