"""Numbered and bulleted lists of the review (contributing factors, lessons...) as editable tables."""

from __future__ import annotations

from pirtui.core.sections import Block, Column
from pirtui.widgets.editable_table import EditableTable


class ListEditor(EditableTable):
    """One list of strings: each item is a row; the row form has a single field."""

    def __init__(self, block: Block, items: list[str], id: str | None = None) -> None:
        super().__init__(
            block.path,
            block.label,
            (Column("text", block.label),),
            items,
            to_values=lambda item: {"text": item},
            from_values=lambda values, old: values.get("text", ""),
            number_column="#" if block.numbered else "",
            extra_column=None if block.numbered else ("", lambda item: "•"),
            id=id,
        )

