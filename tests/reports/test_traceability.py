"""Every sentence of the routine traced to its scenarios and their evidence.

The routine's document (docs/rutin-781659-R12.md) gives each sentence an id; scenarios
name the ones they prove with ``@krav-<id>``. The first tests hold the repository to it:
a sentence without a scenario and without a reason, a tag naming no sentence, a routine
scenario that names none, or a sentence said to be untestable that a scenario proves
anyway fails here – and each check is shown to catch what it is for. Then the matrix
in the sign-off, and the routine's page it links to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_bdd.parser import FeatureParser

from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.requirements import (
    Requirement,
    RequirementsError,
    load_requirements,
    parse_requirements,
)
from mvj_suite.model.routine import ROUTINE, ROUTINE_PAGE
from mvj_suite.signoff.model import RunRecord, ScenarioResult
from mvj_suite.signoff.render import render_html, render_markdown, write_reports
from mvj_suite.signoff.trace import (
    TRACE_FAILED,
    TRACE_GAP,
    TRACE_NOT_RUN,
    TRACE_OK,
    TRACE_OUTSIDE,
    TRACE_UNTESTABLE,
    build_matrix,
)
from tests.reports.conftest import STEPS, SyntheticSuite

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
DOC = ROOT / "docs" / "rutin-781659-R12.md"
OUTSIDE_ROUTINE = {"extra-sakerhet", "tillganglighet"}  # reported apart, never traced


# --- the repository: every sentence has a scenario or a reason ------------------------------


@dataclass(frozen=True)
class TaggedScenario:
    where: str  # "features/<file>.feature:<line>"
    name: str
    tags: frozenset[str]

    @property
    def requirements(self) -> list[str]:
        return sorted(t.removeprefix("krav-") for t in self.tags if t.startswith("krav-"))

    @property
    def in_routine(self) -> bool:
        return any(t.startswith("rutin-") for t in self.tags) and not self.tags & OUTSIDE_ROUTINE


def scenarios_in(folder: Path) -> list[TaggedScenario]:
    """Every scenario (outline) of the feature files, with its own and its feature's tags,
    as pytest-bdd reads them."""
    found = []
    for path in sorted(folder.glob("*.feature")):
        feature = FeatureParser(str(folder), path.name).parse()
        for template in feature.scenarios.values():
            rule = template.rule.tags if template.rule is not None else set()
            found.append(TaggedScenario(f"{feature.rel_filename}:{template.line_number}",
                                        template.name,
                                        frozenset(template.tags | feature.tags | rule)))
    return found


def sentences_without_scenario(requirements: tuple[Requirement, ...],
                               scenarios: list[TaggedScenario]) -> list[str]:
    named = {i for s in scenarios for i in s.requirements}
    return [f"{r.id} »{r.sentence}«: inget scenario och inget skäl (*Ingen prövbar regel:*)"
            for r in requirements if r.testable and r.id not in named]


def unknown_ids(requirements: tuple[Requirement, ...], scenarios: list[TaggedScenario]
                ) -> list[str]:
    known = {r.id for r in requirements}
    return [f"{s.where} »{s.name}«: @krav-{i} finns inte i rutinens text"
            for s in scenarios for i in s.requirements if i not in known]


def scenarios_naming_nothing(scenarios: list[TaggedScenario]) -> list[str]:
    return [f"{s.where} »{s.name}«: namnger ingen mening i rutinen (@krav-…)"
            for s in scenarios if s.in_routine and not s.requirements]


def untestable_but_proven(requirements: tuple[Requirement, ...],
                          scenarios: list[TaggedScenario]) -> list[str]:
    untestable = {r.id for r in requirements if not r.testable}
    return [f"{s.where} »{s.name}«: @krav-{i} står som utan prövbar regel"
            for s in scenarios for i in s.requirements if i in untestable]


def test_every_sentence_of_the_routine_has_a_scenario_or_a_reason() -> None:
    assert sentences_without_scenario(load_requirements(), scenarios_in(FEATURES)) == []


def test_no_scenario_names_a_sentence_the_routine_does_not_have() -> None:
    assert unknown_ids(load_requirements(), scenarios_in(FEATURES)) == []


def test_every_scenario_of_the_routine_names_the_sentences_it_proves() -> None:
    assert scenarios_naming_nothing(scenarios_in(FEATURES)) == []


def test_a_sentence_without_a_testable_rule_is_proven_by_no_scenario() -> None:
    assert untestable_but_proven(load_requirements(), scenarios_in(FEATURES)) == []


def test_the_routine_has_sentences_with_and_without_a_testable_rule() -> None:
    requirements = load_requirements()
    assert len(requirements) == 28
    assert [r.id for r in requirements if not r.testable] == ["1-1"]
    assert {r.section for r in requirements} == {s.id for s in ROUTINE.leaf_sections}


SENTENCES = (
    Requirement("2.1-1", "Välj Kunder – Sök kund."),
    Requirement("2.1-2", "Ange personnummer eller namn, minst fyra tecken krävs."),
    Requirement("1-1", "Journalen nås via Cosmic.", untestable="var den nås ifrån"),
)


def _features(tmp_path: Path, text: str) -> list[TaggedScenario]:
    (tmp_path / "avsnitt.feature").write_text(
        "# language: sv\n@rutin-2.1\nEgenskap: Sök\n\n" + text, encoding="utf-8")
    return scenarios_in(tmp_path)


@pytest.mark.parametrize(
    ("scenarios", "check", "expected"),
    [
        ("  @krav-2.1-1\n  Scenario: Menyn\n    Så lyckas det\n",
         sentences_without_scenario, "2.1-2 »Ange personnummer"),
        ("  @krav-2.1-1 @krav-2.1-2 @krav-2.1-9\n  Scenario: Menyn\n    Så lyckas det\n",
         unknown_ids, "avsnitt.feature:6 »Menyn«: @krav-2.1-9 finns inte"),
        ("  @krav-2.1-1 @krav-2.1-2\n  Scenario: Menyn\n    Så lyckas det\n\n"
         "  Scenario: Utan krav\n    Så lyckas det\n",
         scenarios_naming_nothing, "»Utan krav«: namnger ingen mening"),
        ("  @krav-2.1-1 @krav-2.1-2 @krav-1-1\n  Scenario: Menyn\n    Så lyckas det\n",
         untestable_but_proven, "@krav-1-1 står som utan prövbar regel"),
    ],
    ids=["mening-utan-scenario", "okant-id", "scenario-utan-krav", "oprovbar-men-provad"],
)
def test_each_check_catches_what_it_is_for(tmp_path: Path, scenarios: str, check: object,
                                           expected: str) -> None:
    found = _features(tmp_path, scenarios)
    args = (found,) if check is scenarios_naming_nothing else (SENTENCES, found)
    problems = check(*args)  # type: ignore[operator]
    assert len(problems) == 1 and expected in problems[0], problems
    # The same features with every sentence named once, and nothing else, pass every check.
    clean = _features(tmp_path, "  @krav-2.1-1 @krav-2.1-2\n  Scenario: Menyn\n    Så lyckas det\n")
    assert check(*((clean,) if check is scenarios_naming_nothing else (SENTENCES, clean))) == []  # type: ignore[operator]


def test_a_feature_tag_names_the_sentence_for_every_scenario_of_the_feature(tmp_path: Path
                                                                            ) -> None:
    (tmp_path / "f.feature").write_text(
        "# language: sv\n@rutin-2.1 @krav-2.1-1\nEgenskap: Sök\n\n"
        "  @krav-2.1-2\n  Scenario: Ett\n    Så lyckas det\n\n"
        "  Scenario: Två\n    Så lyckas det\n", encoding="utf-8")
    found = {s.name: s.requirements for s in scenarios_in(tmp_path)}
    assert found == {"Ett": ["2.1-1", "2.1-2"], "Två": ["2.1-1"]}


# --- the document: one id per sentence, as an anchor -----------------------------------------


def test_every_sentence_is_an_anchor_in_the_document() -> None:
    text = DOC.read_text(encoding="utf-8")
    for requirement in load_requirements():
        assert f'<a id="krav-{requirement.id}"></a>**{requirement.id}**' in text
    # A sentence wrapped over lines is read whole, its reason apart from it.
    first = load_requirements()[0]
    assert first.sentence.endswith("eller denna adress: https://mvjournal.mittvaccin.se/")
    assert first.untestable.startswith("meningen säger varifrån man når journalen")
    assert "prövar aldrig produktion." in first.untestable


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('- <a id="krav-2.1-2"></a>**2.1-1** Välj.', "ankaret krav-2.1-2 hör inte till id 2.1-1"),
        ('- <a id="krav-2-1"></a>**2-1** Hantera.', "2-1 hör inte till något avsnitt"),
        ('- <a id="krav-3-1"></a>**3-1** Något.', "3-1 hör inte till något avsnitt"),
        ('- <a id="krav-2.1"></a>**2.1** Välj.', "2.1 är inget krav-id"),
        ('- <a id="krav-1-2"></a>**1-2** Inloggningen.', "krav-id förekommer mer än en gång: 1-2"),
    ],
)
def test_a_malformed_document_is_refused_with_the_reason(line: str, problem: str) -> None:
    text = '- <a id="krav-1-2"></a>**1-2** Inloggningen sker med SITHS-kort.\n' + line + "\n"
    with pytest.raises(RequirementsError, match=re.escape(problem)):
        parse_requirements(text)


# --- the matrix -------------------------------------------------------------------------------


def scenario(name: str, outcome: str = PASSED, requirements: tuple[str, ...] = ("2.1-1",),
             section: str = "2.1", line: int = 10, **extra: object) -> ScenarioResult:
    return ScenarioResult(nodeid=f"steps/test_x.py::{name}", name=name, feature="Egenskap",
                          sections=[section], outcome=outcome, requirements=list(requirements),
                          location=f"features/rutin-{section}.feature:{line}", **extra)  # type: ignore[arg-type]


def every_sentence_passing() -> list[ScenarioResult]:
    return [scenario(f"Prövar {r.id}", requirements=(r.id,), section=r.section, line=index,
                     allure_uuid=f"uuid-{index}")
            for index, r in enumerate(load_requirements()) if r.testable]


def statuses(record: RunRecord) -> dict[str, str]:
    return {row.requirement.id: row.status for row in build_matrix(record).rows}


def test_a_full_run_that_proves_every_sentence_has_no_uncovered_one() -> None:
    matrix = build_matrix(RunRecord(scenarios=every_sentence_passing()))
    assert matrix.uncovered == []
    assert matrix.counts()[TRACE_OK] == 27 and matrix.counts()[TRACE_UNTESTABLE] == 1
    assert matrix.summary() == (
        "Spårbarhet: 27 prövbara meningar i rutinen – 27 godkända, 0 ej täckta; 1 mening utan "
        "prövbar regel (skälet i rutinens text)")


def test_each_sentence_gets_the_status_of_what_proved_it_in_this_run() -> None:
    passing = every_sentence_passing()
    kept = [s for s in passing if s.requirements[0] not in {"2.1-2", "2.2-7", "2.2-8", "2.3-5"}]
    record = RunRecord(scenarios=[
        *kept,
        scenario("Fyra tecken", FAILED, ("2.1-2",)),
        scenario("Fyra tecken igen", PASSED, ("2.1-2",), line=20),
        scenario("Kontaktväg", SKIPPED, ("2.2-7",), "2.2", reason="kräver --allow-writes"),
        scenario("Omstart", SKIPPED, ("2.2-7",), "2.2", stub_only=True,
                 reason="startar om journalen – bara stubben"),
        scenario("Samtycke", FAILED, ("2.2-8",), "2.2",
                 data_problem="kunder[2], fält mobiltelefon"),
    ])
    found = statuses(record)
    assert found["2.1-2"] == TRACE_FAILED and found["2.2-7"] == TRACE_NOT_RUN
    assert found["2.2-8"] == "TESTDATAFEL" and found["2.3-5"] == TRACE_GAP
    assert found["1-1"] == TRACE_UNTESTABLE and found["2.1-1"] == TRACE_OK
    rows = {row.requirement.id: row for row in build_matrix(record).rows}
    # What did not run here says why, every reason once.
    assert rows["2.2-7"].note == ("inget av scenarierna kördes mot den här journalen – "
                                  "1 överhoppat: kräver --allow-writes; 1 verifieras bara mot "
                                  "stubben")
    assert rows["2.1-2"].note == "1 av 2 prövade scenarier fallerade"
    assert rows["2.3-5"].note == "inget scenario prövar meningen – täckningslucka"


def test_a_selection_says_which_sentences_it_left_out_rather_than_calling_them_gaps() -> None:
    record = RunRecord(scenarios=[scenario("Menyn")], selection="-m rutin-2.1")
    found = statuses(record)
    assert found["2.1-1"] == TRACE_OK and found["2.5-2"] == TRACE_OUTSIDE
    assert TRACE_GAP not in found.values()
    row = next(r for r in build_matrix(record).rows if r.requirement.id == "2.5-2")
    assert row.note == "inget av dess scenarier ingick i urvalet: -m rutin-2.1"
    # A single shard of a split leaves the rest to its other shards, in the same words.
    shard = RunRecord(scenarios=[scenario("Menyn")], shards=["1/3"])
    assert statuses(shard)["2.5-2"] == TRACE_OUTSIDE
    assert statuses(RunRecord(scenarios=[scenario("Menyn")], shards=["1/1"]))["2.5-2"] == TRACE_GAP


def test_an_outline_is_one_entry_with_its_rows_failures_first() -> None:
    rows = [scenario(f"Skrivsätt [{n}]", FAILED if n == 3 else PASSED, ("2.1-2",), line=30,
                     example=n, template_name="Skrivsätt") for n in range(4)]
    record = RunRecord(scenarios=[scenario("Kort sökord", PASSED, ("2.1-2",), line=12), *rows])
    [row] = [r for r in build_matrix(record).rows if r.requirement.id == "2.1-2"]
    assert [(g.name, g.outcome_text) for g in row.groups] == [
        ("Skrivsätt", "1 fallerat, 3 godkända"), ("Kort sökord", "godkänt")]
    assert row.groups[0].scenarios[0].name == "Skrivsätt [3]"
    # Rows only the stub can show are counted as such, not as plain skips.
    stub_rows = [scenario(f"Klocka [{n}]", SKIPPED, ("1-3",), "1", line=70, example=n,
                          template_name="Klocka", stub_only=True) for n in range(2)]
    [row] = [r for r in build_matrix(RunRecord(scenarios=stub_rows)).rows
             if r.requirement.id == "1-3"]
    assert row.groups[0].outcome_text == "2 verifieras bara mot stubben"


def test_the_matrix_links_each_sentence_to_the_routine_and_each_scenario_to_its_evidence(
    tmp_path: Path,
) -> None:
    record = RunRecord(scenarios=every_sentence_passing(), allure_report="allure/index.html",
                       release={"target": "live"})
    write_reports(record, tmp_path)
    html = (tmp_path / "signoff.html").read_text("utf-8")
    ids = set(re.findall(r'id="([^"]+)"', html))
    row = re.search(r'<tr id="krav-2\.2-3">.*?</tr>', html, re.DOTALL)
    assert row is not None
    assert f'href="{ROUTINE_PAGE}#krav-2.2-3"' in row[0]
    assert "I dialogen Lägg till kund visas personnumret." in row[0]
    # The scenario's row in its section, and its Allure page.
    [target] = re.findall(r'<a href="#([^"]+)">Prövar 2\.2-3</a>', row[0])
    assert target in ids
    assert 'href="allure/index.html#testresult/' in row[0]
    data = __import__("json").loads((tmp_path / "signoff.json").read_text("utf-8"))
    trace = {r["id"]: r for r in data["traceability"]["requirements"]}
    assert trace["2.2-3"]["status"] == TRACE_OK
    assert trace["2.2-3"]["scenarios"][0]["allure_page"].startswith("allure/index.html#testresult/")
    assert trace["1-1"]["status"] == TRACE_UNTESTABLE and trace["1-1"]["untestable"]
    assert data["traceability"]["counts"][TRACE_GAP] == 0


def test_an_unknown_id_is_shown_with_its_scenario() -> None:
    record = RunRecord(scenarios=[scenario("Menyn", requirements=("2.1-1", "2.1-99"))])
    matrix = build_matrix(record)
    assert list(matrix.unknown) == ["2.1-99"]
    assert "okända krav-id i scenarierna: 2.1-99" in matrix.summary()
    assert "- @krav-2.1-99: Menyn" in render_markdown(record)


def test_an_older_signoff_without_tags_says_so_instead_of_only_listing_gaps() -> None:
    record = RunRecord(scenarios=[ScenarioResult("steps/t.py::x", "X", sections=["2.1"],
                                                 outcome=PASSED)])
    assert not build_matrix(record).traced
    assert "Ingen av körningens scenarier namnger en mening i rutinen" in render_html(record)


# --- the routine's page -----------------------------------------------------------------------


def test_the_routine_is_written_as_a_page_next_to_the_signoff_with_every_anchor(
    tmp_path: Path,
) -> None:
    write_reports(RunRecord(scenarios=every_sentence_passing(),
                            release={"suite_commit": "abc1234"}), tmp_path)
    page = (tmp_path / ROUTINE_PAGE).read_text("utf-8")
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert {s.anchor for s in ROUTINE.sections} <= ids
    assert {r.anchor for r in load_requirements()} <= ids
    assert "vid svitens commit abc1234" in page
    # Each sentence leads back to its row in the matrix; Markdown became HTML.
    assert 'href="signoff.html#krav-2.5-2"' in page
    assert "<code>--base-url</code>" in page and "**" not in page
    # The sign-off's section links open this page at the section.
    html = (tmp_path / "signoff.html").read_text("utf-8")
    assert f'href="{ROUTINE_PAGE}#avsnitt-2-2"' in html


def test_the_routine_page_escapes_what_it_renders(tmp_path: Path) -> None:
    from mvj_suite.signoff.routine_page import render_routine_page

    doc = tmp_path / "rutin.md"
    doc.write_text("# Rutin\n\nText med <script>alert(1)</script> och `<b>`.\n",
                   encoding="utf-8")
    page = render_routine_page(path=doc)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<code>&lt;b&gt;</code>" in page


# --- end to end: tags in a feature file reach the sign-off ------------------------------------


FEATURE = """# language: sv
@rutin-2.1
Egenskap: Sök patient

  @krav-2.1-1
  Scenario: Menyn
    Givet att allt är förberett
    Så lyckas det

  @krav-2.1-2 @krav-2.1-77
  Scenariomall: Sökord <sökord>
    Givet att allt är förberett
    Så <utfall>

    Exempel:
      | sökord | utfall        |
      | abc    | misslyckas det |
      | abcd   | lyckas det     |
"""


def test_krav_tags_reach_the_signoff_with_their_place_in_the_feature_file(
    suite: SyntheticSuite,
) -> None:
    suite.file("features/sok.feature", FEATURE)
    suite.file("test_steps.py", STEPS)
    outcome = suite.run()
    assert outcome.ret == 1, outcome.stdout  # an unknown id does not stop the run
    data = suite.json("out/signoff.json")
    by_name = {s["name"]: s for s in data["scenarios"]}
    assert by_name["Menyn"]["requirements"] == ["2.1-1"]
    assert by_name["Menyn"]["location"] == "features/sok.feature:6"
    assert by_name["Sökord abcd"]["requirements"] == ["2.1-2", "2.1-77"]
    assert (by_name["Sökord abc"]["example"], by_name["Sökord abcd"]["example"]) == (0, 1)
    assert by_name["Sökord abcd"]["template_name"] == "Sökord <sökord>"
    trace = {r["id"]: r for r in data["traceability"]["requirements"]}
    assert trace["2.1-2"]["status"] == TRACE_FAILED
    assert data["traceability"]["unknown"] == {"2.1-77": [by_name["Sökord abc"]["nodeid"],
                                                          by_name["Sökord abcd"]["nodeid"]]}
    assert "Spårbarhet: 27 prövbara meningar i rutinen – 1 godkänd, 1 fallerad" in outcome.stdout
    # A sentence selects its scenarios.
    selected = suite.run("-m", "krav-2.1-1")
    assert selected.counts() == {"passed": 1, "deselected": 2}


def test_the_suite_reads_every_krav_tag_of_its_own_features() -> None:
    """The repository's own collection, as ``./mvj suite`` makes it: the sign-off's hook
    must see each ``@krav-…`` tag before pytest-bdd's default turns it into a bare marker
    (then no scenario would carry ``krav`` and the matrix would be empty)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "--collect-only", "-q",
         "-p", "no:cacheprovider", "-p", "no:randomly", "-m", "rutin-2.5 and krav"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "10/136 tests collected" in done.stdout, done.stdout + done.stderr
