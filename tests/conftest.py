"""pytest setup shared by all tests."""

import os
import sys
from pathlib import Path

# Make `import helpers` work whatever pytest's import mode is.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Kernels started by the notebook and nbgrader tests: silence debugpy's warning about
# frozen modules (Python 3.11), which it prints on every kernel start.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

# Hypothesis profiles. "default" (make test): Hypothesis's usual 100 examples a test, derandomized,
# so make test gives the same result on every machine (CI cannot fail by chance). "thorough"
# (make fuzz, HYPOTHESIS_PROFILE=thorough): 10,000 examples a test. Tests that set max_examples
# themselves keep their own number.
from hypothesis import settings  # noqa: E402

settings.register_profile("default", deadline=None, derandomize=True, database=None)
settings.register_profile("thorough", deadline=None, max_examples=10_000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
