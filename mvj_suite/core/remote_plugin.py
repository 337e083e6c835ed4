"""pytest plugin: in a browser the tester logged into by hand (``--cdp-url``), scenarios
that need a browser of their own are skipped with the reason."""

from __future__ import annotations

import pytest

from mvj_suite.core.remote import attached_skip_reason
from mvj_suite.core.settings_plugin import settings_of


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = attached_skip_reason({m.name for m in item.iter_markers()}, settings_of(item.config))
    if reason:
        pytest.skip(reason)
