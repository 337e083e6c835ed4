"""``python -m tools.junit_annotations``: a thin wrapper around ``mvj_suite.ci.annotations``.

Python's standard library only (no Jinja2): it runs even where the suite's
installation failed.
"""

import sys

from mvj_suite.ci.annotations import main

if __name__ == "__main__":
    sys.exit(main())
