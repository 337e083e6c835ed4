"""The Allure HTML builder: one self-contained index.html, no analytics, offline."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from suite.reporting import allure_html


def _results(directory: Path) -> Path:
    directory.mkdir(parents=True)
    for name, status in (("Sök på personnummer", "passed"), ("Spara ny kund", "failed")):
        result = {
            "uuid": str(uuid.uuid4()),
            "name": name,
            "fullName": f"features/x.feature:{name}",
            "status": status,
            "stage": "finished",
            "start": 1_700_000_000_000,
            "stop": 1_700_000_001_000,
            "labels": [
                {"name": "epic", "value": "Rutin 781659 R12"},
                {"name": "feature", "value": "2.1 Sök patient"},
            ],
            "steps": [{"name": "Givet att Sara är inloggad", "status": status}],
        }
        (directory / f"{result['uuid']}-result.json").write_text(json.dumps(result), "utf-8")
    (directory / "environment.properties").write_text("M\\u00e5l=stub\n", "ascii")
    return directory


def test_analytics_markers_are_detected() -> None:
    tag = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>'
    assert allure_html.analytics_found(f"<html>{tag}</html>")
    assert allure_html.analytics_found("<html><p>ren</p></html>") == []


def test_without_results_it_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        allure_html.main(["--results", str(tmp_path / "inget"), "--out", str(tmp_path / "r")]) == 2
    )
    assert "kör sviten först" in capsys.readouterr().err


def test_without_node_it_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(allure_html.shutil, "which", lambda _name: None)
    results = _results(tmp_path / "res")
    assert allure_html.main(["--results", str(results), "--out", str(tmp_path / "r")]) == 3
    assert (
        "Installera Node.js 20+ och npm (t.ex. apt-get install nodejs npm)"
        in capsys.readouterr().err
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js saknas – kan inte bygga Allure 3")
def test_builds_one_self_contained_file_without_analytics(tmp_path: Path) -> None:
    first = _results(tmp_path / "del-1")
    second = _results(tmp_path / "del-2")
    index = allure_html.build([first, second], tmp_path / "rapport", "Test av rapporten")
    assert index == tmp_path / "rapport" / "index.html"
    assert sorted(p.suffix for p in index.parent.iterdir() if p.is_file()) == [
        ".html",
        ".json",
        ".json",
    ]
    assert not [p for p in index.parent.iterdir() if p.is_dir()]  # no asset folders
    html = index.read_text("utf-8")
    assert allure_html.analytics_found(html) == []
    assert "googletagmanager" not in html
    # Everything the page loads is inline (data: URLs); nothing from the network.
    assert 'src="http' not in html and 'href="http' not in html
    summary = json.loads((index.parent / "summary.json").read_text("utf-8"))
    assert summary["stats"]["total"] == 2 and summary["stats"]["failed"] == 1
