"""The sign-off rules, merging and rendering, without pytest runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.routine import ROUTINE, routine_base_url, section_url, sections_from_keywords
from mvj_suite.signoff.merge import main, merge, missing_shards
from mvj_suite.signoff.model import (
    APPROVED_TEXT,
    REJECTED_TEXT,
    SECTION_DATA,
    SECTION_FAILED,
    SECTION_GAP,
    SECTION_OK,
    RunRecord,
    ScenarioResult,
    judge,
)
from mvj_suite.signoff.render import render_html, render_markdown, write_reports


def scenario(
    section: str | None, outcome: str = PASSED, name: str = "", **extra: str
) -> ScenarioResult:
    label = name or f"scenario {section} {outcome}"
    return ScenarioResult(
        nodeid=f"steps/test_x.py::{label}",
        name=label,
        feature="Egenskap",
        sections=[section] if section else [],
        outcome=outcome,
        **extra,  # type: ignore[arg-type]
    )


def full_coverage() -> list[ScenarioResult]:
    return [scenario(s.id) for s in ROUTINE.leaf_sections]


def statuses(record: RunRecord) -> dict[str, str]:
    return {sv.section.id: sv.status for sv in judge(record).sections}


def test_every_section_ran_and_none_failed_is_approved() -> None:
    verdict = judge(RunRecord(scenarios=full_coverage()))
    assert verdict.approved and verdict.text == APPROVED_TEXT
    assert verdict.reasons == []
    leaves = {k: v for k, v in statuses(RunRecord(scenarios=full_coverage())).items() if k != "2"}
    assert set(leaves.values()) == {SECTION_OK}


def test_heading_section_2_is_covered_through_its_subsections() -> None:
    verdict = judge(RunRecord(scenarios=full_coverage()))
    heading = next(sv for sv in verdict.sections if sv.section.id == "2")
    assert heading.status == "se 2.1–2.5" and heading.is_pointer
    assert "2.1–2.5" in heading.note
    assert heading.scenarios == []


def test_a_failure_rejects_and_names_the_scenario_and_section() -> None:
    record = RunRecord(scenarios=[*full_coverage(), scenario("2.4", FAILED, "Ändra mobilnummer")])
    verdict = judge(record)
    assert not verdict.approved and verdict.text == REJECTED_TEXT
    assert statuses(record)["2.4"] == SECTION_FAILED
    assert statuses(record)["2"] == "se 2.1–2.5"  # a heading points, it does not fail
    assert any(
        "2.4 Ändra personuppgifter" in r and "»Ändra mobilnummer«" in r for r in verdict.reasons
    )


def test_a_section_without_scenarios_is_a_visible_gap() -> None:
    scenarios = [s for s in full_coverage() if s.sections != ["2.3"]]
    record = RunRecord(scenarios=scenarios)
    verdict = judge(record)
    assert not verdict.approved
    assert statuses(record)["2.3"] == SECTION_GAP
    assert statuses(record)["2"] == "se 2.1–2.5"
    assert any("2.3" in r and "saknar scenarier" in r for r in verdict.reasons)
    assert "2.3 Lägga till patient med reservnummer" in render_markdown(record)


def test_a_section_with_only_skipped_scenarios_is_a_gap() -> None:
    scenarios = [s for s in full_coverage() if s.sections != ["2.5"]]
    scenarios.append(scenario("2.5", SKIPPED, reason="kräver en riktig journal"))
    record = RunRecord(scenarios=scenarios)
    verdict = judge(record)
    assert not verdict.approved
    assert statuses(record)["2.5"] == SECTION_GAP
    gap = "inget scenario kördes mot den här journalen (1 överhoppat)"
    assert any("2.5" in r and gap in r for r in verdict.reasons)
    assert "kräver en riktig journal" in render_markdown(record)


def stub_only(section: str, name: str) -> ScenarioResult:
    return scenario(section, SKIPPED, name, reason="Startar om journalen – bara stubben",
                    stub_only=True)  # type: ignore[arg-type]  # fmt: skip


def test_stub_only_rules_are_listed_and_do_not_block_on_their_own() -> None:
    """A live run: what ran against this journal passed; some rules only the stub shows."""
    record = RunRecord(scenarios=[*full_coverage(), stub_only("2.2", "Kvar efter omstart")])
    verdict = judge(record)
    assert verdict.approved, verdict.reasons
    section = next(sv for sv in verdict.sections if sv.section.id == "2.2")
    coverage = section.coverage()
    assert (coverage["ran"], coverage["stub_only"], coverage["not_run"]) == (1, 1, 0)
    md = render_markdown(record)
    assert "### Verifieras bara mot stubben (1)" in md
    assert "| Kvar efter omstart |" in md and "Startar om journalen" in md
    assert "### Körda mot den här journalen (1)" in md
    html = render_html(record)
    assert "<h3>Verifieras bara mot stubben (1)</h3>" in html
    coverage = record.to_json()["verdict"]["coverage"]["2.2"]
    assert coverage == {"ran": 1, "passed": 1, "failed": 0, "stub_only": 1, "not_run": 0}


def test_a_section_whose_rules_only_the_stub_can_show_is_still_a_gap() -> None:
    scenarios = [s for s in full_coverage() if s.sections != ["2.5"]]
    scenarios.append(stub_only("2.5", "Skyddad identitet"))
    verdict = judge(RunRecord(scenarios=scenarios))
    assert not verdict.approved
    assert any("2.5" in r and "1 verifieras bara mot stubben" in r and "täckningslucka" in r
               for r in verdict.reasons)  # fmt: skip


def test_the_terminal_summary_counts_stub_only_rules() -> None:
    from mvj_suite.signoff.render import summary_lines

    record = RunRecord(scenarios=[*full_coverage(), stub_only("1", "A"), stub_only("2.2", "B")])
    lines = summary_lines(judge(record))
    assert lines[0].endswith(APPROVED_TEXT)
    assert "2 scenarier verifieras bara mot stubben" in lines[-1]


def test_stub_only_survives_the_json_round_trip_and_merging() -> None:
    record = RunRecord(scenarios=[*full_coverage(), stub_only("2.4", "Omstart")])
    again = RunRecord.from_json(json.loads(json.dumps(record.to_json())))
    assert [s.name for s in again.scenarios if s.stub_only] == ["Omstart"]
    assert [s.name for s in merge([again]).scenarios if s.stub_only] == ["Omstart"]


def test_skips_next_to_a_run_scenario_do_not_reject() -> None:
    record = RunRecord(scenarios=[*full_coverage(), scenario("2.1", SKIPPED, "hoppas")])
    assert judge(record).approved


def test_failures_outside_the_routine_still_reject() -> None:
    untagged = scenario(None, FAILED, "Utan tagg")
    unknown = scenario("3", FAILED, "Okänt avsnitt")
    verdict = judge(RunRecord(scenarios=[*full_coverage(), untagged, unknown]))
    assert not verdict.approved
    assert any("utan rutinavsnitt" in r for r in verdict.reasons)
    assert any("@rutin-3" in r for r in verdict.reasons)
    assert verdict.unknown["3"] == [unknown]


def test_run_errors_reject() -> None:
    record = RunRecord(scenarios=full_coverage(), run_errors=["insamlingsfel i features/x"])
    verdict = judge(record)
    assert not verdict.approved
    assert verdict.reasons == ["Körningen: insamlingsfel i features/x"]


def test_a_profile_problem_is_named_by_entry_and_field_never_as_a_broken_rule() -> None:
    """The profile disagrees with the journal: not approved (the rule was not judged),
    but the board reads a test-data problem, not a rule of the routine that failed."""
    data = scenario("2.4", FAILED, "Ändra kund visar kundens sparade uppgifter",
                    data_problem="kunder[2], fält mobiltelefon")  # fmt: skip
    record = RunRecord(scenarios=[*full_coverage(), data])
    verdict = judge(record)
    assert not verdict.approved
    assert statuses(record)["2.4"] == SECTION_DATA
    (reason,) = verdict.reasons
    assert "testdataprofilen stämmer inte med journalen" in reason
    assert "inget brott mot rutinen" in reason and "kunder[2], fält mobiltelefon" in reason
    assert "fallerade" not in reason
    heading = next(sv for sv in verdict.sections if sv.section.id == "2")
    assert "testdatafel: 2.4" in heading.note
    # A broken rule beside it is still that: the section fails, both reasons are given.
    broken = scenario("2.4", FAILED, "Avbryt ändrar ingenting")
    record = RunRecord(scenarios=[*full_coverage(), data, broken])
    assert statuses(record)["2.4"] == SECTION_FAILED
    reasons = judge(record).reasons
    assert any("1 scenario fallerade: »Avbryt ändrar ingenting«" in r for r in reasons)
    assert any("kunder[2], fält mobiltelefon" in r for r in reasons)
    only_data = render_markdown(RunRecord(scenarios=[*full_coverage(), data]))
    assert f"2.4 Ändra personuppgifter – {SECTION_DATA}" in only_data


def test_long_failure_lists_are_shortened_in_the_reasons() -> None:
    failures = [scenario("2.1", FAILED, f"fel {n}") for n in range(8)]
    verdict = judge(RunRecord(scenarios=[*full_coverage(), *failures]))
    reason = next(r for r in verdict.reasons if r.startswith("Avsnitt 2.1"))
    assert "8 scenarier fallerade" in reason and "och 3 till" in reason


def test_merge_of_shards_gives_one_verdict_with_the_worst_outcome() -> None:
    full = full_coverage()
    shard_1 = RunRecord(scenarios=full[:3], shards=["1/2"], release={"base_url": "https://a"})
    shard_2 = RunRecord(scenarios=full[3:], shards=["2/2"], release={"base_url": "https://b"})
    merged = merge([shard_1, shard_2])
    assert judge(merged).approved
    assert merged.shards == ["1/2", "2/2"]
    assert merged.release["base_url"] == "https://a / https://b"
    again = merge([merged, RunRecord(scenarios=[scenario("1", FAILED, full[0].name)])])
    assert not judge(again).approved


def test_missing_shards_are_found() -> None:
    assert missing_shards(["1/3", "3/3"]) == ["2/3"]
    assert missing_shards(["1/2", "2/2"]) == []


def test_json_round_trip(tmp_path: Path) -> None:
    record = RunRecord(scenarios=full_coverage(), release={"target": "stub"}, shards=["1/1"])
    write_reports(record, tmp_path)
    data = json.loads((tmp_path / "signoff.json").read_text(encoding="utf-8"))
    assert data["verdict"]["approved"] is True
    assert data["verdict"]["sections"]["2"] == "se 2.1–2.5"
    assert RunRecord.from_json(data) == record


def test_html_is_self_contained_escaped_and_coloured() -> None:
    evil = scenario("2.1", FAILED, "<script>alert(1)</script>")
    page = render_html(RunRecord(scenarios=[*full_coverage(), evil], release={"target": "live"}))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'class="besked ej-godkand"' in page and REJECTED_TEXT in page
    assert "http://" not in page and "<link" not in page and "src=" not in page
    for section in ROUTINE.sections:
        assert f'id="{section.anchor}"' in page
    assert '<html lang="sv">' in page


def test_cli_merge_exit_status_follows_the_verdict(tmp_path: Path) -> None:
    good, bad = tmp_path / "a", tmp_path / "b"
    write_reports(RunRecord(scenarios=full_coverage(), shards=["1/1"]), good)
    write_reports(RunRecord(scenarios=full_coverage()[1:], shards=["1/1"]), bad)
    assert main(["merge", str(good / "signoff.json"), "-o", str(tmp_path / "ok")]) == 0
    assert "GODKÄND" in (tmp_path / "ok" / "signoff.md").read_text(encoding="utf-8")
    assert main(["merge", str(bad / "signoff.json"), "-o", str(tmp_path / "nej")]) == 1
    assert main(["merge", str(tmp_path / "saknas.json"), "-o", str(tmp_path / "x")]) == 2
    assert main(["merge", "-o", str(tmp_path / "x")]) == 2


def test_cli_merge_reports_a_missing_shard(tmp_path: Path) -> None:
    write_reports(RunRecord(scenarios=full_coverage(), shards=["1/2"]), tmp_path / "d1")
    assert main(["merge", str(tmp_path / "d1" / "signoff.json"), "-o", str(tmp_path)]) == 1
    md = (tmp_path / "signoff.md").read_text(encoding="utf-8")
    assert "1 av 2 delkörningar saknas (inget resultat): 2/2" in md


def test_sections_from_keywords_keeps_routine_order_and_unknown_ids() -> None:
    keywords = ["rutin-2.5", "rutin-1", "stubb", "rutin-9", "test_x"]
    assert sections_from_keywords(keywords) == ["1", "2.5", "9"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MVJ_RUTIN_URL": "https://intra.example.se/rutin"}, "https://intra.example.se/rutin"),
        (
            {
                "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_REPOSITORY": "o/r",
                "GITHUB_SHA": "abc",
            },
            "https://github.com/o/r/blob/abc/docs/rutin-781659-R12.md",
        ),
        (
            {"CI_PROJECT_URL": "https://gitlab.example.se/g/p", "CI_COMMIT_SHA": "abc"},
            "https://gitlab.example.se/g/p/-/blob/abc/docs/rutin-781659-R12.md",
        ),
        ({}, "../rutin-781659-R12.html"),  # the page the sign-off writes next to itself
    ],
)
def test_routine_link_base(env: dict[str, str], expected: str) -> None:
    assert routine_base_url(env) == expected
    assert section_url("2.3", env) == expected + "#avsnitt-2-3"


def test_the_routine_document_has_an_anchor_per_section() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "rutin-781659-R12.md").read_text("utf-8")
    for section in ROUTINE.sections:
        assert f'<a id="{section.anchor}"></a>' in doc
        assert f"{section.id} {section.title}" in doc


def test_extra_security_checks_are_reported_apart_and_never_judged() -> None:
    failing = scenario(None, FAILED, "Sessionen utan kort", extra=True)  # type: ignore[arg-type]
    passing = scenario(None, PASSED, "Sessionen med annat kort", extra=True)  # type: ignore[arg-type]
    record = RunRecord(scenarios=[*full_coverage(), failing, passing])
    verdict = judge(record)
    assert verdict.approved  # outside the routine's verdict, even when one fails
    assert verdict.unassigned == [] and verdict.extra == [failing, passing]
    md = render_markdown(record)
    assert "## Extra säkerhetskontroller" in md and "1 godkända, 1 fallerade" in md
    assert '<h2 id="extra">Extra säkerhetskontroller</h2>' in render_html(record)
    assert record.to_json()["verdict"]["extra"] == {"passed": 1, "failed": 1, "skipped": 0}
    from mvj_suite.signoff.render import summary_lines

    assert "Extra säkerhetskontroller: 1 godkända, 1 fallerade" in summary_lines(verdict)[-1]
