"""``python -m tools.allure_privacy``: a thin wrapper around ``suite.reporting.allure_privacy``."""

import sys

from suite.reporting.allure_privacy import main

if __name__ == "__main__":
    sys.exit(main())
