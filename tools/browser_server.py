"""``python -m tools.browser_server``: a thin wrapper over ``mvj_suite.core.browser_server``."""

import sys

from mvj_suite.core.browser_server import main

if __name__ == "__main__":
    sys.exit(main())
