"""``python -m mvj_stub serve``: ready file, banner, clean stop on SIGTERM, refusals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mvj_stub.__main__ import _control_key, _parser
from mvj_stub.config import StubConfig, is_loopback_host
from mvj_stub.server import start

from .conftest import KEY

START_TIMEOUT_S = 30


def serve(*arguments: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--no-example-data",
         "--pu-timeout", "0.5", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**_without_key_env(), "MVJ_CONTROL_KEY": KEY, **(env or {})},
    )


def _without_key_env() -> dict[str, str]:
    """This process's environment without either control-key variable."""
    return {key: value for key, value in os.environ.items()
            if key != "MVJ_CONTROL_KEY"}


def wait_until_ready(process: subprocess.Popen[str], ready: Path) -> dict[str, Any]:
    """The ready file's content; waits on the child (returns early if it ends), never sleeps."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready.exists():
        try:
            code = process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            assert time.monotonic() < deadline, "stubben blev inte klar"
            continue
        _out, err = process.communicate()
        pytest.fail(f"stubben avslutades med kod {code}: {err}")
    return json.loads(ready.read_text(encoding="utf-8"))


def stop(process: subprocess.Popen[str], signum: int = signal.SIGTERM) -> tuple[str, str]:
    process.send_signal(signum)
    return process.communicate(timeout=15)


def test_serve_writes_ready_file_and_stops_on_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = serve("--data-dir", str(tmp_path / "data"), "--control", "--ready-file",
                    str(ready), env={"MVJ_CONTROL_KEY": "hemlis",
                                     "MVJ_KORT_LOSENORD": "kortlosen"})
    try:
        info = wait_until_ready(process, ready)
        assert info["url"] == f"https://127.0.0.1:{info['port']}"
        assert info["kontroll"] is True and info["control"] is True
        assert "passphrase" not in info and "kortlosen" not in ready.read_text()
        assert ready.stat().st_mode & 0o777 == 0o600
        assert info["json_api"] is False
        assert Path(info["ca_cert"]).is_file()
        assert info["pu_url"].startswith("http://127.0.0.1:")
        assert set(info["cards"]) == {"sjukskoterska", "sjukskoterska2", "utan-behorighet",
                                      "utgangen", "fel-utfardare"}
        assert info["cards"]["sjukskoterska"] == {
            "path": str(tmp_path / "data" / "pki" / "kort" / "sjukskoterska.p12"),
            "hsa_id": "SE2321000016-SJS1", "name": "Sara Sjöberg"}
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "chrome://certificate-manager" in out
    # A passphrase the starter chose is theirs: not printed (the default one is).
    assert "kortlosen" not in out and "lösenord: det i MVJ_KORT_LOSENORD" in out
    assert "har stoppats" in out
    assert "PU-tjänsten:" in out and "tidsgräns 0.5 s" in out
    assert "JSON-API:      av" in out


def test_pu_timeout_must_be_positive(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
         str(tmp_path), "--pu-timeout", "0"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert "ange ett antal sekunder större än 0" in result.stderr


def test_control_without_key_refuses_to_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
         str(tmp_path), "--control"],
        capture_output=True, text=True, env=_without_key_env(), timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Fel: --control kräver en nyckel (--control-key eller MVJ_CONTROL_KEY).")


def test_json_api_flag_reaches_the_ready_file_and_the_banner(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = serve("--data-dir", str(tmp_path / "data"), "--json-api", "--ready-file",
                    str(ready))
    try:
        assert wait_until_ready(process, ready)["json_api"] is True
    finally:
        out, _err = stop(process)
    assert "JSON-API:      på (POST /api/logga-in, POST /api/sok)" in out


# --- the control interface stays on loopback unless asked ------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_control_off_loopback_is_refused(tmp_path: Path, host: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--host", host, "--port", "0",
         "--data-dir", str(tmp_path / "data"), "--control"],
        capture_output=True, text=True, timeout=30,
        env={**_without_key_env(), "MVJ_CONTROL_KEY": KEY},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Fel: --control på {host}, som inte är loopback, vägras: då når andra datorer "
        "kontrollgränssnittet (lägg till --allow-remote-control om det är meningen)."]
    assert not (tmp_path / "data").exists()  # refused before anything was made


def test_allow_remote_control_starts_with_a_loud_warning(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = serve("--host", "0.0.0.0", "--data-dir", str(tmp_path / "data"), "--control",
                    "--allow-remote-control", "--ready-file", str(ready))
    try:
        info = wait_until_ready(process, ready)
        assert info["kontroll"] is True
    finally:
        _out, err = stop(process)
    assert process.returncode == 0
    assert "VARNING: kontrollgränssnittet är påslaget på 0.0.0.0, som inte är loopback." in err
    assert ("VARNING: den som kan nå adressen och känner nyckeln kan ändra journalens data\n"
            "VARNING: och klocka.") in err


def test_remote_control_without_control_needs_no_flag(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = serve("--host", "0.0.0.0", "--data-dir", str(tmp_path / "data"),
                    "--ready-file", str(ready))
    try:
        assert wait_until_ready(process, ready)["kontroll"] is False
    finally:
        _out, err = stop(process)
    assert "VARNING" not in err


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
    ("::ffff:127.0.0.1", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("10.0.0.1", False),
    ("192.0.2.10", False), ("::ffff:10.0.0.1", False), ("fe80::1", False),
])
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_start_refuses_remote_control_too(tmp_path: Path) -> None:
    config = StubConfig(data_dir=tmp_path / "data", host="0.0.0.0", port=0, control=True,
                        control_key=KEY)
    with pytest.raises(ValueError, match="--allow-remote-control"):
        start(config)
    assert not (tmp_path / "data").exists()


# --- one stub per data directory --------------------------------------------------

def test_second_stub_on_the_same_data_dir_stops_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = start(StubConfig(data_dir=data, port=0, control=True, control_key=KEY,
                             example_data=False))
    try:
        database = (data / "journal.db").read_bytes()
        ready = tmp_path / "redo.json"
        result = subprocess.run(
            [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
             str(data), "--ready-file", str(ready)],
            capture_output=True, text=True, timeout=30,
        )
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"Fel: Datakatalogen {data.resolve()} används redan av en annan stubbjournal "
            f"(pid {os.getpid()})."]
        assert not ready.exists()
        assert (data / "journal.db").read_bytes() == database
    finally:
        first.stop()


def test_restart_and_crash_leave_no_stale_lock(tmp_path: Path) -> None:
    data, ready = tmp_path / "data", tmp_path / "redo.json"
    process = serve("--data-dir", str(data), "--ready-file", str(ready))
    wait_until_ready(process, ready)
    stop(process)  # the suite's restart: stop, then start on the same data
    assert process.returncode == 0
    ready.unlink()
    process = serve("--data-dir", str(data), "--ready-file", str(ready))
    wait_until_ready(process, ready)
    stop(process, signal.SIGKILL)  # a crash: no clean-up runs at all
    running = start(StubConfig(data_dir=data, port=0, example_data=False))
    running.stop()


# --- the control key; the old Swedish names are gone -------------------------------

OLD_FLAG_NAMES = {"--control": "--kontroll", "--control-key": "--kontroll-nyckel",
                  "--provider-type": "--vardgivartyp", "--no-example-data": "--utan-exempeldata"}


@pytest.mark.parametrize(("flag", "environment", "expected"), [
    ("flaggan", "miljön", "flaggan"),
    (None, "miljön", "miljön"),
    (None, None, None),
])
def test_the_flag_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch, flag: str | None,
                                            environment: str | None,
                                            expected: str | None) -> None:
    monkeypatch.setenv("MVJ_KONTROLL_NYCKEL", "det-gamla-namnet-läses-inte")
    if environment is None:
        monkeypatch.delenv("MVJ_CONTROL_KEY", raising=False)
    else:
        monkeypatch.setenv("MVJ_CONTROL_KEY", environment)
    assert _control_key(flag) == expected


@pytest.mark.parametrize("old", list(OLD_FLAG_NAMES.values()))
def test_the_old_swedish_flag_names_are_gone(old: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        _parser().parse_args(["serve", old, *(["x"] if old == "--kontroll-nyckel" else [])])
    assert refused.value.code == 2
    assert old in capsys.readouterr().err


def test_help_shows_the_english_flag_names_only(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--help"])
    text = capsys.readouterr().out
    for new in OLD_FLAG_NAMES:
        assert new in text
    for old in OLD_FLAG_NAMES.values():
        assert old not in text
