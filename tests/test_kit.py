"""The package itself: public names, no work at import time, and the generated rule reference."""

import subprocess
import sys
from pathlib import Path

import jtbd_kit
from jtbd_kit.rules import rules_table

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_name_resolves():
    for name in jtbd_kit.__all__:
        assert getattr(jtbd_kit, name) is not None, name


def test_import_does_no_heavy_work():
    code = (
        "import sys, jtbd_kit; "
        "heavy = [m for m in ('ipywidgets', 'altair', 'pandas', 'lemminflect', 'sklearn', 'yaml') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import jtbd_kit pulled in: {out.stdout.strip()}"


def test_rule_reference_is_up_to_date():
    """docs/rules.md opens with the rule table; the agreement section after it is checked in
    test_checker_eval.py (the student edition has the doc but not the evaluation sets)."""
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed.startswith(rules_table()), "docs/rules.md is out of date: run `make docs`"
