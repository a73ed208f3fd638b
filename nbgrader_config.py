"""nbgrader settings for the course. Run nbgrader from this folder (the repo root).

solutions/<assignment>/<assignment>.ipynb  -> `make exercises` ->  exercises/<assignment>/...
"""

import os

c = get_config()  # noqa: F821 -- traitlets provides get_config() when it loads this file

# Grade safely: a copied cell does not stop the batch, a dying kernel costs only its cell, warnings on
# stderr do not fail a test, and feedback leaves out hidden tests (jtbd_kit/grading.py says how).
from jtbd_kit.grading import harden_nbgrader  # noqa: E402

harden_nbgrader(c)

c.CourseDirectory.course_id = "jtbd-hands-on"
c.CourseDirectory.source_directory = "solutions"  # answers and hidden tests: edit these
c.CourseDirectory.release_directory = "exercises"  # generated from solutions/, committed
c.ExecutePreprocessor.timeout = 60  # seconds per cell when autograding; a stuck cell scores 0

# nbgrader's default exchange (/usr/local/share/nbgrader/exchange) is not writable on most
# machines, and JupyterLab then logs critical errors. Use a git-ignored folder next to this file.
# On the class server (tools/class_server.py), JTBD_EXCHANGE names the shared exchange instead.
c.Exchange.root = os.environ.get("JTBD_EXCHANGE") or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".exchange")
os.makedirs(c.Exchange.root, exist_ok=True)
