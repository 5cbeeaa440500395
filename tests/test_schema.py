"""The JSON Schema of FILE.toml: published, up to date, met by the samples, read by Taplo through the
`#:schema` directive that `pirtui new` writes and every save keeps."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import tomli

from pirtui.core import store
from pirtui.cli.main import main
from pirtui.core.schema import SCHEMA_FILE, review_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "schema" / SCHEMA_FILE
SAMPLES = sorted((ROOT / "sample_reviews").glob("*.toml"))
TAPLO = str(Path(sys.executable).parent / "taplo")


def test_the_published_schema_is_up_to_date():
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), "run: pirtui schema > schema/pirtui-review.schema.json"


def test_pirtui_schema_prints_it(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == review_schema()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_samples_validate(sample: Path):
    jsonschema.validate(tomli.loads(sample.read_text(encoding="utf-8")), json.loads(PUBLISHED.read_text(encoding="utf-8")))


def test_the_schema_refuses_what_the_loader_refuses():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"incident": {"severity": 2}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"timeline": [{"time": "14:30", "when": "typo"}]}, schema)
    jsonschema.validate({"incident": {"severity": "SEV-9 (made up)"}}, schema)  # a draft may hold anything


def test_fields_are_described_in_the_templates_words():
    schema = review_schema()
    start = schema["$defs"]["Incident"]["properties"]["start"]
    assert start["description"] == "Start (Incident Information): YYYY-MM-DD HH:MM"
    severity = schema["$defs"]["Incident"]["properties"]["severity"]
    assert severity["examples"] == ["SEV-1", "SEV-2", "SEV-3"]
    assert schema["$defs"]["TimelineEvent"]["properties"]["milestone"]["examples"][0] == "first impact"
    assert schema["$defs"]["ActionItem"]["properties"]["due"]["description"].startswith("Due Date")
    assert schema["properties"]["incident"]["description"] == "The template's Incident Information section."


def test_new_writes_the_directive_and_the_schema_beside_and_saves_keep_it(tmp_path: Path):
    path = tmp_path / "r.toml"
    assert main(["new", str(path)]) == 0
    assert path.read_text(encoding="utf-8").startswith(f"#:schema {SCHEMA_FILE}\nschema_version = 1\n")
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    review = store.load(path)
    review.title = "Saved again"
    store.save(path, review)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"#:schema {SCHEMA_FILE}\n") and text.count("#:schema") == 1
    assert store.load(path).title == "Saved again"


def test_a_team_can_name_a_url_or_no_directive(tmp_path: Path):
    (tmp_path / ".pirtui.toml").write_text('schema_directive = "https://example.com/s.json"\n', encoding="utf-8")
    assert main(["new", str(tmp_path / "a.toml")]) == 0
    assert (tmp_path / "a.toml").read_text(encoding="utf-8").startswith("#:schema https://example.com/s.json\n")
    assert not (tmp_path / SCHEMA_FILE).exists()
    (tmp_path / ".pirtui.toml").write_text('schema_directive = ""\n', encoding="utf-8")
    assert main(["new", str(tmp_path / "b.toml")]) == 0
    assert (tmp_path / "b.toml").read_text(encoding="utf-8").startswith("schema_version = 1\n")


def taplo_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TAPLO, "check", path.name], cwd=path.parent, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


def test_taplo_validates_a_review_through_its_directive(tmp_path: Path):
    sample = tmp_path / "inc.toml"
    shutil.copy(SAMPLES[0], sample)
    (tmp_path / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    sample.write_text(f"#:schema {SCHEMA_FILE}\n" + sample.read_text(encoding="utf-8"), encoding="utf-8")
    good = taplo_check(sample)
    assert good.returncode == 0, good.stderr

    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace('severity = "SEV-2"', "severity = 2").replace("[incident]\n", "[incident]\nstarted = \"x\"\n"),
                      encoding="utf-8")
    bad = taplo_check(sample)
    assert bad.returncode == 1
    assert '2 is not of type "string"' in bad.stderr
    assert "'started' was unexpected" in bad.stderr
