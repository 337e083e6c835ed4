"""``python -m tools.compare_runs A B``: a thin wrapper around ``mvj_suite.signoff.sameness``."""

import sys

from mvj_suite.signoff.sameness import main

if __name__ == "__main__":
    sys.exit(main())
