"""How many workers a live run spreads over when no -n is given, and how scenarios that
must not run side by side are kept on one worker (no browser)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from mvj_suite.core.parallel import GROUPS, GroupedScheduling
from mvj_suite.live.workers import (
    MAX_WORKERS,
    WORKER_MEMORY,
    Decision,
    probe_latency,
    workers_for,
)

pytestmark = pytest.mark.unit
PLENTY = 64 * 2**30


def test_a_journal_that_answers_at_once_gets_a_worker_per_core() -> None:
    assert workers_for(2, 0.0, 136, PLENTY) == 2
    assert workers_for(4, 0.001, 136, PLENTY) == 4


def test_a_slow_journal_gets_more_workers_than_cores() -> None:
    slow = workers_for(2, 0.225, 136, PLENTY)  # 50–400 ms, the median
    assert 2 < slow <= 6
    assert workers_for(2, 0.4, 136, PLENTY) >= slow


def test_workers_are_capped_by_the_machine() -> None:
    assert workers_for(2, 5.0, 136, PLENTY) == 6  # three per core
    assert workers_for(16, 5.0, 500, PLENTY) == MAX_WORKERS
    assert workers_for(2, 0.3, 136, 3 * WORKER_MEMORY) == 3  # the memory for three


def test_a_small_selection_gets_fewer_workers_or_one() -> None:
    assert workers_for(2, 0.3, 9, PLENTY) == 2
    assert workers_for(2, 0.3, 5, PLENTY) == 1
    assert workers_for(2, 0.3, 0, PLENTY) == 1


def test_a_journal_that_cannot_be_timed_counts_as_a_typical_one() -> None:
    assert workers_for(2, None, 136, PLENTY) == workers_for(2, 0.15, 136, PLENTY)


def test_the_decision_is_one_swedish_line() -> None:
    assert Decision(5, 0.2234, 2, 128).line() == (
        "Livekörningen sprids på 5 arbetare (journalen svarar på ≈ 223 ms, 2 kärnor, "
        "128 scenarier); -n N väljer själv, -n 0 kör serielt."
    )
    assert Decision(1, None, 2, None).line().startswith(
        "Livekörningen körs i en process (journalens svarstid gick inte att mäta, 2 kärnor)")


def test_a_journal_that_does_not_answer_has_no_latency() -> None:
    assert probe_latency("https://127.0.0.1:9/", timeout=2) is None  # discard port: refused


def _scheduler(tmp_path: Path, groups: dict[str, str] | None,
               costs: dict[str, int] | None = None) -> GroupedScheduling:  # fmt: skip
    from mvj_suite.core import parallel

    if groups is not None:
        work = {"groups": groups, "costs": costs or {}}
        (tmp_path / "arbete.json").write_text(json.dumps(work), encoding="utf-8")
    options = {"tx": ["popen"] * 2, "dist": "load", "numprocesses": 2}
    config = SimpleNamespace(stash={parallel._DIR_KEY: tmp_path},
                             option=SimpleNamespace(**options), getvalue=options.get)  # fmt: skip
    return GroupedScheduling(config)  # type: ignore[arg-type]


def test_a_group_is_one_unit_of_work_and_node_ids_stay_as_they_are(tmp_path: Path) -> None:
    restart_a = "steps/test_rutinen.py::test_en_ändring_finns_kvar_när_journalen_har_startats_om"
    restart_b = "steps/test_rutinen.py::test_en_ny_kund_finns_kvar_när_journalen_har_startats_om"
    other = "steps/test_rutinen.py::test_sök_kund_nås_via_menyn_kunder"
    scheduler = _scheduler(tmp_path, {restart_a: "omstart", restart_b: "omstart"})
    assert scheduler._split_scope(restart_a) == scheduler._split_scope(restart_b) == "grupp:omstart"
    assert scheduler._split_scope(other) == other  # a unit of its own, as with plain load


def test_without_groups_every_test_is_its_own_unit(tmp_path: Path) -> None:
    scheduler = _scheduler(tmp_path, None)
    assert scheduler._split_scope("steps/test_rutinen.py::test_x[a@b]") == (
        "steps/test_rutinen.py::test_x[a@b]")  # an @ in a parameter is no group


def test_the_longest_units_of_work_go_out_first(tmp_path: Path) -> None:
    sent: list[list[int]] = []

    class Node:
        send_runtest_some = staticmethod(sent.append)

    node = Node()
    ids = ["a", "b", "c", "d"]
    scheduler = _scheduler(tmp_path, {"c": "omstart", "d": "omstart"}, {"a": 3, "b": 9,
                                                                       "c": 4, "d": 4})
    scheduler.assigned_work[node] = {}  # type: ignore[index]
    scheduler.registered_collections[node] = ids  # type: ignore[index]
    for nodeid in ids:  # as xdist's schedule() fills the queue, in collection order
        scheduler.workqueue.setdefault(scheduler._split_scope(nodeid), {})[nodeid] = False
    for _ in range(3):
        scheduler._assign_work_unit(node)  # type: ignore[arg-type]
    assert sent == [[1], [2, 3], [0]]  # b (9 steps), the group (8), a (3)


def test_restarts_are_grouped_for_their_reason() -> None:
    group, why = GROUPS["stubb-omstart"]
    assert group == "omstart" and "startar om journalen" in why
