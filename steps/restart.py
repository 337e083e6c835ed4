"""The journal is restarted: what was saved must still be there."""

from __future__ import annotations

import pytest
from pytest_bdd import when

from suite.model.intent import reads
from suite.model.journal import Journal
from suite.stub_control import ControlClient


@when("journalen startas om")
@reads
def restart(journal: Journal, stub_control: ControlClient) -> None:
    # kontroll: only the bundled stub can be restarted by a scenario (skips elsewhere).
    if journal.restart is None:
        pytest.skip("Journalen kan inte startas om av testerna.")
    journal.restart()
