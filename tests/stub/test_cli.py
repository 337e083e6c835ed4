"""``python -m mvj_stub serve``: ready file, banner, clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_serve_writes_ready_file_and_stops_on_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "redo.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
         str(tmp_path / "data"), "--kontroll", "--ready-file", str(ready),
         "--utan-exempeldata", "--pu-timeout", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "MVJ_KONTROLL_NYCKEL": "hemlis", "MVJ_KORT_LOSENORD": "kortlosen"},
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)  # polling a child process, not the suite
        info = json.loads(ready.read_text(encoding="utf-8"))
        assert info["url"] == f"https://127.0.0.1:{info['port']}"
        assert info["kontroll"] is True and info["passphrase"] == "kortlosen"
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
    assert "chrome://certificate-manager" in out and "kortlosen" in out
    assert "har stoppats" in out
    assert "PU-tjänsten:" in out and "tidsgräns 0.5 s" in out


def test_pu_timeout_must_be_positive(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
         str(tmp_path), "--pu-timeout", "0"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert "ange ett antal sekunder större än 0" in result.stderr


def test_kontroll_without_key_refuses_to_start(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "MVJ_KONTROLL_NYCKEL"}
    result = subprocess.run(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0", "--data-dir",
         str(tmp_path), "--kontroll"],
        capture_output=True, text=True, env=env, timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Fel: --kontroll kräver en nyckel")
