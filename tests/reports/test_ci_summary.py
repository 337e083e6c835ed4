"""The CI run page's texts: the short GitHub summary from signoff.json, and failed
scenarios from JUnit as GitHub annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.ci import annotations, command, summary
from mvj_suite.ci.run_links import RunLinks

GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "region/mvj",
          "GITHUB_RUN_ID": "42", "GITHUB_SHA": "0123abc"}
RUN = "https://github.com/region/mvj/actions/runs/42"
RELATIVE_LINK = re.compile(r"\]\((?!https://)[^)]*\)")


def _signoff(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": 1,
        "routine": {"number": "781659", "revision": "R12", "title": "Logga in …"},
        "release": {"target": "live", "journal_version": "4.2.0", "suite_commit": "0123abc",
                    "base_url": "https://mvjournal-test.example.se"},
        "selection": "", "shards": [], "run_errors": [],
        "scenarios": [],
        "verdict": {
            "approved": False, "text": "EJ GODKÄND",
            "reasons": ["Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade"],
            "sections": {"1": "GODKÄNT", "2": "se 2.1–2.5", "2.1": "EJ TÄCKT",
                         "2.5": "FALLERAT"},
            "coverage": {
                "1": {"ran": 15, "passed": 15, "failed": 0, "stub_only": 0, "not_run": 0},
                "2.1": {"ran": 0, "passed": 0, "failed": 0, "stub_only": 0, "not_run": 36},
                "2.5": {"ran": 10, "passed": 9, "failed": 1, "stub_only": 0, "not_run": 0},
            },
            "extra": {"passed": 2, "failed": 0, "skipped": 0},
        },
    }
    for key, value in changes.items():
        target = data["verdict"] if key in data["verdict"] else data
        target[key] = value
    return data


def _render(data: dict[str, Any], *specs: str, env: dict[str, str] = GITHUB) -> str:
    links = RunLinks.from_github(env)
    return summary.render_github(data, [links.artifact(s) for s in specs], env, links.run_url)


def test_the_summary_is_the_verdict_its_reasons_and_the_sections_in_the_routines_order() -> None:
    text = _render(_signoff(), "signoff=" + RUN + "/artifacts/9")
    assert text.startswith("## Rutin 781659 R12: EJ GODKÄND\n")
    assert "Mål: live · Journalversion: 4.2.0 · Sviten (commit): 0123abc" in text
    reason = "1. Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade"
    assert f"### Skäl\n\n{reason}\n" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert [re.match(r"\| \[([\d.]+) ", row)[1] for row in rows] == ["1", "2", "2.1", "2.5"]
    assert rows[1].endswith("| se 2.1–2.5 | – | – | – | – | – |")  # a heading, no counts
    assert rows[2].endswith("| EJ TÄCKT | 0 | 0 | 0 | 0 | 36 |")
    assert rows[3].endswith("| FALLERAT | 10 | 9 | 1 | 0 | 0 |")
    assert "Extra säkerhetskontroller (utanför rutinen och beskedet): 2 godkända." in text
    assert f"[godkännanderapporten]({RUN}/artifacts/9)" in text


def test_every_link_is_absolute() -> None:
    text = _render(_signoff(), "signoff", "allure-rapport=", "shard-*")
    assert RELATIVE_LINK.findall(text) == []
    assert "(https://github.com/region/mvj/blob/0123abc/docs/rutin-781659-R12.md#avsnitt-2-5)" \
        in text
    assert f"]({RUN}#artifacts) – artefakten `allure-rapport`" in text
    assert f"]({RUN}#artifacts) – artefakterna `shard-*`" in text
    # outside GitHub Actions: names without links, and a line that says why
    text = _render(_signoff(), "signoff", env={})
    assert "](" not in text
    assert "- Godkännanderapporten (signoff.html, signoff.md, signoff.json) – artefakten " \
        "`signoff`" in text
    assert "_Länkarna saknas: sammanfattningen gjordes utanför GitHub Actions._" in text


def test_only_a_web_address_becomes_an_artefact_link() -> None:
    links = RunLinks.from_github(GITHUB)
    assert links.artifact("signoff=javascript:alert(1)").url == f"{RUN}#artifacts"
    assert links.artifact(f"signoff={RUN}/artifacts/3").url == f"{RUN}/artifacts/3"
    assert links.artifact("okänd").description == "Artefakten okänd"


def test_text_from_the_run_stays_text() -> None:
    reason = "»Knappen <dd class='x'> är *inte* aktiv« [se](nedan) | _rad_\nmed radbrytning"
    text = _render(_signoff(reasons=[reason]))
    line = next(line for line in text.splitlines() if line.startswith("1. "))
    assert line == ("1. »Knappen &lt;dd class='x'&gt; är \\*inte\\* aktiv« \\[se\\](nedan) "
                    "\\| \\_rad\\_ med radbrytning")


def test_many_reasons_are_cut_with_a_count() -> None:
    reasons = [f"Avsnitt 2.{i}: täckningslucka" for i in range(14)]
    text = _render(_signoff(reasons=reasons))
    assert "10. Avsnitt 2.9: täckningslucka" in text and "11. " not in text
    assert "… och 4 skäl till i godkännanderapporten." in text


def test_the_verdict_text_is_the_sign_offs_own() -> None:
    # A stub run's or a subset run's label is the sign-off's word, shown as it wrote it.
    text = _render(_signoff(approved=True, reasons=[],
                            text="Sviten mot stubbjournalen – inget releasebeslut"))
    assert text.startswith("## Rutin 781659 R12: Sviten mot stubbjournalen – inget "
                           "releasebeslut\n")
    assert "### Skäl" not in text
    # fields the summary does not know (a newer sign-off) are ignored
    newer = _signoff(traceability={"krav": []})
    assert _render(newer) == _render(_signoff())


def test_a_run_that_stopped_says_so_first() -> None:
    text = _render(_signoff(run_errors=["Delkörning 2/3: journalen svarar inte"],
                            shards=["1/3", "3/3"], selection="rutin-2.5"))
    assert "Urval: rutin-2.5 · Delkörningar: 2" in text
    assert text.index("**Körningen stoppade:**") < text.index("### Skäl")
    assert "- Delkörning 2/3: journalen svarar inte" in text


def test_the_command_writes_a_note_when_there_is_no_signoff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in GITHUB.items():
        monkeypatch.setenv(key, value)
    missing = tmp_path / "signoff.json"
    assert command.main(["--for", "github", "--signoff", str(missing),
                         "--artifact", "shard-*"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("## Inget besked\n\n")
    assert f"{missing} saknas – sammanslagningen av delkörningarna gav inget besked" in err
    assert f"]({RUN}#artifacts) – artefakterna `shard-*`" in out
    missing.write_text("{inte json", "utf-8")
    assert command.main(["--for", "github", "--signoff", str(missing)]) == 0
    assert "går inte att läsa" in capsys.readouterr().out
    missing.write_text(json.dumps(_signoff()), "utf-8")
    assert command.main(["--for", "github", "--signoff", str(missing)]) == 0
    assert capsys.readouterr().out == _render(_signoff())


def test_artifacts_only_needs_an_artefact(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        command.main(["--for", "github", "--artifacts-only"])
    assert stop.value.code == 2
    assert "--artifacts-only behöver minst en --artifact" in capsys.readouterr().err


# --- annotations -----------------------------------------------------------------------------


def _junit(path: Path, cases: str) -> Path:
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><testsuites>'
                    f'<testsuite name="sviten">{cases}</testsuite></testsuites>', "utf-8")
    return path


def _case(name: str, inner: str = "", section: str = "2.1 Sök patient", **attrs: str) -> str:
    extra = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f'<testcase classname="{section}" name="{name}"{extra}>{inner}</testcase>'


def test_failed_and_errored_cases_are_errors_and_rerun_passes_warnings(tmp_path: Path) -> None:
    junit = _junit(tmp_path / "junit.xml", "".join([
        _case("Godkänt"),
        _case("Fallerat", '<failure message="Väntat: synlig">spår</failure>'),
        _case("Trasigt", "<error>TimeoutError: 5000 ms\nmer</error>"),
        _case("Instabilt", '<flakyFailure message="Timeout"/>'),
        _case("Omkört", '<rerunFailure message="Timeout"/><failure message="igen"/>'),
        _case("Överhoppat", '<skipped message="bara mot stubben"/>'),
    ]))
    lines, problems = annotations.annotation_lines([junit])
    assert problems == []
    assert lines == [
        "::error title=Fallerat – 2.1 Sök patient%3A Fallerat::Väntat: synlig",
        "::error title=Fallerat – 2.1 Sök patient%3A Trasigt::TimeoutError: 5000 ms%0Amer",
        "::error title=Fallerat – 2.1 Sök patient%3A Omkört::igen",
        "::warning title=Instabilt – 2.1 Sök patient%3A Instabilt::Godkänt först vid "
        "omkörning. Första felet: Timeout",
    ]


def test_a_file_and_line_in_the_junit_place_the_annotation(tmp_path: Path) -> None:
    case = _case("Fallerat", '<failure message="100% fel, igen: nej"/>',
                 file="features/rutin-2.1-sok-patient.feature", line="12")
    (line,), _ = annotations.annotation_lines([_junit(tmp_path / "j.xml", case)])
    assert line == ("::error file=features/rutin-2.1-sok-patient.feature,line=12,"
                    "title=Fallerat – 2.1 Sök patient%3A Fallerat::100%25 fel, igen: nej")


def test_github_shows_ten_of_a_kind_so_the_tenth_counts_the_rest(tmp_path: Path) -> None:
    cases = "".join(_case(f"Scenario {n}", "<failure/>") for n in range(14))
    lines, _ = annotations.annotation_lines([_junit(tmp_path / "j.xml", cases)])
    assert len(lines) == annotations.PER_KIND
    assert lines[-1].startswith("::error title=… och 5 fallerade scenarier till::")
    assert lines[8].startswith("::error title=Fallerat – 2.1 Sök patient%3A Scenario 8::")


def test_a_missing_or_broken_junit_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "trasig.xml"
    broken.write_text("<testsuites>", "utf-8")
    assert annotations.main([str(tmp_path / "saknas.xml"), str(broken)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"::warning title=Ingen JUnit-rapport att läsa::{tmp_path}/saknas.xml saknas – "
        "körningen skrev ingen JUnit-rapport.",
        f"::warning title=Ingen JUnit-rapport att läsa::{broken} går inte att läsa "
        "(no element found: line 1, column 12).",
    ]
    assert "saknas.xml saknas" in err
