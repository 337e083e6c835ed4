"""pytest plugin: builds the one ``Settings`` of the run from options and environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mvj_suite.core.settings import CONFIG_ERROR_EXIT, ConfigurationError, Settings, build_settings
from mvj_suite.core.stub_process import StubStartError, breakable_rules
from mvj_suite.model.accessibility import KnownIssue
from mvj_suite.model.profile import Profile

SETTINGS_KEY = pytest.StashKey[Settings]()
# The live target's test-data profile (mvj_suite.live.plugin loads it), for every plugin.
PROFILE_KEY = pytest.StashKey[Profile]()


def settings_of(config: pytest.Config) -> Settings | None:
    """The run's settings (None before this plugin has configured)."""
    return config.stash.get(SETTINGS_KEY, None)


def profile_of(config: pytest.Config) -> Profile | None:
    """The live target's profile (None on the stub, or before it is loaded)."""
    return config.stash.get(PROFILE_KEY, None)


def known_issues(config: pytest.Config) -> tuple[KnownIssue, ...]:
    """The accessibility issues this target's team accepts (the live profile's; none on
    the stub)."""
    profile = profile_of(config)
    return profile.known_issues if profile is not None else ()


def invocation_path(config: pytest.Config, value: str) -> Path:
    """A path option's value, relative paths read from the folder pytest started in."""
    return Path(str(config.invocation_params.dir)) / value  # an absolute value replaces it


def runs_the_suite(config: pytest.Config) -> bool:
    """This pytest run is the acceptance suite (its scenarios under ``steps/``), not the
    project's own tests, which load the same plugins through the entry point."""
    steps = Path(str(config.rootpath)) / "steps"
    paths = (invocation_path(config, arg.split("::", 1)[0]).resolve() for arg in config.args)
    return any(path.is_relative_to(steps) for path in paths)


def is_live(config: pytest.Config) -> bool:
    settings = settings_of(config)
    return settings is not None and settings.is_live


def _check_breaks(names: tuple[str, ...]) -> None:
    """One Swedish line for a rule the stub cannot break, before any scenario starts."""
    try:
        known = {rule.name for rule in breakable_rules()}
    except StubStartError as error:
        pytest.exit(str(error), returncode=CONFIG_ERROR_EXIT)
    unknown = [name for name in names if name not in known]
    if unknown:
        pytest.exit(f"--break {', '.join(unknown)}: ingen sådan regel – ./mvj mutation --list "
                    "visar reglerna.", returncode=CONFIG_ERROR_EXIT)


# The options build_settings reads (their dests; ``--break`` is stored as mvj_breaks).
_OPTIONS = ("target", "base_url", "siths_card", "ca_cert", "test_data", "allow_writes",
            "real_time", "cdp_url", "browser_ws_endpoint", "live_artifacts", "artifacts_dir",
            "latency", "a11y_scan", "a11y_tags", "a11y_gate")  # fmt: skip


def build_from(config: pytest.Config) -> Settings:
    """The Settings of this run's options and environment; ConfigurationError if bad."""
    options = {key: config.getoption(key) for key in _OPTIONS}
    return build_settings({**options, "breaks": config.getoption("mvj_breaks")}, os.environ)


def pytest_configure(config: pytest.Config) -> None:
    try:
        settings = build_from(config)
    except ConfigurationError as error:
        pytest.exit(str(error), returncode=CONFIG_ERROR_EXIT)
    if settings.breaks and not hasattr(config, "workerinput"):
        _check_breaks(settings.breaks)
    config.stash[SETTINGS_KEY] = settings
    if settings.ca_cert is not None:
        # For Playwright's driver (Node: API requests), read once at its start — the
        # ``playwright`` fixture starts it later. Contexts with a client certificate do
        # not verify the server at all (Playwright 1.65), so mvj_suite.live.preflight checks
        # the server certificate itself against this CA. Without --ca-cert: system store.
        os.environ["NODE_EXTRA_CA_CERTS"] = str(settings.ca_cert)
