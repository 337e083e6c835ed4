"""``python -m tools.walkthrough_index``: thin wrapper (suite.reporting.walkthrough_index)."""

import sys

from suite.reporting.walkthrough_index import main

if __name__ == "__main__":
    sys.exit(main())
