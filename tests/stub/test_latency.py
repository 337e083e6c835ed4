"""``serve --latency MIN-MAX``: each journal request and each PU lookup waits a drawn
time; the control interface never does. The waits are observed, never timed: a test
that timed them would be a timing assert."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvj_stub.config import StubConfig
from mvj_stub.latency import Latency, parse_latency
from mvj_stub.server import RunningStub, start

from .conftest import KEY, TOLVAN, Client, control, logged_in_nurse
from .test_cli import serve, stop, wait_until_ready


@pytest.mark.parametrize(("text", "expected"), [
    ("50-400", Latency(50, 400)), (" 0 - 0 ", Latency(0, 0)),
    ("10000-10000", Latency(10000, 10000)),
])  # fmt: skip
def test_a_latency_is_min_dash_max_milliseconds(text: str, expected: Latency) -> None:
    assert parse_latency(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("400-50", "MIN får inte vara större än MAX"),
    ("50", "ange svarstiden som MIN-MAX i millisekunder, till exempel 50-400"),
    ("-5-400", "ange svarstiden som MIN-MAX"),
    ("femtio-400", "ange svarstiden som MIN-MAX"),
    ("0-10001", "högst 10000 millisekunder"),
])  # fmt: skip
def test_a_bad_latency_is_one_swedish_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_latency(text)


def test_each_draw_lies_within_the_range() -> None:
    random.seed(7)
    draws = [Latency(50, 400).draw_s() for _ in range(2000)]
    assert min(draws) >= 0.050 and max(draws) <= 0.400
    assert max(draws) - min(draws) > 0.3  # drawn per request, not one value for the run


@pytest.fixture()
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[Latency]:
    """Every wait the stub makes, recorded instead of slept."""
    made: list[Latency] = []
    monkeypatch.setattr(Latency, "pause", lambda self, stopping=None: made.append(self))
    return made


@pytest.fixture()
def slow_stub(tmp_path: Path) -> Iterator[RunningStub]:
    config = StubConfig(data_dir=tmp_path, port=0, control=True, control_key=KEY,
                        pu_timeout=1, example_data=False, latency=Latency(50, 400))
    running = start(config)
    yield running
    running.stop()


def test_every_journal_request_waits_and_the_control_interface_never(
    slow_stub: RunningStub, pauses: list[Latency], tmp_path: Path
) -> None:
    assert control(slow_stub, "POST", "/_kontroll/kunder", {"kunder": [TOLVAN]}).status == 200
    assert pauses == []  # seeding the stub is not the journal answering
    nurse = logged_in_nurse(slow_stub, tmp_path / "kort")
    after_login = len(pauses)
    assert after_login >= 1
    nurse.get("/kunder/sok")
    Client(slow_stub).get("/logga-in")  # a page anyone may see waits too
    assert len(pauses) == after_login + 2 and set(pauses) == {Latency(50, 400)}


def test_a_pu_lookup_waits_too(slow_stub: RunningStub, pauses: list[Latency]) -> None:
    assert slow_stub.state.pu_client is not None
    slow_stub.state.pu_client.lookup("191212121212")
    assert pauses == [Latency(50, 400)]


def test_no_latency_means_no_wait(stub: RunningStub, pauses: list[Latency]) -> None:
    Client(stub).get("/logga-in")
    assert pauses == []


def test_the_latency_shows_in_the_banner_and_the_ready_file(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = serve("--data-dir", str(tmp_path / "data"), "--latency", "50-400",
                    "--ready-file", str(ready))  # fmt: skip
    try:
        assert wait_until_ready(process, ready)["latency"] == "50-400"
    finally:
        out, _err = stop(process)
    assert "Svarstid:      50-400 ms per begäran, slumpad (--latency)" in out


def test_pu_slower_than_the_journal_waits_for_it_is_refused(tmp_path: Path) -> None:
    """Every lookup would time out: a slow journal, no longer a faithful one."""
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir", str(tmp_path),
         "--latency", "50-3000", "--pu-timeout", "3"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Fel: --latency 50-3000: PU-tjänstens svarstid måste vara kortare än journalens väntan "
        "på PU (3 s) – välj ett lägre MAX eller en längre --pu-timeout.")
    assert not (tmp_path / "journal.db").exists()  # refused before anything was made
