"""The Allure HTML builder: one self-contained index.html, no analytics, offline; the
verdict in the environment block, Swedish categories, and history between runs."""

from __future__ import annotations

import base64
import json
import re
import shutil
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.allure import html as allure_html
from mvj_suite.live import plugin as live

RESULTS = (
    ("Sök på personnummer", "passed", ""),
    ("Spara ny kund", "failed", "AssertionError: Locator expected to be visible"),
)
MIXED = (
    *RESULTS,
    ("Sök utan kort", "broken", "playwright._impl._errors.TimeoutError: Timeout 5000ms"),
    ("PU svarar inte", "skipped", f"Skipped: {live.SKIP_STUB_ONLY}"),
    ("Spara mot riktig journal", "skipped", f"Skipped: {live.SKIP_WRITES}"),
)
SWEDISH_CATEGORIES = {
    "Instabila scenarier",
    "Bara mot stubben",
    "Överhoppade",
    "Fel i journalen",
    "Fel i sviten eller miljön",
}
ALLURE_DEFAULTS = ("Product defects", "Test defects")


def _results(directory: Path, results: tuple[tuple[str, str, str], ...] = RESULTS) -> Path:
    directory.mkdir(parents=True)
    for name, status, message in results:
        result = {
            "uuid": str(uuid.uuid4()),
            "historyId": uuid.uuid5(uuid.NAMESPACE_URL, name).hex,
            "name": name,
            "fullName": f"features/x.feature:{name}",
            "status": status,
            "statusDetails": {"message": message} if message else {},
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
    # What mvj_suite/allure/labels.py writes at the end of a run.
    (directory / "environment.properties").write_text(
        "M\\u00e5l=stub\nWebbl\\u00e4sare=chromium 150.0\n", "ascii"
    )
    return directory


def _signoff(path: Path, approved: bool = False, **release: str) -> Path:
    """signoff.json as mvj_suite/signoff/render.py writes it (only what the report reads)."""
    scenarios = [
        {"name": "Sök på personnummer", "outcome": "passed", "stub_only": False, "extra": False},
        {"name": "Spara ny kund", "outcome": "failed", "stub_only": False, "extra": False},
        {"name": "PU svarar inte", "outcome": "skipped", "stub_only": True, "extra": False},
        {"name": "Annans kort", "outcome": "passed", "stub_only": False, "extra": True},
    ]
    data = {
        "format": 1,
        "routine": {"number": "781659", "revision": "R12", "title": "Logga in …"},
        "release": {
            "target": "live",
            "base_url": "https://mvjournal-test.example.se",
            "journal_version": "MittVaccin Journal version 4.2.0",
            "suite_commit": "acaeef0",
            **release,
        },
        "scenarios": scenarios,
        "verdict": {
            "approved": approved,
            "text": "GODKÄND" if approved else "EJ GODKÄND",
            "reasons": [] if approved else ["»Spara ny kund« fallerade i steget Då …"],
        },
    }
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _environment(directory: Path) -> dict[str, str]:
    text = (directory / "environment.properties").read_text("ascii")  # ASCII, as Allure 2 read
    return allure_html.parse_properties(text)


def _fake_allure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the npm allure CLI: writes index.html and appends one history line,
    as Allure 3 does; logs each config it was given (the returned file). No Node.js."""
    script = tmp_path / "fake-allure"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, pathlib\n"
        "config = json.loads(pathlib.Path(sys.argv[3]).read_text('utf-8'))\n"
        "out = pathlib.Path(config['output']); out.mkdir(parents=True, exist_ok=True)\n"
        "(out / 'index.html').write_text('<html></html>', 'utf-8')\n"
        "history = pathlib.Path(config['historyPath'])\n"
        "with history.open('a', encoding='utf-8') as file:\n"
        "    file.write(json.dumps({'name': config['name']}) + '\\n')\n"
        "log = pathlib.Path(sys.argv[0]).with_suffix('.log')\n"
        "with log.open('a', encoding='utf-8') as file:\n"
        "    file.write(json.dumps(config) + '\\n')\n",
        "utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setattr(allure_html, "ensure_allure", lambda: script)
    return script.with_suffix(".log")


def _embedded(index: Path) -> dict[str, Any]:
    """The report's data files, which the single-file page embeds as base64."""
    html = index.read_text("utf-8")
    return {
        m[1]: json.loads(base64.b64decode(m[2]))
        for m in re.finditer(r'd\("((?:data|widgets)/[^"]+\.json)","([A-Za-z0-9+/=]*)"\)', html)
    }


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


def test_the_environment_block_shows_the_verdict_in_swedish(tmp_path: Path) -> None:
    results = [_results(tmp_path / "del-1"), _results(tmp_path / "del-2")]
    record, why_not = allure_html.load_signoff(_signoff(tmp_path / "signoff.json"))
    assert record is not None and why_not == ""
    allure_html.write_report_metadata(results, record, allure_html.NO_VERDICT)
    environment = _environment(results[0])
    assert next(iter(environment)) == "Besked"  # first in Allure's table
    assert environment["Besked"] == "EJ GODKÄND"
    assert environment["Skäl"] == "»Spara ny kund« fallerade i steget Då …"
    assert environment["Rutin"] == "781659 R12"
    assert environment["Mål"] == "live"
    assert environment["Bas-URL"] == "https://mvjournal-test.example.se"
    assert environment["Journalversion"] == "MittVaccin Journal version 4.2.0"
    assert environment["Sviten-commit"] == "acaeef0"
    # The extra security check is outside the routine and not counted.
    assert (environment["Godkända"], environment["Fallerade"]) == ("1", "1")
    assert (environment["Bara mot stubben"], environment["Ej körda"]) == ("1", "0")
    assert environment["Webbläsare"] == "chromium 150.0"  # the suite's own fact is kept
    # Every folder gets the same file: Allure keeps whichever it reads last.
    assert _environment(results[1]) == environment


def test_an_approved_run_says_godkand_and_has_no_reasons(tmp_path: Path) -> None:
    results = [_results(tmp_path / "res")]
    record, _ = allure_html.load_signoff(_signoff(tmp_path / "s.json", approved=True))
    allure_html.write_report_metadata(results, record, allure_html.NO_VERDICT)
    environment = _environment(results[0])
    assert environment["Besked"] == "GODKÄND" and "Skäl" not in environment


def test_properties_round_trip_through_escapes() -> None:
    facts = {"Bas-URL": "https://x.example.se:8443/a=b", "Sviten-commit": "e1ea518 (ändringar)"}
    text = allure_html.render_properties(facts)
    assert text.isascii() and "\\u00e4" in text and "https\\://" in text
    assert allure_html.parse_properties(text) == facts


def test_categories_are_swedish_and_leave_nothing_to_allures_defaults(tmp_path: Path) -> None:
    results = [_results(tmp_path / "res")]
    allure_html.write_report_metadata(results, None, allure_html.NO_VERDICT)
    categories = json.loads((results[0] / "categories.json").read_text("utf-8"))
    assert {c["name"] for c in categories} == SWEDISH_CATEGORIES
    assert not any(default in json.dumps(categories) for default in ALLURE_DEFAULTS)
    # Allure falls back to its English categories for a failed or broken result that
    # matches none: a catch-all (no message rule) must exist for each.
    for status in ("failed", "broken"):
        assert any(
            c["matchedStatuses"] == [status] and "messageRegex" not in c and "flaky" not in c
            for c in categories
        ), status


def _category(categories: list[dict[str, Any]], status: str, message: str) -> str:
    """Allure 3's allure2 plugin: the first category whose statuses and regex match."""
    for category in categories:
        regex = category.get("messageRegex")
        # Allure 3 searches (JavaScript test()), Allure 2 matched the whole message.
        matches = regex is None or bool(re.fullmatch(regex, message, re.S))
        if status in category["matchedStatuses"] and not category.get("flaky") and matches:
            return str(category["name"])
    return "ingen"


def test_the_live_skips_only_the_stub_can_show_are_their_own_category() -> None:
    categories = list(allure_html.CATEGORIES)
    stub_only = [*live.STUB_ONLY_REASONS.values(), live.SKIP_STUB_ONLY, live.SKIP_SERVER_CLOCK]
    for reason in stub_only:
        assert live.is_stub_only(reason)
        assert _category(categories, "skipped", f"Skipped: {reason}") == "Bara mot stubben"
    assert _category(categories, "skipped", f"Skipped: {live.SKIP_WRITES}") == "Överhoppade"
    assert _category(categories, "skipped", "Skipped: Testdataprofilen saknar …") == "Överhoppade"
    assert _category(categories, "failed", "AssertionError: …") == "Fel i journalen"
    assert _category(categories, "broken", "TimeoutError: …") == "Fel i sviten eller miljön"


def test_a_missing_signoff_is_one_swedish_line_and_a_clear_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_allure(tmp_path, monkeypatch)
    results = _results(tmp_path / "res")
    missing = tmp_path / "inget" / "signoff.json"
    argv = ["--results", str(results), "--out", str(tmp_path / "r"), "--signoff", str(missing)]
    assert allure_html.main(argv) == 0
    err = capsys.readouterr().err.strip()
    assert err == (
        f"Inget besked i Allure-rapporten: {missing} saknas – kör ./mvj suite eller "
        "python -m tools.signoff merge först."
    )
    environment = _environment(results)
    assert environment["Besked"] == "saknas – ingen godkännanderapport (signoff.json)"
    assert environment["Mål"] == "stub"  # the run's own facts are still shown
    assert "Godkända" not in environment


def test_an_unreadable_signoff_is_one_line_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_allure(tmp_path, monkeypatch)
    results = _results(tmp_path / "res")
    broken = tmp_path / "signoff.json"
    broken.write_text("{inte json", "utf-8")
    argv = ["--results", str(results), "--out", str(tmp_path / "r"), "--signoff", str(broken)]
    assert allure_html.main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"Inget besked i Allure-rapporten: {broken} går inte att läsa (")
    assert len(err.strip().splitlines()) == 1


def test_the_default_signoff_is_reports_signoff_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_allure(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)
    results = _results(tmp_path / "reports" / "allure-results")
    _signoff(tmp_path / "reports" / "signoff.json", approved=True)
    assert allure_html.main([]) == 0
    assert _environment(results)["Besked"] == "GODKÄND"
    assert (tmp_path / "reports" / "allure-rapport" / "index.html").is_file()


def test_a_signoff_of_another_run_gives_no_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale reports/signoff.json must not put another run's verdict on this report."""
    _fake_allure(tmp_path, monkeypatch)
    results = _results(tmp_path / "res")  # started 2023-11-14
    stale = _signoff(
        tmp_path / "signoff.json",
        approved=True,
        started="2026-11-30T15:42:35+00:00",
        finished="2026-11-30T15:44:19+00:00",
    )
    argv = ["--results", str(results), "--out", str(tmp_path / "r"), "--signoff", str(stale)]
    assert allure_html.main(argv) == 0
    assert "hör till en annan körning" in capsys.readouterr().err
    assert _environment(results)["Besked"] == "okänt – signoff.json hör till en annan körning"
    # the same run (around 2023-11-14 22:13 UTC) is accepted
    same = _signoff(
        tmp_path / "same.json",
        approved=True,
        started="2023-11-14T22:12:00+00:00",
        finished="2023-11-14T22:20:00+00:00",
    )
    argv[-1] = str(same)
    assert allure_html.main(argv) == 0
    assert _environment(results)["Besked"] == "GODKÄND"


def test_the_previous_history_is_carried_into_the_new_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _fake_allure(tmp_path, monkeypatch)
    results = _results(tmp_path / "res")
    previous = tmp_path / "cache" / "history"  # where CI restores the last report's folder
    previous.mkdir(parents=True)
    (previous / "history.jsonl").write_text('{"name": "förra"}\n', "utf-8")
    out = tmp_path / "rapport"
    argv = ["--results", str(results), "--out", str(out), "--history", str(previous)]
    assert allure_html.main([*argv, "--signoff", str(_signoff(tmp_path / "s.json"))]) == 0
    lines = (out / "history" / "history.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["förra", allure_html.DEFAULT_NAME]
    assert (previous / "history.jsonl").read_text("utf-8") == '{"name": "förra"}\n'  # untouched
    config = json.loads(log.read_text("utf-8").splitlines()[-1])
    assert config["historyLimit"] == allure_html.HISTORY_LIMIT
    # Allure gets the history outside the report folder: it flattens its plugin's
    # folder only when that is the single folder in the output.
    assert not Path(config["historyPath"]).is_relative_to(out)
    # Default: the history/ of the previous report in --out – the trend grows locally too.
    assert allure_html.main(argv[:4]) == 0
    lines = (out / "history" / "history.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 3
    assert "Ingen tidigare historik" not in capsys.readouterr().err


def test_a_missing_history_starts_the_trend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_allure(tmp_path, monkeypatch)
    results = _results(tmp_path / "res")
    cache = tmp_path / "tom"
    argv = ["--results", str(results), "--out", str(tmp_path / "r"), "--history", str(cache)]
    assert allure_html.main(argv) == 0
    assert f"Ingen tidigare historik i {cache} – trenden börjar med den här körningen." in (
        capsys.readouterr().err
    )
    assert len((tmp_path / "r" / "history" / "history.jsonl").read_text().splitlines()) == 1


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
    # no asset folders; only the history CI carries to the next run
    assert [p.name for p in index.parent.iterdir() if p.is_dir()] == ["history"]
    html = index.read_text("utf-8")
    assert allure_html.analytics_found(html) == []
    assert "googletagmanager" not in html
    # Everything the page loads is inline (data: URLs); nothing from the network.
    assert 'src="http' not in html and 'href="http' not in html
    summary = json.loads((index.parent / "summary.json").read_text("utf-8"))
    assert summary["stats"]["total"] == 2 and summary["stats"]["failed"] == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js saknas – kan inte bygga Allure 3")
def test_the_built_report_has_the_verdict_swedish_categories_and_a_trend(tmp_path: Path) -> None:
    results = _results(tmp_path / "res", MIXED)
    signoff = _signoff(tmp_path / "signoff.json")
    out = tmp_path / "rapport"
    allure_html.build([results], out, "Test av rapporten", signoff)
    index = allure_html.build([results], out, "Test av rapporten", signoff)  # a second run
    data = _embedded(index)
    environment = {item["name"]: item["values"] for item in data["widgets/environment.json"]}
    assert environment["Besked"] == ["EJ GODKÄND"] and environment["Mål"] == ["live"]
    categories = data["data/categories.json"]["children"]
    by_name = {
        c["name"]: {leaf["name"] for m in c["children"] for leaf in m["children"]}
        for c in categories
    }
    assert by_name == {
        "Fel i journalen": {"Spara ny kund"},
        "Fel i sviten eller miljön": {"Sök utan kort"},
        "Bara mot stubben": {"PU svarar inte"},
        "Överhoppade": {"Spara mot riktig journal"},
    }
    assert not any(default in json.dumps(data) for default in ALLURE_DEFAULTS)
    trend = data["widgets/history-trend.json"]
    assert [point["buildOrder"] for point in trend] == [2, 1]


def test_the_run_is_shown_in_swedish_local_time(tmp_path: Path) -> None:
    results = [_results(tmp_path / "del-1")]  # 2023-11-14 22:13:20–22:13:21 UTC
    # an earlier build's span in the folder is not this build's
    with (results[0] / "environment.properties").open("a", encoding="ascii") as file:
        file.write("K\\u00f6rningen=1999-01-01 kl. 00.00\n")
    allure_html.write_report_metadata(results, None, allure_html.NO_VERDICT)
    assert _environment(results[0])["Körningen"] == "2023-11-14 kl. 23.13–23.13 (svensk tid)"
    # among the first five, which Allure's environment block shows without "Visa allt"
    record, _ = allure_html.load_signoff(_signoff(tmp_path / "s.json"))
    allure_html.write_report_metadata(results, record, allure_html.NO_VERDICT)
    assert list(_environment(results[0]))[:4] == ["Besked", "Skäl", "Rutin", "Körningen"]


def test_a_summer_night_run_keeps_both_dates() -> None:
    start = datetime(2026, 6, 30, 21, 59, tzinfo=UTC).timestamp() * 1000
    stop = datetime(2026, 6, 30, 22, 1, tzinfo=UTC).timestamp() * 1000
    assert allure_html.local_span(start, stop) == (
        "2026-06-30 kl. 23.59 – 2026-07-01 kl. 00.01 (svensk tid)")  # summer time, UTC+2


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js saknas – kan inte bygga Allure 3")
def test_the_first_build_after_a_cache_restore_shows_a_trend(tmp_path: Path) -> None:
    """As CI does it: the previous run's history/ saved, restored on a new machine into an
    empty reports folder, then the report built with --history."""
    results = _results(tmp_path / "res", MIXED)
    first = allure_html.build([results], tmp_path / "forra", "Förra körningen")
    cache = tmp_path / "cache" / "history"
    shutil.copytree(first.parent / "history", cache)  # actions/cache save … restore
    shutil.rmtree(first.parent)
    out = tmp_path / "reports" / "allure-rapport"
    index = allure_html.build([results], out, "Den här körningen", history=cache)
    trend = _embedded(index)["widgets/history-trend.json"]
    assert [point["buildOrder"] for point in trend] == [2, 1]
    assert [point["data"]["failed"] for point in trend] == [1, 1]
    assert len((out / "history" / "history.jsonl").read_text("utf-8").splitlines()) == 2
