"""``python -m tools.benchmark``: a thin wrapper; the code is in ``suite.benchmark``."""

import sys

from suite.benchmark import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
