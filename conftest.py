"""Registers the suite's plugins in one place: fixtures and steps by domain concept."""

pytest_plugins = [
    # configuration: the one Settings object (--target, --base-url)
    "fixtures.settings",
    # reports: sign-off against the routine (--del K/N); early, as others record into it
    "fixtures.signoff",
    # a live target: test-data profile, skips, wire guard; then, before any scenario,
    # the checks without a browser, the test-data budget and the browser check
    "fixtures.live",
    "fixtures.live_run",
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
    # reports: Allure labels and environment
    "fixtures.allure_labels",
    "fixtures.walkthrough",  # training videos (--genomgang)
    # steps: who the scenario is about (every Given that brings in a person)
    "steps.people",
    # steps: login and session (§1), search (§2.1), the customer card
    "steps.login",
    "steps.session",
    "steps.search",
    "steps.customer",
    # steps: the customer dialogs (§2.2–§2.4), reservnummer, PU-tjänsten, skyddad identitet
    "steps.customers",
    "steps.reserve",
    "steps.pu",
    "steps.protected",
    "steps.restart",
    # steps: the extra security check outside the routine (the session and the card)
    "steps.security",
]
