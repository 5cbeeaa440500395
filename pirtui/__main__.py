"""`python -m pirtui`: the same as the `pirtui` command, for a venv whose scripts are not on PATH."""

import sys

from pirtui.cli.main import main

sys.exit(main())
