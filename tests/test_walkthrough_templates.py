"""Issue 21's walkthrough, in the installed `pirtui` in tmux at 80x24, for each shipped template
(`sre-book`, `pagerduty`) and a team template that ships with no one (`harbour`, a fixture in a
test repository's `.pirtui/templates/`).

Per template, in one shell in one tmux session, as a user types it: `pirtui new --template NAME`,
every section filled by keyboard in the editor and saved, `pirtui check` (exit 0), `pirtui render`,
`pirtui import` of its own Markdown (every TOML value back), F5 showing each section, the review
list showing it. The command-line half runs on the same values saved without the editor too, so
it says something on its own when the editor fails. Over a folder that mixes the three with a
built-in sample: the review list, `pirtui actions` and `pirtui stats`. And: a team template with a
mistake is one line with its line number (exit 2); a review whose template is missing opens
read-only and its file is the same byte for byte after the editor.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import tomli

from pirtui.core import store
from pirtui.core.template.discovery import find_template
from pirtui.core.template.spec import BlockSpec, FieldSpec
from pirtui.core.template.template import Template
from tests.terminal import PIRTUI, Terminal, tmux_available

# Under CI=true a skip is a failure (tests/conftest.py): there these tests always run.
pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "walkthrough_repo"
BUILTIN_SAMPLE = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"


# --- what the walkthrough types, per template -------------------------------------------------


@dataclass
class Walk:
    """One template's walkthrough: the file, the incident ID given to `new`, the values typed."""

    template: str
    file: str
    incident_id: str
    values: dict[str, Any]
    """The review's data as the editor must save it (merged over what `pirtui new` wrote)."""
    shown: list[str] = field(default_factory=list)
    """Words of the review the review list shows."""


SRE_BOOK = Walk(
    "sre-book",
    "thumbs.toml",
    "SRE-2025-007",
    {
        "title": "Thumbnail cache stampede",
        "status": "in review",
        "about": {
            "date": "2025-03-04",
            "authors": "Ana Costa, Ben Ode",
            "start": "2025-03-01 09:10",
            "end": "2025-03-01 10:02",
        },
        "summary": "Thumbnails failed for 52 minutes after the cache was flushed.",
        "impact": "About 30% of image requests returned errors.",
        "root_causes": "Every miss went to the resizer at once; nothing limited the fan-out.",
        "trigger": "A routine cache flush during peak traffic.",
        "resolution": "Rate limited the resizer and warmed the cache from the origin.",
        "detection": "The error-rate alert paged the on-call after six minutes.",
        "action_items": [
            {"action": "Coalesce concurrent misses", "type": "prevent", "owner": "Ana Costa",
             "bug": "THUMB-12", "status": "IN PROGRESS"},
            {"action": "Alert on resizer queue depth", "type": "detect", "owner": "Ben Ode",
             "bug": "", "status": "TODO"},
        ],
        "lessons": {
            "went_well": ["The rollback runbook was current."],
            "went_wrong": ["Flushes were allowed at peak."],
            "got_lucky": ["The origin had spare capacity."],
        },
        "timeline": [
            {"time": "09:10", "event": "Cache flushed by the nightly job."},
            {"time": "09:16", "event": "Error-rate alert pages the on-call."},
        ],
        "supporting": ["https://grafana.example/d/thumbs"],
    },
    ["SRE-2025-007", "in review"],
)

PAGERDUTY = Walk(
    "pagerduty",
    "webhooks.toml",
    "PD-48211",
    {
        "title": "Webhooks delayed by a stuck consumer",
        "status": "final",
        "incident": {
            "start": "2025-06-02 16:05",
            "end": "2025-06-02 17:41",
            "severity": "SEV-2",
            "commander": "Ana Costa",
            "owner": "Liam Byrne",
            "meeting_date": "2025-06-05",
        },
        "overview": "Merchants got payment webhooks up to 40 minutes late.",
        "what_happened": "A consumer reconnected without resubscribing; its partitions stalled.",
        "contributing_factors": ["The client library does not resubscribe.", "The depth alert sums all partitions."],
        "resolution": "Restarted the stalled consumer; the backlog drained in 14 minutes.",
        "impact": {"duration": "96 minutes", "customers": "About 1,200 merchants", "tickets": "37",
                   "other": "No payment failed."},
        "responders": ["Ana Costa (incident commander)"],
        "timeline": [
            {"time": "16:05", "event": "Network blip between consumers and broker."},
            {"time": "17:27", "event": "Stalled consumer restarted."},
        ],
        "how_did_we_do": {
            "went_well": ["Support escalated with examples."],
            "went_badly": ["The alert fired 26 minutes late."],
        },
        "action_items": [
            {"action": "Resubscribe after every reconnect", "owner": "Liam Byrne", "priority": "P1",
             "due": "2025-06-09", "ticket": "PAY-981", "status": "In Progress"},
        ],
        "messaging": {"internal": "Posted in #incidents every 30 minutes.",
                      "external": "Status page updated at 16:58."},
    },
    ["PD-48211", "final"],
)

HARBOUR = Walk(
    "harbour",
    "moorings.toml",
    "HBR-031",
    {
        "title": "Mooring sensors went silent",
        "status": "in review",
        "basics": {
            "began": "2025-09-14 05:40",
            "ended": "2025-09-14 07:05",
            "impact": "major",
            "lead": "Noor Haddad",
        },
        "story": "A certificate expired on the sensor gateway and every sensor stopped reporting.",
        "sequence": [
            {"at": "05:40", "happened": "Gateway certificate expires."},
            {"at": "06:12", "happened": "Harbour master calls about blank dashboards."},
        ],
        "follow_ups": [
            {"task": "Renew gateway certificates automatically", "owner": "Noor Haddad", "state": "doing"},
            {"task": "Alert when a sensor is silent for 10 minutes", "owner": "Piet Smit", "state": "open"},
        ],
        "keep": ["Calling the harbour master first."],
    },
    ["HBR-031", "in review"],
)

WALKS = {walk.template: walk for walk in (SRE_BOOK, PAGERDUTY, HARBOUR)}


def merged(base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`base` with `values` written over it (tables merged key by key, lists replaced)."""
    out = copy.deepcopy(base)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data.get(part, {}) if isinstance(data, dict) else {}
    return "" if data == {} else data


def data_of(path: Path) -> dict[str, Any]:
    return tomli.loads(path.read_text(encoding="utf-8"))


def boxes(block: BlockSpec) -> list[FieldSpec]:
    """The checkboxes of a checks block of fixed boxes (none of a checks block over rows)."""
    return [] if block.rows else [spec for spec in block.fields if spec.type == "yes-no"]


def values_of(walk: Walk, folder: Path) -> dict[str, Any]:
    """The values the walkthrough types: its own, and every checkbox of the template ticked (such
    as a shipped template's "publish on the team's public site")."""
    values = copy.deepcopy(walk.values)
    for section in template_of(walk, folder).spec.sections:
        for block in section.blocks:
            if block.kind == "checks" and boxes(block):
                values = merged(values, {block.path: {spec.key: True for spec in boxes(block)}})
    return values


def expected_data(folder: Path, walk: Walk, fresh: dict[str, Any]) -> dict[str, Any]:
    """What the review's TOML holds once the walkthrough's values are in it: the fresh review
    with the values over it, as pirtui writes it (defaults of each row filled in)."""
    review = store.from_data(merged(fresh, values_of(walk, folder)), "expected", folder)
    return tomli.loads(store.dumps(review))


# --- a shell in tmux --------------------------------------------------------------------------


class Shell(Terminal):
    """bash in tmux at 80x24, the installed `pirtui` first on PATH: commands typed as a user does,
    their output read from the scrollback and their exit status from a marker line."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        """Start bash in `cwd` with `env` (its XDG_STATE_HOME holds the shell's rc file: prompt `$`)."""
        self.socket = f"pirtui-walk-{os.getpid()}-{id(self):x}"
        self.session = "t"
        self.count = 0
        full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME", "TMUX")}
        pane_env = {
            **env,
            "PATH": f"{Path(PIRTUI).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "HISTFILE": "/dev/null",
            "TERM": "xterm-256color",
        }
        full.update(pane_env)
        rcfile = Path(env["XDG_STATE_HOME"]) / "bashrc"
        rcfile.parent.mkdir(parents=True, exist_ok=True)
        rcfile.write_text("PS1='$ '\n", encoding="utf-8")
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", "80", "-y", "24", "-c", str(cwd),
            *[item for k, v in pane_env.items() for item in ("-e", f"{k}={v}")],
            f"bash --noprofile --rcfile {rcfile} -i",
            env=full,
        )
        self.pid = int(self._tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip())
        self.wait_until(lambda s: s.rstrip().endswith("$"), "no prompt")

    def scrollback(self) -> str:
        """The pane's text with its scrollback, wrapped lines joined."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.session)

    def start(self, command: str) -> int:
        """Type `command` and Enter (it then runs in the pane); its number for `finish`."""
        self.count += 1
        self.type(f'{command}; echo "@@{self.count}:$?@@"')
        self.keys("Enter")
        return self.count

    def finish(self, number: int, timeout: float = 60.0) -> tuple[int, str]:
        """Wait until command `number` has ended: its exit status and what it printed."""
        done = re.compile(rf"^@@{number}:(\d+)@@$", re.MULTILINE)
        self.wait_until(lambda _: done.search(self.scrollback()) is not None, f"command {number} did not end", timeout)
        text = self.scrollback()
        typed = text.rindex(f"@@{number}:$?@@")
        found = done.search(text, typed)
        assert found is not None
        output = text[text.index("\n", typed) + 1 : found.start()]
        return int(found.group(1)), output

    def ended(self, number: int) -> bool:
        """Whether command `number` has ended (its marker line is in the pane)."""
        return re.search(rf"^@@{number}:\d+@@$", self.scrollback(), re.MULTILINE) is not None

    def wait_shown(self, number: int, text: str, timeout: float = 30.0) -> str:
        """Wait until `text` is on screen while command `number` runs; fail at once if it ended."""
        screen = self.wait_until(lambda s: text in s or self.ended(number), f"{text!r} did not appear", timeout)
        assert text in screen and not self.ended(number), f"the command ended before showing {text!r}:\n{screen}"
        return screen

    def run(self, command: str, timeout: float = 60.0) -> tuple[int, str]:
        """Run a command that needs no keys: its exit status and output."""
        return self.finish(self.start(command), timeout)


def shell_env(root: Path) -> dict[str, str]:
    state = root / ".state"
    return {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state / "config"), "XDG_CACHE_HOME": str(state / "cache")}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository made from the fixture: the team template in `.pirtui/templates/`, and a
    `reviews` folder (where the tests work)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    (root / "reviews").mkdir()
    return root


@pytest.fixture
def shell(repo: Path):
    term = Shell(repo / "reviews", shell_env(repo))
    try:
        yield term
    finally:
        term.close()


# --- typing a review in the editor ------------------------------------------------------------


def template_of(walk: Walk, folder: Path) -> Template:
    return find_template(walk.template, folder)


def choose(value: str) -> list[str]:
    """Keys that pick `value` in a focused choice: open it, type its name, take it."""
    return ["Enter", value, "Enter"]


def field_keys(template: Template, spec: FieldSpec, before: str, after: str) -> list[str]:
    """Keys that turn a focused field's `before` into `after` (nothing when they are the same);
    a text field is emptied first (ctrl+u), as a user clears what was filled in for them."""
    if before == after:
        return []
    if template.options(spec):
        return choose(after)
    return ["C-u", after] if after else ["C-u"]


@dataclass(frozen=True)
class Shows:
    """Not a key: wait until the screen matches `pattern` before the keys after it are sent."""

    pattern: str


Key = str | Shows


def row_keys(template: Template, block: BlockSpec, row: dict[str, Any]) -> list[Key]:
    """`a`, then each column of the row form in order from the first one without a default (where
    a new row's form starts), then ctrl+s (the row, and the review, saved).

    A choice picked last is waited for on screen before ctrl+s: in one burst, ctrl+s commits the
    row before the choice has landed (see test_a_choice_picked_last_in_a_row_form_survives_ctrl_s)."""
    columns = list(block.fields)
    while columns and isinstance(columns[0].default, str) and columns[0].default:
        columns.pop(0)
    keys: list[Key] = ["a"]
    for index, column in enumerate(columns):
        default = column.default if isinstance(column.default, str) else ""
        if template.options(column):
            keys += field_keys(template, column, default, row[column.key])
            if index == len(columns) - 1 and row[column.key] != default:
                keys.append(Shows(rf"{re.escape(column.label)} {re.escape(row[column.key])} +▼"))
        else:
            keys += ["C-u", row[column.key]] if row[column.key] else ["C-u"]  # an autofilled due date too
        if index < len(columns) - 1:
            keys.append("Tab")
    return [*keys, "C-s"]


def block_keys(template: Template, block: BlockSpec, fresh: dict[str, Any], values: dict[str, Any]) -> list[Key]:
    """The keys that fill one block from the fresh review's values to the walkthrough's."""
    keys: list[Key] = []
    if block.kind == "fields":
        for spec in block.fields:
            keys += field_keys(template, spec, str(get(fresh, spec.path)), str(get(merged(fresh, values), spec.path)))
            keys.append("Tab")
        return keys
    wanted = get(values, block.path)
    if block.kind == "text":
        return [wanted, "Tab"]
    if block.kind == "list":
        for item in wanted:
            keys += ["a", item, "Enter"]
        return [*keys, "Tab"]
    if block.kind == "table":
        for row in wanted:
            keys += row_keys(template, block, row)
        return [*keys, "Tab"]
    if block.kind == "checks" and boxes(block) and len(boxes(block)) == len(block.fields):
        for index, spec in enumerate(boxes(block)):
            if wanted[spec.key] is not (spec.default is True):
                keys.append("space")
            if index < len(block.fields) - 1:
                keys.append("Down")  # the next box
        return [*keys, "Tab"]
    raise AssertionError(f"the walkthrough does not type a {block.kind} block")


def send(term: Shell, keys: list[Key]) -> None:
    """The keys in bursts, one send-keys each, waiting where a `Shows` says."""
    burst: list[str] = []
    for key in [*keys, None]:
        if isinstance(key, str):
            burst.append(key)
            continue
        if burst:
            term.keys(*burst)
            burst = []
        if isinstance(key, Shows):
            term.wait_until(lambda s, k=key: re.search(k.pattern, s) is not None, f"{key.pattern!r} is not on screen")


def section_shown(screen: str, heading: str) -> bool:
    """Whether the editor shows the section `heading` with a part of it focused (the bar on its
    left): the title changes a moment before the focus arrives, and a key typed in between is lost
    (see the report of the walkthrough: once in about ten runs on a loaded machine)."""
    lines = screen.splitlines()
    return bool(lines) and f"— {heading}" in lines[0] and any(line.lstrip(" ").startswith("█") for line in lines[1:])


def go_to(term: Shell, heading: str) -> None:
    """The palette's "Go to HEADING"; waits until the palette has gone and the section shows, with
    the focus in it (also when it was already the one shown)."""
    term.go_to(heading)
    term.wait_until(lambda s: "🔎" not in s and section_shown(s, heading), f"{heading!r} did not open")


def type_the_review(term: Shell, walk: Walk, template: Template, fresh: dict[str, Any], folder: Path) -> None:
    """Every section in order, as one fills a new review: each filled block by block in one burst
    of keys, then ctrl+n to the next section (the last one reached through the palette's "Go to")."""
    sections = [section for section in template.spec.sections if section.editable]
    values = values_of(walk, folder)
    for index, section in enumerate(sections):
        if index == len(sections) - 1:
            go_to(term, section.heading)
        elif index:
            term.keys("C-n")
            term.wait_until(lambda s, h=section.heading: section_shown(s, h), f"ctrl+n did not open {section.heading!r}")
        keys = [key for block in section.blocks for key in block_keys(template, block, fresh, values)]
        send(term, keys)


def present_every_section(term: Shell, template: Template) -> None:
    """F5 from the first section, then `space` through every section: each heading shows in turn,
    under the presentation's counter ("· 2/11")."""
    sections = [section for section in template.spec.sections if section.editable]
    go_to(term, sections[0].heading)
    term.keys("F5")
    count = len(sections)
    for index, section in enumerate(sections):
        if index:
            term.keys("space")
        term.wait_until(
            lambda s, i=index, h=section.heading: re.search(rf"·\s+{i + 1}/{count} *\n {re.escape(h)} *\n", s) is not None,
            f"F5 did not show the section {section.heading!r}",
        )
    term.keys("q")  # back in the editor (at the section presented last)
    term.wait_until(lambda s: "space/n next" not in s and " — " in s.splitlines()[0], "F5 did not leave")


# --- the command-line half --------------------------------------------------------------------


def check_render_import(term: Shell, folder: Path, walk: Walk) -> None:
    """`pirtui check` exit 0, `pirtui render` writes the Markdown, `pirtui import` of that Markdown
    gives back every value of the TOML (into the same template, found by its headings)."""
    path = folder / walk.file
    status, output = term.run(f"pirtui check {walk.file}")
    assert status == 0, output
    assert output.splitlines()[0].startswith(f"{walk.file}: ok"), output
    markdown = path.with_suffix(".md")
    markdown.unlink()
    status, output = term.run(f"pirtui render {walk.file}")
    assert status == 0, output
    text = markdown.read_text(encoding="utf-8")
    template = template_of(walk, folder)
    for section in template.spec.sections:
        assert f"## {section.heading}" in text
    shutil.copy(markdown, folder / "back.md")
    status, output = term.run("pirtui import back.md")
    assert status == 0, output
    back = data_of(folder / "back.toml")
    assert back == data_of(path)
    assert back["template"] == template.ref
    for made in folder.glob("back.*"):  # the folder holds the one review again (for its list)
        made.unlink()


def fresh_review(term: Shell, folder: Path, walk: Walk) -> dict[str, Any]:
    status, output = term.run(f"pirtui new --template {walk.template} --id {walk.incident_id} {walk.file}")
    assert status == 0, output
    assert f"Wrote {walk.file}" in output
    return data_of(folder / walk.file)


@pytest.mark.parametrize("name", list(WALKS))
def test_the_command_line_walkthrough(name: str, repo: Path, shell: Shell) -> None:
    """new, the values saved (as the editor would), check, render, import back with nothing lost."""
    walk = WALKS[name]
    folder = repo / "reviews"
    fresh = fresh_review(shell, folder, walk)
    assert fresh["template"] == template_of(walk, folder).ref
    store.save(folder / walk.file, store.from_data(merged(fresh, values_of(walk, folder)), walk.file, folder))
    assert data_of(folder / walk.file) == expected_data(folder, walk, fresh)
    check_render_import(shell, folder, walk)


@pytest.mark.parametrize("name", list(WALKS))
def test_the_walkthrough_in_the_editor(name: str, repo: Path, shell: Shell) -> None:
    """new, every section typed in the editor and saved, then check, render, import, F5, the list."""
    walk = WALKS[name]
    folder = repo / "reviews"
    template = template_of(walk, folder)
    fresh = fresh_review(shell, folder, walk)
    opened = shell.start(f"pirtui {walk.file}")
    shell.wait_shown(opened, f"— {template.spec.sections[0].heading}")
    first = template.spec.sections[0].heading
    shell.wait_until(lambda s: section_shown(s, first), f"{first!r} has no focus")
    type_the_review(shell, walk, template, fresh, folder)
    present_every_section(shell, template)
    shell.keys("C-s", "C-q")  # with anything unsaved, ctrl+q would ask instead of leaving
    status, output = shell.finish(opened)
    assert status == 0, output
    assert data_of(folder / walk.file) == expected_data(folder, walk, fresh)
    check_render_import(shell, folder, walk)
    listed = shell.start("pirtui .")
    shell.wait_shown(listed, "Filled")  # the review list's header
    shell.wait_until(lambda s: all(word in s for word in walk.shown), f"the review list does not show {walk.shown}")
    shell.keys("Enter")  # the list opens the review in the editor, and escape comes back to it
    shell.wait_for(f"{walk.file} — ")  # (at the section it was left at)
    shell.keys("Escape")
    shell.wait_for("Filled")
    shell.keys("q")
    assert shell.finish(listed)[0] == 0


# --- a folder that mixes the templates --------------------------------------------------------


@pytest.fixture
def mixed(repo: Path, shell: Shell) -> Path:
    """The reviews folder with each walkthrough's review (values saved) and a built-in sample."""
    folder = repo / "reviews"
    for walk in WALKS.values():
        fresh = fresh_review(shell, folder, walk)
        store.save(folder / walk.file, store.from_data(merged(fresh, values_of(walk, folder)), walk.file, folder))
    shutil.copy(BUILTIN_SAMPLE, folder / BUILTIN_SAMPLE.name)
    return folder


def test_the_review_list_actions_and_stats_over_a_folder_of_mixed_templates(mixed: Path, shell: Shell) -> None:
    listed = shell.start("pirtui .")
    shell.wait_shown(listed, "Filled")
    ids = [walk.incident_id for walk in WALKS.values()] + ["INC-2024-001"]
    screen = shell.wait_until(lambda s: all(i in s for i in ids), f"the review list does not show {ids}")
    rows = {line.split()[0]: line for line in screen.splitlines() if line.split() and line.split()[0] in ids}
    for walk in WALKS.values():
        assert all(word in rows[walk.incident_id] for word in walk.shown), screen
    assert " major " in rows[HARBOUR.incident_id], screen  # harbour's impact is its severity (by role)
    shell.keys("a")  # the folder's action items: harbour's have no priority, a blank there
    screen = shell.wait_until(lambda s: "Noor Hadd" in s and "Piet Smit" in s, "the action items do not show harbour's")
    (doing,) = [line for line in screen.splitlines() if line.startswith(HARBOUR.incident_id) and "doing" in line]
    header = next(line for line in screen.splitlines() if line.startswith("Review"))
    assert doing[header.index("Pri") : header.index("Status")].strip() == "", screen
    shell.keys("q", "q")
    assert shell.finish(listed)[0] == 0

    status, output = shell.run("pirtui actions")
    assert status == 0, output
    lines = output.splitlines()
    assert max(len(line) for line in lines) <= 80, output
    header = next(line for line in lines if line.startswith("Review"))
    assert header.split() == ["Review", "Item", "Action", "Owner", "Pri", "Due", "Status", "Late"], output
    at = {name: header.index(name) for name in ("Pri", "Status", "Late")}
    by_review = {walk.template: [line for line in lines if line.startswith(walk.incident_id)] for walk in WALKS.values()}
    for name, walk in WALKS.items():
        items = get(walk.values, template_of(walk, mixed).table_path("action-items") or "")
        statuses = [line[at["Status"] : at["Late"]].strip() for line in by_review[name]]
        assert sorted(statuses) == sorted(item[template_of(walk, mixed).column_of("action-items", "action-status") or ""]
                                          for item in items), output
    # harbour's follow-ups have no priority and no due date: blank there
    for line in by_review["harbour"]:
        assert line[at["Pri"] : at["Status"]].strip() == "", output
    (webhooks,) = by_review["pagerduty"]
    assert webhooks[at["Pri"] : at["Status"]].split() == ["P1", "2025-06-09"], output
    assert sum(line.startswith("INC-2024-001") for line in lines) == 4, output

    status, output = shell.run("pirtui stats --format json")
    assert status == 0, output
    stats = json.loads(output)
    assert stats["reviews"] == 4, output
    # each review's month comes from its template's incident-start field
    assert [period["period"] for period in stats["periods"]] == ["2024-01", "2025-03", "2025-06", "2025-09"], output
    status, output = shell.run("pirtui stats")
    assert status == 0, output
    assert max(len(line) for line in output.splitlines()) <= 80, output


# --- a template with a mistake, a review whose template is missing ----------------------------


def test_a_team_template_with_a_mistake_is_one_line_with_its_line_number(repo: Path, shell: Shell) -> None:
    """`template check`, `new --template`, and `check` of a review written before the mistake: one
    line each, naming the template file's line, exit 2; the editor opens that review read-only
    with the same line, and its file is the same bytes after."""
    folder = repo / "reviews"
    fresh_review(shell, folder, HARBOUR)
    review = folder / HARBOUR.file
    before = review.read_bytes()
    path = repo / ".pirtui" / "templates" / "harbour.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if 'path = "basics.lead"' in line)
    lines[number - 1] = lines[number - 1].replace('type = "person"', 'type = "human"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shown = "../.pirtui/templates/harbour.toml"
    status, output = shell.run(f"pirtui template check {shown}")
    assert status == 2, output
    (line,) = output.strip().splitlines()
    assert line.startswith(f"{shown}:{number}: ") and "type" in line, output
    for command in ("pirtui new --template harbour x.toml", f"pirtui check {HARBOUR.file}"):
        status, output = shell.run(command)
        assert status == 2, output
        (line,) = output.strip().splitlines()
        assert f"harbour.toml:{number}: " in line, output
    assert not (folder / "x.toml").exists()
    opened = shell.start(f"pirtui {HARBOUR.file}")
    shell.wait_shown(opened, "cannot be used here")
    shell.wait_until(lambda s: "read-only" in s.lower(), "the review is not shown read-only")
    # the line wraps at 80 columns wherever the temporary folder's name puts it: read it without spaces
    shell.wait_until(lambda s: f"harbour.toml:{number}:" in re.sub(r"\s+", "", s), "the line number is not shown")
    shell.keys("x", "C-s", "C-q")
    assert shell.finish(opened)[0] == 0
    assert review.read_bytes() == before


@pytest.fixture
def orphan(repo: Path, shell: Shell) -> Path:
    """A harbour review whose template has since gone from the repository."""
    folder = repo / "reviews"
    fresh = fresh_review(shell, folder, HARBOUR)
    store.save(folder / HARBOUR.file, store.from_data(merged(fresh, values_of(HARBOUR, folder)), HARBOUR.file, folder))
    (repo / ".pirtui" / "templates" / "harbour.toml").unlink()
    return folder / HARBOUR.file


def test_a_review_whose_template_is_missing_is_refused_in_one_line_by_check_and_render(orphan: Path, shell: Shell) -> None:
    before = (orphan.read_bytes(), orphan.with_suffix(".md").read_bytes())
    for command in (f"pirtui check {orphan.name}", f"pirtui render {orphan.name}"):
        status, output = shell.run(command)
        assert status == 2, output
        (line,) = output.strip().splitlines()
        assert "harbour" in line, output
    assert (orphan.read_bytes(), orphan.with_suffix(".md").read_bytes()) == before


def test_a_review_whose_template_is_missing_opens_read_only_losing_nothing(orphan: Path, shell: Shell) -> None:
    """The editor says why in a line, shows the file's words, takes no key into them and writes
    nothing: the TOML and the Markdown are the same bytes after it has ended."""
    before = (orphan.read_bytes(), orphan.with_suffix(".md").read_bytes())
    opened = shell.start(f"pirtui {orphan.name}")
    screen = shell.wait_shown(opened, "follows the template 'harbour@3', which cannot be used here")
    assert "read-only" in screen.lower(), screen
    shell.wait_for(HARBOUR.values["title"])  # its words are shown
    shell.keys("End", "x", "y", "z", "Enter", "C-s", "C-q")  # keys are handled in order: ctrl+q last
    assert shell.finish(opened)[0] == 0
    assert (orphan.read_bytes(), orphan.with_suffix(".md").read_bytes()) == before


def test_the_team_views_see_a_template_that_comes_back(orphan: Path, shell: Shell) -> None:
    """The review's template is missing: `pirtui actions` names the review in one line. Once the
    template is back, its follow-ups are listed again (the review file itself never changed)."""
    template = orphan.parent.parent / ".pirtui" / "templates" / "harbour.toml"
    written = orphan.stat().st_mtime - 3600  # written an hour ago, as a review in a repository is
    os.utime(orphan, (written, written))
    status, output = shell.run("pirtui actions")
    assert status == 0 and "cannot be used here" in output and HARBOUR.incident_id not in output, output
    shutil.copy(FIXTURE / ".pirtui" / "templates" / "harbour.toml", template)
    status, output = shell.run("pirtui actions")
    assert status == 0, output
    assert "cannot be used here" not in output and HARBOUR.incident_id in output, output


def test_a_choice_picked_last_in_a_row_form_survives_ctrl_s(repo: Path, shell: Shell) -> None:
    """A fast typist's follow-up in one burst: its State, picked last, then ctrl+s (the row and the
    review saved). The row must keep the State picked, as it does when ctrl+s comes a moment later."""
    folder = repo / "reviews"
    fresh_review(shell, folder, HARBOUR)
    opened = shell.start(f"pirtui {HARBOUR.file}")
    shell.wait_shown(opened, "— Basics")
    go_to(shell, "Follow-ups")
    shell.keys("a", "Renew certificates", "Tab", "Noor Haddad", "Tab", *choose("doing"), "C-s", "C-q")
    assert shell.finish(opened)[0] == 0  # ctrl+q left at once: the row was committed and saved
    (row,) = data_of(folder / HARBOUR.file)["follow_ups"]
    assert (row["task"], row["owner"], row["state"]) == ("Renew certificates", "Noor Haddad", "doing")
