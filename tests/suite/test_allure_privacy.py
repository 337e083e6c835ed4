"""Allure results on live: Gherkin arguments only, identity numbers masked, and the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allure_commons import model2
from allure_commons.model2 import Parameter, StatusDetails

from mvj_suite.core.allure_privacy import MASK, leaks, main, scrub_result

from .stub_profile import PROFILE, load_stub_profile, placeholder_card_env


def _result() -> model2.TestResult:
    fetch = model2.TestStepResult(
        name="Givet att det finns en ny kund i PU-tjänsten som delar bara mobil från 1177",
        parameters=[
            Parameter(name="delning", value="'bara mobil'"),
            Parameter(name="kund", value="Kund(fornamn='Karin', efternamn='Lindqvist')"),
            Parameter(name="journal_data", value="<JournalData object at 0x7f>"),
        ],
    )
    search = model2.TestStepResult(
        name="När hon söker på kundens personnummer skrivet som 19850315-2426",
        parameters=[
            Parameter(name="words", value="'kundens personnummer skrivet som 19850315-2426'")
        ],
        statusDetails=StatusDetails(message="expected 850315-2426 in row"),
    )
    return model2.TestResult(
        name="Sökning [19850315-2426]",
        parameters=[Parameter(name="skrivsätt", value="12 siffror")],
        steps=[fetch, search],
    )


def test_only_gherkin_arguments_remain_with_numbers_masked() -> None:
    result = _result()
    scrub_result(result)
    fetch, search = result.steps
    assert [(p.name, p.value) for p in fetch.parameters] == [("delning", "'bara mobil'")]
    assert search.name.endswith(f"skrivet som {MASK}")
    assert search.parameters[0].value == f"'kundens personnummer skrivet som {MASK}'"
    assert search.statusDetails.message == f"expected {MASK} in row"
    assert result.name == f"Sökning [{MASK}]"
    assert "Karin" not in repr(result) and "2426" not in repr(result)


def _write(folder: Path, name: str, data: dict) -> None:
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_check_names_files_with_profile_values_but_never_the_values(tmp_path: Path) -> None:
    profile = load_stub_profile()
    _write(tmp_path, "ren-result.json", {"name": "Sökning", "steps": [{"name": "hon söker"}]})
    assert leaks(tmp_path, profile) == []
    _write(tmp_path, "nummer-result.json", {"name": "kunden 198503152426"})
    _write(tmp_path, "namn-result.json", {"parameters": [{"value": "Kund(fornamn='Karin')"}]})
    _write(tmp_path, "telefon-result.json", {"name": "+46 70 174 06 07"})
    found = leaks(tmp_path, profile)
    assert {line.split(":")[0] for line in found} == {
        "nummer-result.json", "namn-result.json", "telefon-result.json",
    }  # fmt: skip
    assert not any("Karin" in line or "2426" in line for line in found)


def test_a_word_of_the_suites_own_scenarios_is_no_leak(tmp_path: Path) -> None:
    """Åsa is a profile customer and a word of an example row ("Zoë-Åsa Ängel-Müller")."""
    profile = load_stub_profile()
    _write(tmp_path, "exempel-result.json", {"name": 'med förnamn "Zoë-Åsa Ängel-Müller"'})
    assert leaks(tmp_path, profile) != []
    assert leaks(tmp_path, profile, suite_text='| förnamn | "Zoë-Åsa Ängel-Müller" |') == []


def test_text_attachments_are_checked_too(tmp_path: Path) -> None:
    # The accessibility check attaches text; on live it must hold no profile value.
    (tmp_path / "a-attachment.txt").write_text("Vy: Kundkort\nElement: #rubrik", encoding="utf-8")
    assert leaks(tmp_path, load_stub_profile()) == []
    (tmp_path / "b-attachment.txt").write_text("Kod: <h1>Tolvan Tolvansson</h1>",
                                                encoding="utf-8")
    found = leaks(tmp_path, load_stub_profile())
    assert found == ["b-attachment.txt: en personuppgift ur profilen"]


def test_the_command_exits_1_on_a_leak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in placeholder_card_env().items():
        monkeypatch.setenv(name, value)
    _write(tmp_path, "a-result.json", {"name": "Sökning"})
    assert main([str(tmp_path), "--profile", str(PROFILE)]) == 0
    _write(tmp_path, "b-result.json", {"name": "Tolvan Tolvansson"})
    assert main([str(tmp_path), "--profile", str(PROFILE)]) == 1
    assert "b-result.json" in capsys.readouterr().err
