"""The suite's pytest plugins, one or more per capability, registered through one entry point.

``pyproject.toml`` names this module under ``pytest11``, so pytest loads it
(and the modules below) before it reads any conftest: the suite's options
parse whatever folder their values point into, and the hooks are there for
every run. Fixtures live in ``fixtures/`` and steps in ``steps/``; the root
``conftest.py`` registers those.
"""

pytest_plugins = [
    "mvj_suite.core.options",  # the options every run reads
    "mvj_suite.core.settings_plugin",  # the one Settings object of the run
    "mvj_suite.core.parallel",  # scenarios that must not run side by side share a worker
    "mvj_suite.core.retries",  # reruns that never hide a flake; when traces are recorded
    "mvj_suite.core.report_facts",  # each scenario and its failure, on its reports
    "mvj_suite.a11y.plugin",  # axe-core on each view of the routine (WCAG 2.1 AA)
    "mvj_suite.signoff.options",  # --signoff, --shard, --signoff-dir …
    "mvj_suite.signoff.plugin",  # the routine's verdict (--shard K/N), release facts
    "mvj_suite.progress.plugin",  # a line per scenario, a Swedish block per failure
    "mvj_suite.junit.plugin",  # --junitxml: a testcase per scenario, reruns as Surefire
    "mvj_suite.signoff.run_lock",  # one run per reports folder; no stale sign-off left behind
    "mvj_suite.live.plugin",  # a live target: the profile, what is skipped and why
    "mvj_suite.live.workers",  # a live run spreads over workers unless -n says otherwise
    "mvj_suite.live.guard_hooks",  # the wire guard's view of the running step
    "mvj_suite.live.profile_check_hooks",  # --profile-check: the profile, no run
    "mvj_suite.live.preflight_hooks",  # before any scenario: checks, data budget, browser
    "mvj_suite.core.remote_plugin",  # a browser the tester logged into by hand (--cdp-url)
    "mvj_suite.live.privacy_hooks",  # no personal data in artefacts on live
    "mvj_suite.core.artefacts",  # screenshots and traces of a failed step
    "mvj_suite.allure.labels",  # the routine's structure in Allure
    "mvj_suite.allure.steps",  # step parameters: the Gherkin arguments only
    "mvj_suite.walkthrough.plugin",  # training videos (--walkthrough)
]
