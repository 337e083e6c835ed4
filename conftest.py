"""Registers the suite's plugins in one place: fixtures and steps by domain concept."""

pytest_plugins = [
    # configuration: the one Settings object (--target, --base-url)
    "fixtures.settings",
    # a live target: test-data profile, skips, wire guard; preflight before any scenario
    "fixtures.live",
    "fixtures.preflight",
    # the journal under test and its control interface
    "fixtures.journal",
    # test data each scenario creates for itself; journal_data hands it out (stub or live)
    "fixtures.testdata",
    "fixtures.journal_data",
    # browser, contexts, pages; the shared clock; failure artefacts
    # remote browsers (--browser-ws-endpoint, --cdp-url); artefacts without personal data
    "fixtures.remote",
    "fixtures.privacy",
    "fixtures.browser",
    "fixtures.clock",
    "fixtures.artefacts",
    # reports: sign-off against the routine (--del K/N), Allure labels and environment
    "fixtures.signoff",
    "fixtures.allure_labels",
    "fixtures.walkthrough",  # training videos (--genomgang)
    # steps: login and session (§1), search (§2.1), the customer card
    "steps.login",
    "steps.session",
    "steps.search",
    "steps.customer",
    # steps: adding and changing customers (§2.2–§2.4), PU-tjänsten, skyddad identitet (§2.5)
    "steps.customers",
    "steps.pu",
    "steps.protected",
    "steps.restart",
]
