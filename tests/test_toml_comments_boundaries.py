"""Boundaries, both sides, of keeping hand-written TOML comments (issue 27 item 1): a comment at the
very first character and on a last line without a newline, the schema directive with and without
pirtui's own, and lines inside a multi-line string that look like keys."""

from __future__ import annotations

import tomli

from pirtui.core.toml_comments import hand_written_comments, keep_comments


def test_a_comment_at_the_very_first_character_is_found():
    assert hand_written_comments("# first\ntitle = 'x'\n") == [(1, "# first")]
    assert hand_written_comments(" # indented\ntitle = 'x'\n") == [(1, "# indented")]


def test_a_comment_on_a_last_line_without_a_newline_is_found():
    assert hand_written_comments('title = "x"  # last') == [(1, "# last")]
    assert hand_written_comments('title = "x"  # last\n') == [(1, "# last")]


def test_the_old_directive_stays_first_when_pirtui_writes_none():
    old = "#:schema ./s.json\n# about the title\ntitle = \"a\"\n"
    merged = keep_comments(old, 'title = "b"\n')
    assert merged.split("\n")[:3] == ["#:schema ./s.json", "# about the title", 'title = "b"']


def test_pirtuis_own_directive_replaces_the_old_one_and_is_never_doubled():
    old = "#:schema ./old.json\n# about the title\ntitle = \"a\"\n"
    merged = keep_comments(old, '#:schema ./new.json\ntitle = "b"\n')
    assert merged.count("#:schema") == 1 and merged.startswith("#:schema ./new.json\n")
    assert "# about the title\ntitle = \"b\"" in merged


def test_lines_inside_a_multi_line_string_that_look_like_keys_anchor_no_comment():
    body = 'summary = """\nowner = 1\n[incident]\n"""\nowner = "maria"\n'
    old = body.replace('owner = "maria"', '# who owns it\nowner = "maria"')
    merged = keep_comments(old, body)
    assert merged.split("\n")[4:6] == ["# who owns it", 'owner = "maria"']
    assert tomli.loads(merged) == tomli.loads(body)


def test_a_comment_after_a_value_on_a_line_after_a_multi_line_string_stays_with_its_key():
    body = 'summary = """\nx = 1\n"""\nowner = "maria"\n'
    old = body.replace('owner = "maria"', 'owner = "maria"  # on call')
    merged = keep_comments(old, body.replace("maria", "dan"))
    assert 'owner = "dan"  # on call' in merged


def test_a_comment_whose_key_is_gone_follows_exactly_one_blank_line():
    old = 'title = "a"\n\n[[timeline]]\n# from the pager\ntime = "10:00"\n'
    merged = keep_comments(old, 'title = "b"\n\n\n')
    assert merged == 'title = "b"\n\n# from the pager\n'


def test_a_comment_below_the_last_key_goes_to_the_end_and_one_above_it_stays_with_it():
    assert keep_comments('title = "a"\n# the end\n', 'title = "b"\n') == 'title = "b"\n\n# the end\n'
    assert keep_comments('# the title\ntitle = "a"\n', 'title = "b"\n') == '# the title\ntitle = "b"\n'


def test_a_comment_after_the_first_keys_value_stays_beside_it():
    assert keep_comments('title = "a"  # first\nowner = "x"\n', 'title = "b"\nowner = "x"\n') == 'title = "b"  # first\nowner = "x"\n'


def test_two_comments_after_values_of_one_key_are_both_kept():
    old = 'services = [\n  "api",  # the front\n  "db",  # the back\n]\n'
    merged = keep_comments(old, 'services = ["api", "db"]\n')
    assert 'services = ["api", "db"]  # the front' in merged and merged.rstrip("\n").endswith("# the back")


def test_a_comment_after_a_value_with_no_key_of_pirtuis_above_it_goes_to_the_end():
    old = '"quoted key" = 1  # odd\ntitle = "a"\n'
    merged = keep_comments(old, 'title = "a"\n')
    assert merged == 'title = "a"\n\n# odd\n'
