"""render --public: internal rows and fields, and what the team excludes, are left out of the
customer-facing version; what still looks private is named in a warning."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.config import Config
from pirtui.core.model import ActionItem, Approval, Message, Revision, TimelineEvent, new_review
from pirtui.core.public import private_words, public_copy, public_markdown
from pirtui.core.render import render

ROOT = Path(__file__).resolve().parent.parent
PIRTUI = str(Path(sys.executable).parent / "pirtui")


def review_with_secrets():
    review = new_review("INC-2024-050", "2024-03-02")
    review.title = "Payments outage"
    review.incident.commander = "Maria Chen"
    review.incident.author = "Daniel Okoro"
    review.incident.customer_impact = "Checkout failed for EU customers"
    review.summary = "Card payments failed for 20 minutes."
    review.timeline = [
        TimelineEvent(time="10:00", event="Payments error rate rises"),
        TimelineEvent(time="10:05", event="Vendor rep admits their HSM cluster rebooted", internal=True),
        TimelineEvent(time="10:20", event="Payments recover"),
    ]
    review.action_items = [ActionItem(id="1", action="Add a fallback provider", owner="Sam Patel")]
    review.appendix.logs = "ERROR pool exhausted on db-7"
    review.appendix.communication_log = [Message(time="10:06", channel="#vendor", message="blame game", internal=True)]
    review.approvals = [Approval(role="Incident Commander", name="Maria Chen", date="2024-03-03")]
    review.meeting.attendees = "Maria Chen, Daniel Okoro"
    review.revisions = [Revision(date="2024-03-02", author="Daniel Okoro", change="Initial draft")]
    review.internal_fields = ["incident.customer_impact"]
    return review


def test_internal_marks_round_trip_and_are_absent_when_unset(tmp_path: Path):
    path = tmp_path / "r.toml"
    review = review_with_secrets()
    store.save(path, review)
    text = path.read_text(encoding="utf-8")
    assert text.count("internal = true") == 2
    assert "internal = false" not in text
    assert 'internal_fields = [\n    "incident.customer_impact",\n]' in text
    assert store.load(path) == review
    plain = new_review("INC-1")
    assert not re.search(r"^internal(_fields)? =", store.dumps(plain), re.MULTILINE)


def test_public_version_leaves_out_internal_rows_fields_and_default_excludes():
    review = review_with_secrets()
    public = public_markdown(review, Config())
    full = render(review)
    for secret in ("HSM cluster", "blame game", "Checkout failed for EU", "pool exhausted", "Maria Chen",
                   "Daniel Okoro", "Sam Patel"):
        assert secret in full
        assert secret not in public, secret
    assert "## Approval" not in public and "## Review Meeting Notes" not in public
    assert "## Approval" in full and "## Review Meeting Notes" in full
    assert "Payments error rate rises" in public and "Payments recover" in public
    assert "| **Incident Commander** |  |" in public
    assert "Add a fallback provider" in public
    assert review == review_with_secrets(), "the review itself is not changed"


def test_a_team_chooses_what_the_public_version_leaves_out():
    review = review_with_secrets()
    config = Config(public_excludes=("timeline", "meeting.attendees"))
    public = public_markdown(review, config)
    assert "Maria Chen" in public  # people are kept when the team does not exclude them
    assert "## Approval" in public
    assert "Payments error rate rises" not in public  # the timeline's rows
    assert "**Attendees:**\\" in public or "**Attendees:**\n" in public
    assert "HSM cluster" not in public  # internal rows go whatever the team says


def test_several_internal_rows_of_one_table_are_all_removed():
    review = review_with_secrets()
    review.internal_fields = ["timeline.2", "timeline.0"]
    copy = public_copy(review, Config(public_excludes=()))
    assert copy.timeline == []  # row 1 is internal, rows 0 and 2 are listed


def test_private_words_finds_addresses_and_people():
    review = review_with_secrets()
    text = "Mail oncall@example.com; host 10.0.3.17 and fe80::1ff:fe23:4567:890a; thanks Daniel Okoro. Version 1.2.3."
    found = list(private_words(review, text))
    assert ("an e-mail address", "oncall@example.com") in found
    assert ("an IP address", "10.0.3.17") in found
    assert ("an IP address", "fe80::1ff:fe23:4567:890a") in found
    assert ("the name", "Daniel Okoro") in found
    assert not any(word == "1.2.3" for _, word in found)
    assert list(private_words(review, "Payments recovered at 10:20:30, then at 10:21.")) == []


def test_render_public_writes_beside_and_warns_in_one_line_each(tmp_path: Path):
    path = tmp_path / "r.toml"
    review = review_with_secrets()
    review.summary = "Daniel Okoro paged dba@example.com about 192.168.4.2."
    store.save(path, review)
    result = subprocess.run([PIRTUI, "render", "--public", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    public = (tmp_path / "r.public.md").read_text(encoding="utf-8")
    assert "HSM cluster" not in public
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {path}: the public version still contains an e-mail address 'dba@example.com'",
        f"warning: {path}: the public version still contains an IP address '192.168.4.2'",
    ]
    assert "Author paged" in public  # the name in the text is the person's role (issue 24)
    html = subprocess.run([PIRTUI, "render", "--public", "--format", "html", str(path)], capture_output=True, text=True, timeout=60)
    assert html.returncode == 0
    page = (tmp_path / "r.public.html").read_text(encoding="utf-8")
    assert "Payments recover" in page and "HSM cluster" not in page and "<h2>Approval</h2>" not in page


def test_the_team_file_sets_the_excludes(tmp_path: Path):
    shutil.copy(ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml", tmp_path / "r.toml")
    (tmp_path / ".pirtui.toml").write_text('public_excludes = ["approvals"]\n', encoding="utf-8")
    result = subprocess.run([PIRTUI, "render", "--public", "-o", "-", str(tmp_path / "r.toml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "## Approval" not in result.stdout and "## Review Meeting Notes" in result.stdout


# -- --public fails closed and leaks no name (issue 24) ------------------------------------------------


def _saved(tmp_path: Path, review=None) -> Path:
    path = tmp_path / "r.toml"
    store.save(path, review or review_with_secrets())
    (tmp_path / ".git").mkdir(exist_ok=True)
    return path


def _public(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([PIRTUI, "render", "--public", *extra, str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("team_file", [b'public_excludes = ["approvals"\n', b"\xff\xfe not utf-8", b'public_excludes = "approvals"\n'])
def test_a_team_file_that_cannot_be_read_stops_the_public_version(tmp_path: Path, team_file: bytes):
    path = _saved(tmp_path)
    (tmp_path / ".pirtui.toml").write_bytes(team_file)
    result = _public(path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and ".pirtui.toml" in result.stderr
    assert not (tmp_path / "r.public.md").exists()


def test_an_unknown_exclude_name_stops_the_public_version(tmp_path: Path):
    path = _saved(tmp_path)
    (tmp_path / ".pirtui.toml").write_text('public_excludes = ["people", "aproval", "appendix.logz"]\n', encoding="utf-8")
    result = _public(path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "'aproval', 'appendix.logz'" in result.stderr
    assert not (tmp_path / "r.public.md").exists()
    (tmp_path / ".pirtui.toml").write_text(
        'public_excludes = ["people", "approvals", "appendix.logs", "action_items[].owner", "timeline.0"]\n', encoding="utf-8"
    )
    assert _public(path).returncode == 0


def test_the_html_title_comes_from_the_public_copy(tmp_path: Path):
    review = review_with_secrets()
    review.title = "Vendor HSM fiasco"
    review.internal_fields = ["title", "incident.id"]
    path = _saved(tmp_path, review)
    assert _public(path, "--format", "html").returncode == 0
    page = (tmp_path / "r.public.html").read_text(encoding="utf-8")
    assert "HSM" not in page and "INC-2024-050" not in page
    assert "<title>r</title>" in page


def test_people_in_the_text_become_their_role_and_an_unplaced_handle_is_listed(tmp_path: Path):
    review = review_with_secrets()
    review.incident.commander = "Priya Natarajan"
    review.timeline.append(TimelineEvent(time="10:07", event="priya: paging payments on-call"))
    review.timeline.append(TimelineEvent(time="10:08", event="bob: restarting the pool, cc @carol"))
    review.timeline.append(TimelineEvent(time="10:09", event="Dana Scully: rolled back", evidence="chat.txt:12"))
    review.timeline.append(TimelineEvent(time="10:10", event="Owner: Sam Patel took it", evidence="chat.txt:13"))
    review.summary = "Sam Patel and priya.natarajan fixed it."
    path = _saved(tmp_path, review)
    result = _public(path)
    public = (tmp_path / "r.public.md").read_text(encoding="utf-8")
    assert "Incident Commander: paging payments on-call" in public
    assert "Owner and Incident Commander fixed it." in public
    assert "priya" not in public.lower() and "Sam Patel" not in public
    assert "the handle 'bob'" in result.stderr and "the handle 'carol'" in result.stderr
    assert "the handle 'Dana Scully'" in result.stderr  # the sender of an imported row
    assert "'Owner'" not in result.stderr and "'Incident Commander'" not in result.stderr  # roles are placed


def test_a_team_alias_table_and_a_neutral_word(tmp_path: Path):
    review = review_with_secrets()
    review.timeline.append(TimelineEvent(time="10:07", event="bob: restarting the pool"))
    path = _saved(tmp_path, review)
    (tmp_path / ".pirtui.toml").write_text('[public_aliases]\n"DBA on-call" = ["bob"]\n', encoding="utf-8")
    result = _public(path)
    assert "DBA on-call: restarting the pool" in (tmp_path / "r.public.md").read_text(encoding="utf-8")
    assert "handle" not in result.stderr
    (tmp_path / ".pirtui.toml").write_text('public_person_word = "a responder"\n', encoding="utf-8")
    review.summary = "Maria Chen paged Sam Patel."
    store.save(path, review)
    assert _public(path).returncode == 0
    assert "a responder paged a responder." in (tmp_path / "r.public.md").read_text(encoding="utf-8")


def test_hidden_action_items_leave_no_gap_in_the_ids():
    review = review_with_secrets()
    review.action_items = [ActionItem(id=str(n), action=f"Item {n}", internal=n == 2) for n in (1, 2, 3)]
    copy = public_copy(review, Config())
    assert [(item.id, item.action) for item in copy.action_items] == [("1", "Item 1"), ("2", "Item 3")]
    review.action_items = [ActionItem(id=f"AI-0{n}", action=f"Item {n}", internal=n == 1) for n in (1, 2, 3)]
    assert [item.id for item in public_copy(review, Config()).action_items] == ["AI-01", "AI-02"]


@pytest.mark.parametrize("entry, known", [
    ("people", True), ("approvals", True), ("appendix.logs", True), ("action_items[].owner", True),
    ("timeline.0.event", True), ("root_cause.contributing_factors.2", True), ("incident.customer_impact", True),
    ("aproval", False), ("appendix.logz", False), ("title.0", False), ("timeline[].nope", False), ("", False),
])
def test_an_exclude_name_is_known_or_not(entry: str, known: bool):
    from pirtui.core.public import is_exclude_name

    assert is_exclude_name(entry) is known
