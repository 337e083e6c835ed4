"""The options every run reads (the target, the journal, the test data, traces, accessibility).

Loaded through the ``pytest11`` entry point in ``pyproject.toml`` — not from a
conftest — because pytest reads a conftest only after it has chosen a rootdir,
and it chooses the rootdir from the path arguments. An option it does not know
yet turns its value into a path argument: ``--siths-card /elsewhere/kort.p12``
made ``/elsewhere`` the rootdir, no conftest was read and pytest stopped with
"unrecognized arguments". Registered here, every option is known from the
first parse, in the ``--opt value`` and ``--opt=value`` forms alike.

The settings (``mvj_suite.core.settings``) are built from these. A capability's own
options are declared by its plugin module (the sign-off's, the walkthroughs', Allure's),
which comes through the same entry point. Help texts are Swedish: they are what a
user reads.
"""

from __future__ import annotations

from typing import Any

import pytest

# Help texts by group, in the order --help lists them. --base-url itself belongs to
# pytest-playwright; MVJ_BASE_URL is read by the settings.
_HELP = {
    ("mvj", "MittVaccin Journal"): {
        "--target": "stub (medföljande stubbjournal, standard) eller live (en riktig journal). "
        "Miljövariabel: MVJ_TARGET.",
        "--siths-card": "SITHS-kortets PKCS#12-fil för --target live. Miljövariabel: "
        "MVJ_SITHS_CARD. Lösenordet läses bara från MVJ_SITHS_PASSPHRASE.",
        "--ca-cert": "CA-certifikat (PEM) som journalens servercertifikat ska kontrolleras mot; "
        "utan det gäller systemets betrodda utfärdare. Miljövariabel: MVJ_CA_CERT.",
        "--test-data": "Testdataprofil (YAML) med identiteterna som finns i målet; krävs för "
        "--target live (docs/testdataprofil.md). Miljövariabel: MVJ_TEST_DATA.",
        "--allow-writes": "Låt scenarier märkta @skriver skapa och ändra data i en riktig "
        "journal. Miljövariabel: MVJ_ALLOW_WRITES=1.",
        "--real-time": "Vänta på riktigt (45 minuter) i scenarier som kontrollerar att journalen "
        "själv avslutar sessionen – för nattliga körningar. Miljövariabel: MVJ_REAL_TIME=1.",
        "--cdp-url": "Anslut till en Chromium som testaren startat med fjärrfelsökning och "
        "loggat in i för hand (kortläsare). Miljövariabel: MVJ_CDP_URL.",
        "--browser-ws-endpoint": "Kör webbläsarna på en Playwright-webbläsarserver (ws://…). "
        "Miljövariabel: MVJ_BROWSER_WS_ENDPOINT.",
        "--latency": "Låt den medföljande stubbjournalen svara som en riktig: varje begäran "
        "(också till PU-tjänsten) tar slumpvis MIN–MAX millisekunder, till exempel 50-400. "
        "Bara mot stubben. Miljövariabel: MVJ_LATENCY.",
        "--break": "Starta den medföljande stubbjournalen så att den medvetet bryter mot en "
        "regel i rutinen (kan upprepas), för att visa att sviten upptäcker det – se "
        "./mvj mutation. Bara mot stubben; en sådan körning godkänner aldrig en release.",
        "--profile-check": "Kör inga scenarier: jämför testdataprofilen med journalen "
        "(skrivskyddat, genom skyddet på tråden) och skriv vad urvalet saknar – "
        "./mvj profile check.",
        "--draft": "Med --profile-check: skriv YAML för fälten som Kundkortet visar och "
        "profilen saknar, att klistra in i profilen.",
        "--artifacts-dir": "Mapp för skärmbilder och spår från fallerade scenarier (standard "
        "reports/artefakter). Miljövariabel: MVJ_ARTIFACTS_DIR.",
        "--live-artifacts": "Spela in video och spår även mot en riktig journal (annars av, för "
        "att inga personuppgifter ska hamna i rapporterna). Miljövariabel: "
        "MVJ_LIVE_ARTIFACTS=1.",
        # what they mean: mvj_suite.core.retries
        "--traces": "När Playwright-spår spelas in: retry (bara vid omkörning), failed (alla, "
        "de fallerade sparas), off, auto (standard: retry om det finns omkörningar, "
        "annars failed).",
    },
    ("mvj-a11y", "Tillgänglighet (WCAG, axe-core)"): {
        "--a11y-scan": "granska rutinens vyer med axe-core: first = varje vy första gången den "
        "visas i körningen (standard), every = varje gång, off = inte alls. "
        "Miljövariabel: MVJ_A11Y_SCAN.",
        "--a11y-tags": "axe-cores regeluppsättningar, kommaseparerade (standard "
        "wcag2a,wcag2aa,wcag21a,wcag21aa = WCAG 2.1 nivå AA). Miljövariabel: MVJ_A11Y_TAGS.",
        "--a11y-gate": "låt tillgängligheten avgöra beskedet: nya brister (inte godtagna i "
        "profilens kända brister) och fallerade tangentbordsscenarier ger EJ GODKÄND. Utan "
        "flaggan redovisas tillgängligheten för sig. Miljövariabel: MVJ_A11Y_GATE=1.",
    },
}

# A flag the settings read is None when not given, not False: then MVJ_<NAME> counts.
_FLAG = {"action": "store_true", "default": None}
# The rest are values, None when not given. No choices for --target: the settings check
# it, so that the error is one Swedish line.
_KIND: dict[str, dict[str, Any]] = {
    "--allow-writes": _FLAG,
    "--real-time": _FLAG,
    "--live-artifacts": _FLAG,
    "--a11y-gate": _FLAG,
    "--break": {"dest": "mvj_breaks", "action": "append", "default": [], "metavar": "REGEL"},
    "--profile-check": {"dest": "mvj_profile_check", "action": "store_true", "default": False},
    "--draft": {"dest": "mvj_profile_draft", "action": "store_true", "default": False},
    "--a11y-scan": {"metavar": "first|every|off"},
    "--latency": {"metavar": "MIN-MAX"},
    "--a11y-tags": {"metavar": "TAGGAR"},
    "--traces": {"default": "auto"},
}


def pytest_addoption(parser: pytest.Parser) -> None:
    for (name, description), options in _HELP.items():
        group = parser.getgroup(name, description)
        for option, help_text in options.items():
            group.addoption(option, help=help_text, **_KIND.get(option, {}))
