"""Registers the suite's fixtures and steps (its plugins come through the pytest11 entry
point, see ``suite/plugins/__init__.py``)."""

pytest_plugins = [
    # fixtures: the run's settings, the journal, its people, the browser, the clocks
    "fixtures.settings",
    "fixtures.live",
    "fixtures.journal",
    "fixtures.data",
    "fixtures.browser",
    "fixtures.clock",
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
