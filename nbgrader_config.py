"""nbgrader settings for the course. Run nbgrader from this folder (the repo root).

solutions/<assignment>/<assignment>.ipynb  -> `make exercises` ->  exercises/<assignment>/...
"""

import os

c = get_config()  # noqa: F821 -- traitlets provides get_config() when it loads this file

c.CourseDirectory.course_id = "jtbd-hands-on"
c.CourseDirectory.source_directory = "solutions"  # answers and hidden tests: edit these
c.CourseDirectory.release_directory = "exercises"  # generated from solutions/, committed
c.ExecutePreprocessor.timeout = 60  # seconds per cell when autograding; a stuck cell scores 0

# nbgrader's default exchange (/usr/local/share/nbgrader/exchange) is not writable on most
# machines, and JupyterLab then logs critical errors. Use a git-ignored folder next to this file.
c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".exchange")
os.makedirs(c.Exchange.root, exist_ok=True)
