"""``python -m tools.allure_html``: a thin wrapper around ``mvj_suite.allure.html``."""

import sys

from mvj_suite.allure.html import main

if __name__ == "__main__":
    sys.exit(main())
