"""``python -m tools.browser_server``: a thin wrapper; the code is in ``suite.browser_server``."""

import sys

from suite.browser_server import main

if __name__ == "__main__":
    sys.exit(main())
