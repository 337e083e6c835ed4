"""``python -m tools.signoff``: a thin wrapper around ``suite.reporting.signoff``."""

import sys

from suite.reporting.signoff import main

if __name__ == "__main__":
    sys.exit(main())
