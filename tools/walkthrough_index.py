"""``python -m tools.walkthrough_index``: thin wrapper (mvj_suite.walkthrough.index)."""

import sys

from mvj_suite.walkthrough.index import main

if __name__ == "__main__":
    sys.exit(main())
