"""Registers the suite's fixtures and steps (its plugins come through the pytest11 entry
point, see ``mvj_suite/plugin.py``)."""

pytest_plugins = [
    # fixtures: the run's settings, the journal, its people, the browser, the clocks and
    # the scenario's own record
    "fixtures.settings",
    "fixtures.live",
    "fixtures.journal",
    "fixtures.data",
    "fixtures.browser",
    "fixtures.clock",
    "fixtures.scenario",
    # steps: who the scenario is about (every Given that brings in a person)
    "steps.people",
    # steps: login and session (§1), search (§2.1), the Kundkort
    "steps.login",
    "steps.session",
    "steps.search",
    "steps.card",
    # steps: the customer dialogs (§2.2–§2.4): opening, typing, saving
    "steps.dialogs",
    "steps.entry",
    "steps.saving",
    # steps: reservnummer (§2.3–§2.4), PU-tjänsten, skyddad identitet (§2.5), restarts
    "steps.reserve",
    "steps.pu",
    "steps.protected",
    "steps.restart",
    # steps: the extra security check outside the routine (the session and the card)
    "steps.security",
    # steps: the keyboard-only accessibility checks outside the routine (WCAG 2.1.1, 2.4.3)
    "steps.keyboard",
]
