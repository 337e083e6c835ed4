"""``python -m tools.signoff``: a thin wrapper around ``mvj_suite.signoff.merge``."""

import sys

from mvj_suite.signoff.merge import main

if __name__ == "__main__":
    sys.exit(main())
