"""Registers the suite's plugins in one place: fixtures and steps by domain concept."""

pytest_plugins = [
    # configuration: the one Settings object (--target, --base-url)
    "fixtures.settings",
    # the journal under test and its control interface
    "fixtures.journal",
    # test data each scenario creates for itself
    "fixtures.testdata",
    # browser, contexts, pages; the shared clock; failure artefacts
    "fixtures.browser",
    "fixtures.clock",
    "fixtures.artefacts",
    # reports: sign-off against the routine (--del K/N), Allure labels and environment
    "fixtures.signoff",
    "fixtures.allure_labels",
    # steps: login and session (§1), search (§2.1), the customer card
    "steps.login",
    "steps.session",
    "steps.search",
    "steps.customer",
]
