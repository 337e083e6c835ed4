"""The suite's pytest plugins: hook modules only, registered through one entry point.

``pyproject.toml`` names this package under ``pytest11``, so pytest loads it
(and the modules below) before it reads any conftest: the suite's options
parse whatever folder their values point into, and the hooks are there for
every run. Fixtures live in ``fixtures/`` and steps in ``steps/``; the root
``conftest.py`` registers those.
"""

pytest_plugins = [
    "suite.plugins.options",  # every command-line option of the suite
    "suite.plugins.settings",  # the one Settings object of the run
    "suite.plugins.retries",  # reruns that never hide a flake; when traces are recorded
    "suite.plugins.accessibility",  # axe-core on each view of the routine (WCAG 2.1 AA)
    "suite.plugins.signoff",  # the routine's verdict (--shard K/N), release facts
    "suite.plugins.progress",  # a line per scenario, a Swedish block per failure
    "suite.plugins.run_lock",  # one run per reports folder; no stale sign-off left behind
    "suite.plugins.live",  # a live target: the profile, what is skipped and why
    "suite.plugins.guard",  # the wire guard's view of the running step
    "suite.plugins.profile_check",  # --profile-check: the profile against the journal, no run
    "suite.plugins.live_run",  # before any scenario: checks, test-data budget, browser check
    "suite.plugins.remote",  # a browser the tester logged into by hand (--cdp-url)
    "suite.plugins.privacy",  # no personal data in artefacts on live
    "suite.plugins.artefacts",  # screenshots and traces of a failed step
    "suite.plugins.allure_labels",  # the routine's structure in Allure
    "suite.plugins.allure_steps",  # step parameters: the Gherkin arguments only
    "suite.plugins.walkthrough",  # training videos (--walkthrough)
]
