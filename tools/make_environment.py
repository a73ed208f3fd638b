"""Write environment.yml (for Binder / repo2docker) from requirements.txt.

requirements.txt is the one place where versions are pinned; environment.yml is derived
from it so the two can never disagree. Standard library only, so any Python 3 can run it.

    python tools/make_environment.py           # rewrite environment.yml  (`make environment.yml`)
    python tools/make_environment.py --check   # exit 1 if environment.yml is out of date
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
ENVIRONMENT = ROOT / "environment.yml"
PYTHON_VERSION = "3.11"
COMMAND = "python tools/make_environment.py"

# name==version, nothing else: environment.yml must get exactly what the course was tested with.
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+$")


def read_pins(path=REQUIREMENTS):
    """Return the pinned requirement lines of `path`, in order, without comments."""
    pins = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not PIN.match(line):
            raise ValueError(f"{Path(path).name}:{number}: expected 'name==version', got {raw.strip()!r}")
        pins.append(line)
    return pins


def render(path=REQUIREMENTS):
    """Return the text environment.yml should have for the pins in `path`."""
    lines = [
        "# GENERATED FILE: do not edit by hand.",
        f"# Made from requirements.txt by `{COMMAND}` (or `make environment.yml`).",
        "# Binder / repo2docker builds the course environment from it.",
        "name: jtbd-hands-on",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON_VERSION}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in read_pins(path)]
    lines.append("      - -e .")  # the jtbd_kit package, installed from this repo
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)
    try:
        wanted = render()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    current = ENVIRONMENT.read_text(encoding="utf-8") if ENVIRONMENT.exists() else None
    if args.check:
        if current != wanted:
            print("environment.yml is out of date: run `make environment.yml`", file=sys.stderr)
            return 1
        print("environment.yml is up to date")
        return 0
    if current != wanted:
        ENVIRONMENT.write_text(wanted, encoding="utf-8")
        print(f"wrote {ENVIRONMENT.relative_to(ROOT)}")
    else:
        print("environment.yml is already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
