"""The stub's test-data profile in the project's tests.

``profiles/stubb.yaml`` names the stub's extra cards as ``${MVJ_STUBB_KORT}/…``
(``./mvj live-against-stub`` points that at the stub's card folder). Tests that
start a stub use ``stub_card_env``; tests that only need the profile's people
load it with placeholder card files, since loading checks that the files exist
and opening them is the preflight's job.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from mvj_suite.core.settings import ROOT
from mvj_suite.model.profile import Profile, load_profile

PROFILE = ROOT / "profiles" / "stubb.yaml"
CARD_KEYS = ("utan-behorighet", "utgangen", "fel-utfardare", "sjukskoterska2")


def stub_card_env(ready: dict) -> dict[str, str]:
    """What ``profiles/stubb.yaml`` needs for a running stub (its ready file)."""
    card_dir = Path(ready["cards"]["sjukskoterska"]["path"]).parent
    return {"MVJ_STUBB_KORT": str(card_dir), "MVJ_SITHS_PASSPHRASE": ready["passphrase"]}


@functools.cache
def placeholder_card_env() -> dict[str, str]:
    """Empty files where the profile expects the stub's cards (no stub runs)."""
    folder = Path(tempfile.mkdtemp(prefix="mvj-kort-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for key in CARD_KEYS:
        (folder / f"{key}.p12").write_bytes(b"")
    return {"MVJ_STUBB_KORT": str(folder), "MVJ_SITHS_PASSPHRASE": "platshållare"}


def load_stub_profile() -> Profile:
    return load_profile(PROFILE, env=placeholder_card_env())
