"""The whole chain on a deliberately broken view: the stub gives Sök kund a text field
without a label (``--break search-input-without-label``), and a suite run reports it in
the sign-off's accessibility part and in Allure, with its rule, view and element."""

from __future__ import annotations

import json
import re

import pytest

from .isolated_suite import SuiteRun, copy_suite, run_suite

ONE_SCENARIO = ("-m", "rutin-2.1", "-k", "nås_via_menyn", "--reruns", "0")


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> SuiteRun:
    copy = copy_suite(tmp_path_factory.mktemp("svit"))
    return run_suite(copy, *ONE_SCENARIO, "--break", "search-input-without-label",
                     "--a11y-gate", "--alluredir", "reports/allure-results")


def test_the_unlabelled_field_is_in_the_signoff_with_its_rule(broken_run: SuiteRun) -> None:
    assert re.search(r"\b1 godkänt\b", broken_run.stdout), broken_run.stdout[-2000:]
    signoff = json.loads((broken_run.reports / "signoff.json").read_text(encoding="utf-8"))
    part = signoff["accessibility"]
    [finding] = [f for f in part["new"] if f["view"] == "Sök kund"]
    assert (finding["rule"], finding["impact"]) == ("label", "critical")
    assert finding["target"] == 'input[type="text"]'
    assert finding["html"] == '<input type="text" name="anteckning">'
    assert part["views"]["Sök kund"]["status"] == "NYA BRISTER"
    assert part["views"]["Kundkort"]["status"] == "EJ GRANSKAD"  # not shown in this scenario
    # The stub lands on Sök kund after the login: that view has the field too.
    assert {f["view"] for f in part["new"]} == {"Sök kund", "Startsida efter inloggning"}
    assert ("Tillgänglighet: 2 nya brister (Startsida efter inloggning, Sök kund) – "
            "--a11y-gate") in signoff["verdict"]["reasons"]
    assert "| Sök kund | label: Form elements must have labels |" in (
        broken_run.reports / "signoff.md").read_text(encoding="utf-8")
    assert '  - Sök kund: label (critical) input[type="text"]' in broken_run.stdout


def test_allure_has_the_violation_on_the_step_that_showed_the_view(broken_run: SuiteRun) -> None:
    results = [json.loads(p.read_text(encoding="utf-8"))
               for p in (broken_run.reports / "allure-results").glob("*-result.json")]
    steps = [step for result in results for step in _steps(result.get("steps") or [])]
    attached = {(step["name"], a["name"], a["source"]) for step in steps
                for a in step.get("attachments") or []}
    [(step, name, source)] = [a for a in attached if a[1].startswith("Tillgänglighet: Sök kund")]
    assert step == "När hon väljer Kunder – Sök kund"
    assert name == "Tillgänglighet: Sök kund – 1 ny brist"
    text = (broken_run.reports / "allure-results" / source).read_text(encoding="utf-8")
    assert "• label – kritisk (WCAG 4.1.2)" in text
    assert 'Element: input[type="text"]' in text
    assert 'Kod: <input type="text" name="anteckning">' in text
    assert "Hjälp: https://dequeuniversity.com/rules/axe/" in text


def _steps(steps: list[dict]) -> list[dict]:
    found = []
    for step in steps:
        found.append(step)
        found += _steps(step.get("steps") or [])
    return found
