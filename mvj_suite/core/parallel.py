"""pytest plugin: what the xdist workers of one run share — groups and first-time claims.

Scenarios that must not run beside each other share one worker; something done once per
run (the first accessibility scan of a view) is done once, not once per worker.

Each scenario has its own browser context, and with ``-n`` each worker its own
stub, login and wire guard; but some scenarios act on something more than their
own context, and two of those on two workers at once would disturb each other.
They are grouped: a group is one unit of work, run on one worker in the order
collected, while the other workers go on with the rest.

``GROUPS`` says which, by tag, each with its reason. A live run needs no group
for customers: a customer a scenario changes is never a profile customer but a
person it adds from a pool, and pools hand each person out once per run
(``mvj_suite.model.pools``); profile customers are only read.

xdist's own ``loadgroup`` marks a group by appending ``@<group>`` to the test's
node id. Here the node ids stay as they are, so the sign-off and JUnit of a
parallel run name every scenario exactly as a serial run does: the workers write
which test belongs to which group to a folder the run shares, and the
controller's scheduler (``GroupedScheduling``) reads it when it splits the work.

The longest scenarios start first (by their number of steps, a fair stand-in for the
calls they wait for): a run whose slowest section came last ended with one worker
still busy and the others idle.

``claim_once`` hands out a name once per run across the workers (a file created with
``O_EXCL`` in the same folder), so a parallel run does once what a serial run does
once, and reports it the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from mvj_suite.core.bdd import scenario_of

# tag: (group, why its scenarios must not run beside each other)
GROUPS: dict[str, tuple[str, str]] = {
    "stubb-omstart": ("omstart", "startar om journalen, som alla scenarier mot den använder"),
}

_DIR_KEY = pytest.StashKey[Path]()
_WORKER_INPUT = "mvj_groups_dir"


def group_of(item: pytest.Item) -> str | None:
    """The group a collected scenario belongs to (None: it may run anywhere)."""
    for mark in item.iter_markers():
        if mark.name in GROUPS:
            return GROUPS[mark.name][0]
    return None


def shared_dir(config: pytest.Config) -> Path:
    """The folder the whole run shares, the controller and every worker (serially: the one
    process): the groups, the claims, the live run's pool claims and scenario needs."""
    return config.stash[_DIR_KEY]


@pytest.hookimpl(tryfirst=True)  # before any plugin's configure may want it
def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        folder = config.workerinput[_WORKER_INPUT]  # type: ignore[attr-defined]
        config.stash[_DIR_KEY] = Path(folder)
    else:
        config.stash[_DIR_KEY] = Path(tempfile.mkdtemp(prefix="mvj-run-"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    folder = node.config.stash.get(_DIR_KEY, None)
    if folder is not None:
        node.workerinput[_WORKER_INPUT] = str(folder)


@pytest.hookimpl(trylast=True)  # after every plugin has added its marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):
        return  # only the workers collect; the controller's scheduler reads what they wrote
    folder = shared_dir(config)
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    costs = {item.nodeid: _cost(item) for item in items}
    # Every worker collects the same scenarios: whichever writes last writes the same.
    temporary = folder / f".arbete.{os.getpid()}"
    temporary.write_text(json.dumps({"groups": groups, "costs": costs}), encoding="utf-8")
    os.replace(temporary, folder / "arbete.json")


def _cost(item: pytest.Item) -> int:
    """How long a scenario takes, roughly: its steps (0 for one skipped at collection)."""
    if item.get_closest_marker("skip") is not None:
        return 0
    scenario = scenario_of(item)
    return len(scenario.steps) if scenario is not None else 1


def claim_once(config: pytest.Config, kind: str, name: str) -> bool:
    """True for the first process of the run to claim ``name``."""
    try:
        path = _claim(shared_dir(config), kind, name)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def give_back(config: pytest.Config, kind: str, name: str) -> None:
    """Let the next worker try (what was claimed could not be done)."""
    _claim(shared_dir(config), kind, name).unlink(missing_ok=True)


def _claim(folder: Path, kind: str, name: str) -> Path:
    # Hashed: a view's name is Swedish text with spaces and dashes, not a file name.
    return folder / f"{kind}-{hashlib.sha256(name.encode()).hexdigest()[:16]}"


class GroupedScheduling(LoadScopeScheduling):
    """xdist's load scheduling, with each group one unit of work (every other test is a
    unit of its own), the longest units first."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self._work: dict[str, dict[str, Any]] | None = None
        self._ordered = False

    def _written(self) -> dict[str, dict[str, Any]]:
        if self._work is None:  # read once the workers have collected
            written = shared_dir(self.config) / "arbete.json"
            text = written.read_text(encoding="utf-8") if written.is_file() else "{}"
            self._work = json.loads(text)
        return self._work

    def _split_scope(self, nodeid: str) -> str:
        group = self._written().get("groups", {}).get(nodeid)
        return f"grupp:{group}" if group else nodeid

    def _assign_work_unit(self, node: Any) -> None:
        if not self._ordered:  # the first assignment: the queue is complete
            self._ordered = True
            costs = self._written().get("costs", {})
            ordered = sorted(self.workqueue.items(),
                             key=lambda unit: -sum(costs.get(nodeid, 1) for nodeid in unit[1]))
            self.workqueue.clear()
            self.workqueue.update(ordered)
        super()._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> GroupedScheduling | None:
    # Only in place of plain load scheduling: a --dist the user chose is theirs.
    return GroupedScheduling(config, log) if config.option.dist == "load" else None


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_DIR_KEY, None)
    if folder is not None and not hasattr(config, "workerinput"):
        shutil.rmtree(folder, ignore_errors=True)
