"""`man pirtui` after the README's install (an editable one, which installs no data files).

The first run of the installed `pirtui` in a venv copies the packaged page to the venv's
share/man/man1, where man-db finds it from PATH (`.venv/bin` -> `.venv/share/man`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.cli import man_page
from tests.terminal import PIRTUI


def test_the_page_names_pirtui_with_a_description() -> None:
    text = man_page.PACKAGED.read_text(encoding="utf-8")
    name = text.split(".SH NAME\n", 1)[1].splitlines()[0]
    assert name.startswith("pirtui \\- ") and len(name) > len("pirtui \\- ") + 10


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs in a virtual environment, as the README installs")
@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed (.ci/run installs man-db)")
def test_man_pirtui_works_with_the_venvs_bin_on_path_after_pirtui_ran_once(tmp_path: Path) -> None:
    where = man_page.target()
    assert where is not None
    where.unlink(missing_ok=True)  # as after `pip install -e .`: the editable install put no page there
    env = {**os.environ, "PATH": f"{Path(PIRTUI).parent}{os.pathsep}/usr/bin:/bin", "MANPAGER": "cat",
           "MANWIDTH": "80", "XDG_STATE_HOME": str(tmp_path)}
    env.pop("MANPATH", None)
    subprocess.run([PIRTUI, "schema"], capture_output=True, env=env, check=True, timeout=60)
    assert where.read_bytes() == man_page.PACKAGED.read_bytes()
    found = subprocess.run(["man", "-w", "pirtui"], capture_output=True, text=True, env=env, timeout=60)
    assert found.stdout.strip() == str(where)
    page = subprocess.run(["man", "pirtui"], capture_output=True, text=True, env=env, timeout=60)
    assert page.returncode == 0
    assert "write post-incident reviews in the terminal" in page.stdout.replace("‐", "-")
