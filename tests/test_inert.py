"""inert(): control characters, escape sequences and bidi overrides become visible, harmless symbols."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from pirtui.core.inert import has_controls, inert, inert_same_width

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def _obeyable(text: str, keep: str = "\n\t") -> list[str]:
    """Characters a terminal could act on: Unicode category Cc (C0, DEL, C1) or a bidi control."""
    return [
        ch
        for ch in text
        if ch not in keep and (unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS)
    ]


def test_escape_sequence_shows_as_visible_escape_symbol() -> None:
    assert inert("\x1b[2J\x1b[31mred") == "␛[2J␛[31mred"


def test_other_c0_controls_show_as_control_pictures() -> None:
    assert inert("bell\x07 nul\x00 bs\x08 cr\r") == "bell␇ nul␀ bs␈ cr␍"


def test_delete_shows_as_delete_symbol() -> None:
    assert inert("a\x7fb") == "a␡b"


def test_c1_controls_show_as_code_point_markers() -> None:
    assert inert("\x9b31m") == "⟦U+009B⟧31m"
    assert inert("\x85") == "⟦U+0085⟧"


def test_bidi_overrides_and_isolates_show_as_code_point_markers() -> None:
    assert inert("user\u202egnp.exe") == "user⟦U+202E⟧gnp.exe"
    for ch in BIDI_CONTROLS:
        assert inert(ch) == f"⟦U+{ord(ch):04X}⟧"


def test_newline_and_tab_kept_by_default() -> None:
    assert inert("line one\n\tline two") == "line one\n\tline two"


def test_one_line_widgets_can_ask_for_newline_and_tab_to_be_shown() -> None:
    assert inert("a\nb\tc", keep="") == "a␊b␉c"


def test_plain_text_is_returned_unchanged() -> None:
    text = "Checkout 502s, p99 ≥ 2 s — résumé, 日本語, emoji 🔥, Hebrew שלום"
    assert inert(text) == text
    assert not has_controls(text)


def test_has_controls_tells_whether_inert_would_change_the_text() -> None:
    assert has_controls("ok\x1b[0m")
    assert has_controls("a\nb", keep="")
    assert not has_controls("a\nb")


@given(st.text())
def test_result_holds_nothing_a_terminal_could_obey(text: str) -> None:
    assert _obeyable(inert(text)) == []
    assert _obeyable(inert(text, keep=""), keep="") == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp"))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    assert inert(text) == text


def test_rich_output_of_inert_text_contains_no_raw_escape() -> None:
    hostile = "title\x1b]0;pwned\x07 \x1b[2J\u202eevil\x9b1m"
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system=None, width=200)
    console.print(Text(inert(hostile)), end="")
    printed = out.getvalue()
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\u202e" not in printed and "\x9b" not in printed
    assert "␛]0;pwned␇" in printed


def test_same_width_maps_each_control_to_one_visible_character() -> None:
    hostile = "\x1b[31mRED\x1b]0;pwned\x07\u202eevil\x7f\x9b\n"
    shown = inert_same_width(hostile)
    assert shown == "␛[31mRED␛]0;pwned␇⍰evil␡⍰␊"
    assert inert_same_width("tab\there", keep="\t") == "tab\there"


@given(st.text())
def test_same_width_keeps_every_index_and_holds_nothing_obeyable(text: str) -> None:
    shown = inert_same_width(text)
    assert len(shown) == len(text)
    assert _obeyable(shown, keep="") == []
    assert [a for a, b in zip(text, shown) if a != b] == [c for c in text if has_controls(c, keep="")]


def test_inert_json_escapes_what_json_leaves_raw_and_parses_back_exactly():
    import json

    from pirtui.core.inert import inert_json

    values = ["csi\u009b31m", "rlo\u202eevil", "del\x7f", "isolate\u2066x\u2069", "plain ü"]
    dumped = inert_json(json.dumps({"v": values}, indent=2, ensure_ascii=False))
    assert not any(char in dumped for char in "\u009b\u202e\x7f\u2066\u2069")
    assert "plain ü" in dumped and "\n" in dumped  # layout and ordinary text unchanged
    assert json.loads(dumped) == {"v": values}


def test_inert_markdown_shows_character_references_of_controls_as_symbols() -> None:
    from pirtui.core.inert import inert_markdown

    shown = inert_markdown("| a&#27;[31m b&#x202E;c &rlm; &#155; \x07 |")
    assert shown == "| a␛[31m b⟦U+202E⟧c ⟦U+200F⟧ ⟦U+009B⟧ ␇ |"


def test_inert_markdown_leaves_line_breaks_other_references_and_escaped_ampersands() -> None:
    from pirtui.core.inert import inert_markdown

    text = "| one&#10;two | &amp; &#65; | typed \\&#27; as text |"
    assert inert_markdown(text) == text
