"""``./mvj mutation``: judging a break, the reports, the exit status and the sign-off line.

The runs themselves are faked here (a ``run_pytest`` that writes the sign-off a real
run would write); the real thing runs in CI as the smoke selection of ``./mvj test``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from mvj_suite.core.output import CommandError
from mvj_suite.core.settings import ConfigurationError, build_settings
from mvj_suite.core.stub_process import Rule
from mvj_suite.model.outcomes import FAILED, PASSED
from mvj_suite.mutation import command as runner
from mvj_suite.mutation.record import (
    CAUGHT,
    ERROR,
    MISSED,
    BreakResult,
    MutationRecord,
    render_html,
    render_markdown,
    write_reports,
)
from mvj_suite.signoff.detection import detection_note, same_commit
from mvj_suite.signoff.merge import main
from mvj_suite.signoff.model import RunRecord, ScenarioResult
from mvj_suite.signoff.render import render_markdown as render_signoff

ENTRY = Rule("search-three-characters", "2.1", "Sök kund söker redan på tre tecken.")


def write_signoff(folder: Path, *scenarios: ScenarioResult) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = RunRecord(scenarios=list(scenarios), release={"suite_commit": "abc1234"})
    (folder / "signoff.json").write_text(json.dumps(record.to_json()), encoding="utf-8")


def scenario(name: str, outcome: str = PASSED, step: str = "",
             assertion: bool = True) -> ScenarioResult:
    return ScenarioResult(nodeid=f"x::{name}", name=name, sections=["2.1"], outcome=outcome,
                          failed_step=step, failed_on_assertion=bool(step) and assertion,
                          reason="AssertionError" if outcome == FAILED else "")


# --- judging one break -------------------------------------------------------------------


def test_a_failed_step_catches_the_break(tmp_path: Path) -> None:
    write_signoff(tmp_path, scenario("Minst fyra tecken", FAILED, "Så ombeds hon …"),
                  scenario("Sök kund nås via menyn"))
    result = runner.judge_break(ENTRY, tmp_path, 1, 12.34)
    assert result.verdict == CAUGHT
    assert result.caught_by == ["Minst fyra tecken"]
    assert result.scenarios == 2 and result.seconds == 12.3


def test_every_scenario_passing_misses_the_break(tmp_path: Path) -> None:
    write_signoff(tmp_path, scenario("A"), scenario("B"))
    result = runner.judge_break(ENTRY, tmp_path, 0, 1.0)
    assert result.verdict == MISSED and result.caught_by == []


def test_a_failure_before_any_step_is_an_error_not_a_catch(tmp_path: Path) -> None:
    # e.g. the broken stub did not start: every scenario errors in its fixtures.
    write_signoff(tmp_path, scenario("A", FAILED), scenario("B", FAILED))
    result = runner.judge_break(ENTRY, tmp_path, 1, 1.0)
    assert result.verdict == ERROR
    assert "inte på ett påstående om journalen" in result.problems[0]


def test_a_step_that_failed_without_an_assertion_is_no_catch(tmp_path: Path) -> None:
    # pytest-bdd sets up fixtures inside the first step: a stub that did not start, or a
    # click that timed out, fails "Givet att …" without any assertion about the journal.
    write_signoff(tmp_path, scenario("A", FAILED, "Givet att sjuksköterskan Sara är inloggad",
                                     assertion=False))
    result = runner.judge_break(ENTRY, tmp_path, 1, 1.0)
    assert result.verdict == ERROR and result.caught_by == []


def test_run_errors_make_the_break_an_error_even_with_failed_steps(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    record = RunRecord(scenarios=[scenario("A", FAILED, "Så …")],
                       run_errors=["insamlingsfel i features/x.feature",
                                   "stubbjournalen bröt medvetet mot x (--break): …"])
    (tmp_path / "signoff.json").write_text(json.dumps(record.to_json()), encoding="utf-8")
    result = runner.judge_break(ENTRY, tmp_path, 1, 1.0)
    assert result.verdict == ERROR and "insamlingsfel" in result.problems[0]
    assert "bröt medvetet" not in result.problems[0]  # the expected note is no error


def test_a_run_without_scenarios_or_report_is_an_error(tmp_path: Path) -> None:
    assert runner.judge_break(ENTRY, tmp_path / "saknas", 4, 1.0).verdict == ERROR
    write_signoff(tmp_path)
    result = runner.judge_break(ENTRY, tmp_path, 5, 1.0)
    assert result.verdict == ERROR and "inga scenarier" in result.problems[0]


# --- the command -------------------------------------------------------------------------


def test_the_catalogue_comes_from_the_stub_and_covers_every_section() -> None:
    entries = runner.catalogue()
    assert len(entries) >= 25
    assert {rule.section for rule in entries} == {"1", "2.1", "2.2", "2.3", "2.4", "2.5"}
    assert set(runner.SMOKE_BREAKS) <= {rule.name for rule in entries}
    # the smoke selection spans three sections, §1 among them
    assert len({rule.section for rule in entries if rule.name in runner.SMOKE_BREAKS}) == 3


def test_unknown_rule_and_bad_options_stop_with_one_swedish_line() -> None:
    with pytest.raises(CommandError, match="okänd regel nope"):
        runner.choose(runner.catalogue(), ["nope"])
    with pytest.raises(CommandError, match="-n ska vara"):
        runner.parse(["-n", "-1"])


def test_section_one_runs_with_the_extra_session_checks() -> None:
    assert runner.marker_expression(["1"]) == "rutin-1 or extra-sakerhet"
    assert runner.marker_expression(["2.1", "2.1", "2.5"]) == "rutin-2.1 or rutin-2.5"


class FakeRuns:
    """Stands in for pytest: writes the sign-off a real run would, per break."""

    def __init__(self, missed: set[str], baseline_code: int = 0) -> None:
        self.missed = missed
        self.baseline_code = baseline_code
        self.calls: list[list[str]] = []

    def __call__(self, args: Sequence[str], log: Path | None = None) -> int:
        self.calls.append(list(args))
        folder = Path(next(a for a in args if a.startswith("--signoff-dir=")).split("=", 1)[1])
        if "--break" not in args:
            return self.baseline_code
        name = args[list(args).index("--break") + 1]
        if name in self.missed:
            write_signoff(folder, scenario("A"))
            return 0
        write_signoff(folder, scenario("A", FAILED, "Så …"))
        return 1


def run_cli(args: list[str], fake: FakeRuns) -> int:
    options = runner.check(args)
    assert options is not None
    return runner.mutation(options, fake)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_all_caught_exits_zero_and_writes_the_three_reports(in_tmp: Path) -> None:
    names = ["consent-preticked", "expired-card-accepted"]
    fake = FakeRuns(missed=set())
    code = run_cli([arg for n in names for arg in ("--break", n)], fake)
    assert code == 0
    data = json.loads((in_tmp / "reports/mutation.json").read_text("utf-8"))
    assert data["summary"]["caught"] == 2 and data["summary"]["total"] == 2
    assert data["summary"]["sections"] == {"1": {"caught": 1, "total": 1},
                                           "2.2": {"caught": 1, "total": 1}}
    assert data["baseline"].startswith("grön")
    assert (in_tmp / "reports/mutation.md").is_file()
    assert (in_tmp / "reports/mutation.html").is_file()
    # the baseline first, then one run per break, each with its section and no reruns
    assert "--break" not in fake.calls[0]
    # every run against the bundled stub, whatever MVJ_TARGET says
    assert all(call[call.index("--target") + 1] == "stub" for call in fake.calls)
    assert fake.calls[1][fake.calls[1].index("-m") + 1] == "rutin-2.2"
    assert "--reruns" in fake.calls[1] and fake.calls[1][fake.calls[1].index("--reruns") + 1] == "0"


def test_a_missed_break_exits_non_zero_and_is_named(in_tmp: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeRuns(missed={"consent-preticked"})
    code = run_cli(["--break", "consent-preticked", "--break", "cancel-saves"], fake)
    assert code == 1
    out = capsys.readouterr().out
    assert "Sviten upptäcker 1 av 2 brutna regler" in out
    assert "MISSAD: consent-preticked" in out
    assert "| `consent-preticked` | 2.2 |" in (in_tmp / "reports/mutation.md").read_text("utf-8")


def test_a_red_baseline_stops_before_any_break(in_tmp: Path) -> None:
    run_cli(["--break", "consent-preticked"], FakeRuns(missed=set()))
    assert (in_tmp / "reports/mutation.json").exists()
    fake = FakeRuns(missed=set(), baseline_code=1)
    with pytest.raises(CommandError, match="baslinjen är inte grön"):
        run_cli(["--break", "consent-preticked"], fake)
    assert len(fake.calls) == 1
    assert not (in_tmp / "reports/mutation.json").exists()


def test_the_smoke_selection_reports_apart_and_skips_the_baseline(in_tmp: Path) -> None:
    fake = FakeRuns(missed=set())
    record = runner.run(runner.parse(list(runner.SMOKE_ARGS)), fake)
    assert [r.name for r in record.results] == list(runner.SMOKE_BREAKS)
    assert all("--break" in call for call in fake.calls)  # no baseline run
    assert (in_tmp / "reports/mutation-urval/mutation.json").is_file()
    assert not (in_tmp / "reports/mutation.json").exists()


# --- the report --------------------------------------------------------------------------


def record(*verdicts: tuple[str, str, str], commit: str = "abc1234") -> MutationRecord:
    return MutationRecord(
        suite_commit=commit, started="2026-11-30T10:00:00+01:00",
        finished="2026-11-30T10:20:00+01:00", baseline="grön (60 s)", catalogue_size=37,
        results=[BreakResult(name, section, "text <b>", verdict=verdict, scenarios=3,
                             caught_by=["Scenario <x>"] if verdict == CAUGHT else [],
                             seconds=10.0) for name, section, verdict in verdicts],
    )


def test_report_has_one_row_per_break_and_a_summary_per_section(tmp_path: Path) -> None:
    rec = record(("a", "1", CAUGHT), ("b", "2.1", CAUGHT), ("c", "2.1", MISSED))
    assert rec.per_section() == [("1", 1, 1), ("2.1", 1, 2)]
    markdown = render_markdown(rec)
    assert "Sviten upptäcker 2 av 3 brutna regler (ett urval av stubbens 37)." in markdown
    assert "| `c` | 2.1 | text <b> | MISSAD | alla 3 scenarier i avsnittet godkändes |" in markdown
    page = render_html(rec)
    assert "Scenario &lt;x&gt;" in page and "<x>" not in page
    write_reports(rec, tmp_path)
    data = json.loads((tmp_path / "mutation.json").read_text("utf-8"))
    results = [BreakResult(**result) for result in data.pop("results")]
    assert data.pop("format") == 1 and data.pop("summary")["sections"]["2.1"]["total"] == 2
    assert MutationRecord(**data, results=results) == rec  # the whole record, nothing lost


# --- the sign-off's line --------------------------------------------------------------------


def test_signoff_line_for_the_same_commit_another_commit_a_dirty_tree_and_none(
        tmp_path: Path) -> None:
    report = tmp_path / "mutation.json"
    assert not detection_note(report, "abc1234").current
    assert "Inget mutationsresultat" in detection_note(report, "abc1234").text
    write_reports(record(("a", "1", CAUGHT), ("b", "2.5", CAUGHT)), tmp_path)
    rec = record(*[(f"r{i}", "2.1", CAUGHT) for i in range(37)])
    write_reports(rec, tmp_path)
    same = detection_note(report, "abc1234")
    assert same.current and same.text == "Sviten upptäcker 37 av 37 brutna regler."
    other = detection_note(report, "def5678")
    assert not other.current and "annan eller okänd version av sviten (abc1234)" in other.text
    dirty = detection_note(report, "abc1234 (med ej incheckade ändringar)")
    assert not dirty.current and "ej incheckade ändringar" in dirty.text
    report.write_text("{inte json", encoding="utf-8")
    assert "kunde inte läsas" in detection_note(report, "abc1234").text


def test_signoff_shows_the_line_with_its_link_and_the_merge_reads_a_report(
        tmp_path: Path) -> None:
    write_reports(record(("a", "1", CAUGHT)), tmp_path / "mut")
    signoff = RunRecord(release={"suite_commit": "abc1234"})
    signoff.detection = detection_note(tmp_path / "mut" / "mutation.json", "abc1234")
    signoff.detection_link = "mut/mutation.html"
    text = render_signoff(signoff)
    assert "**Upptäcktsförmåga:** Sviten upptäcker 1 av 1 brutna regler" in text
    assert "([mutation.html](mut/mutation.html))" in text
    shard = tmp_path / "del-1"
    write_signoff(shard, scenario("A"))
    assert main(["merge", str(shard / "signoff.json"), "-o", str(tmp_path / "ut"),
                 "--mutation-report", str(tmp_path / "mut" / "mutation.json")]) == 1
    merged = (tmp_path / "ut" / "signoff.md").read_text("utf-8")
    assert "Sviten upptäcker 1 av 1 brutna regler" in merged
    assert "(../mut/mutation.html)" in merged


# --- the suite's own option ----------------------------------------------------------------


def test_break_is_refused_against_a_real_journal() -> None:
    with pytest.raises(ConfigurationError, match="bara den medföljande stubbjournalen"):
        build_settings({"target": "live", "base_url": "https://journal.example.se",
                        "breaks": ["consent-preticked"]}, {})
    assert build_settings({}, {}).breaks == ()
    assert build_settings({"breaks": ["consent-preticked"]}, {}).breaks == ("consent-preticked",)


def test_help_list_and_usage_errors_answer_in_swedish_before_anything_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert runner.check(["--help"]) is None
    assert "--break REGEL" in capsys.readouterr().out
    assert runner.check(["--list"]) is None
    assert "search-three-characters" in capsys.readouterr().out
    with pytest.raises(CommandError, match="felaktiga argument"):
        runner.check(["--okand"])
    with pytest.raises(CommandError, match="okänd regel nope"):
        runner.check(["--break", "nope"])


def test_reports_dir_never_empties_a_folder_it_did_not_make(in_tmp: Path) -> None:
    mine = in_tmp / "annat" / "mutation"
    mine.mkdir(parents=True)
    (mine / "viktig.txt").write_text("behåll", encoding="utf-8")
    with pytest.raises(CommandError, match="inte mutationskommandots egen mapp"):
        run_cli(["--break", "consent-preticked", "--reports-dir", str(in_tmp / "annat")],
                FakeRuns(missed=set()))
    assert (mine / "viktig.txt").read_text(encoding="utf-8") == "behåll"


def test_same_commit_needs_one_known_clean_commit() -> None:
    assert same_commit("abc1234", "abc1234")
    assert same_commit("abc1234", "abc1234def")  # short hashes of different length
    assert not same_commit("okänd", "okänd")
    assert not same_commit("abc1234", "def5678")
    assert not same_commit("abc1234 (med ej incheckade ändringar)", "abc1234")


def test_an_unknown_break_stops_the_suite_with_one_line() -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(root / "pyproject.toml"), "steps",
         "--break", "nope", "--collect-only", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, check=False, timeout=120)
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 4
    assert "--break nope: ingen sådan regel" in output and "Traceback" not in output

