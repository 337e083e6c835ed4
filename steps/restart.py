"""The journal is restarted: what was saved must still be there."""

from __future__ import annotations

import pytest
from pytest_bdd import when

from mvj_suite.core.journal import Journal
from mvj_suite.model.intent import reads


@when("journalen startas om")
@reads
def restart(journal: Journal) -> None:
    # Only the bundled stub can be restarted by a scenario (@stubb-omstart skips it on
    # a real journal before it starts; this is the same rule at run time).
    if journal.restart is None:
        pytest.skip("Journalen kan inte startas om av testerna.")
    journal.restart()
