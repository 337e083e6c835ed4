"""``python -m tools.allure_html``: a thin wrapper around ``suite.reporting.allure_html``."""

import sys

from suite.reporting.allure_html import main

if __name__ == "__main__":
    sys.exit(main())
