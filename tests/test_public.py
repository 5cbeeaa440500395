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
        f"warning: {path}: the public version still contains the name 'Daniel Okoro'",
    ]
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
