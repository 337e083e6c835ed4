"""``python -m tools.benchmark``: a thin wrapper; the code is in ``mvj_suite.cli.benchmark``."""

import sys

from mvj_suite.cli.benchmark import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
