from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mvj_stub.pu import PuComponent

# A "langsam" answer in these tests arrives after SLOW_DELAY_S; the client gives up after
# 0.3 s (the tests' own CLIENT_TIMEOUT_S). Stopping the component cuts the slow answer
# short, so no test waits it out.
SLOW_DELAY_S = 0.3 + 2

PersonFactory = Callable[..., dict[str, Any]]


def _person(**overrides: Any) -> dict[str, Any]:
    """A valid PU_PERSON for the control interface; override what the test is about."""
    data: dict[str, Any] = {
        "nummer": "191212121212",
        "fornamn": "Tolvan",
        "efternamn": "Tolvansson",
        "utdelningsadress": "Provgatan 12",
        "postnummer": "123 45",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740605",
        "epost": "tolvan.tolvansson@example.se",
        "delar_mobil": True,
        "delar_epost": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def pu(tmp_path: Path) -> Iterator[PuComponent]:
    """An empty PU service (no default persons) in its own data directory."""
    component = PuComponent.start(tmp_path, slow_delay_s=SLOW_DELAY_S, default_seed=False)
    try:
        yield component
    finally:
        component.stop()


@pytest.fixture
def person() -> PersonFactory:
    """``person(**overrides)``: a valid PU_PERSON for the control interface."""
    return _person
