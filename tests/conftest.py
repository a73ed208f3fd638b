"""pytest setup shared by all tests."""

import os
import sys
from pathlib import Path

# Make `import helpers` work whatever pytest's import mode is.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Kernels started by the notebook and nbgrader tests: silence debugpy's warning about
# frozen modules (Python 3.11), which it prints on every kernel start.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
