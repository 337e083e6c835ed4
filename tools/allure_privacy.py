"""``python -m tools.allure_privacy``: a thin wrapper around ``mvj_suite.core.allure_privacy``."""

import sys

from mvj_suite.core.allure_privacy import main

if __name__ == "__main__":
    sys.exit(main())
