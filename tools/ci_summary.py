"""``python -m tools.ci_summary``: a thin wrapper around ``mvj_suite.ci.command``."""

import sys

from mvj_suite.ci.command import main

if __name__ == "__main__":
    sys.exit(main())
