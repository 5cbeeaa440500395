"""A team's ticket URL pattern turns action items' tickets into links in FILE.md and the preview;
an import reads the link back as the ticket, and any other link stays as written."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pirtui.core import mdtext, store
from pirtui.core.importer import import_file
from pirtui.core.model import ActionItem, new_review
from pirtui.core.tickets import ticket_link

PATTERN = "https://tracker.example/browse/{ticket}"


def _review():
    review = new_review("INC-2024-001", "2024-01-20")
    review.action_items = [ActionItem(id="1", action="Add an alert", owner="Ana", ticket="CHK-12")]
    return review


def test_with_the_teams_pattern_the_ticket_is_a_link_and_imports_back(tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text(f'ticket_url = "{PATTERN}"\n', encoding="utf-8")
    path = tmp_path / "r.toml"
    md = store.save(path, _review())
    text = md.read_text(encoding="utf-8")
    assert "[CHK-12](<https://tracker.example/browse/CHK-12>)" in text
    assert import_file(md).review.action_items[0].ticket == "CHK-12"
    assert store.markdown_is_ours(md, path)


def test_without_a_pattern_the_ticket_is_written_as_typed(tmp_path: Path) -> None:
    md = store.save(tmp_path / "r.toml", _review())
    text = md.read_text(encoding="utf-8")
    assert "| CHK-12 |" in text and "tracker.example" not in text


def test_a_hand_written_link_to_somewhere_else_is_kept_whole() -> None:
    cell = "[see the doc](<https://wiki.example/postmortems>)"
    assert mdtext.split_ticket_cell(cell) == cell


@given(st.text(min_size=1, max_size=30).filter(lambda t: t.strip()))
def test_any_ticket_comes_back_exactly_through_its_link(ticket: str) -> None:
    cell = mdtext.ticket_cell(ticket, ticket_link(ticket, PATTERN))
    assert mdtext.split_ticket_cell(cell) == ticket
