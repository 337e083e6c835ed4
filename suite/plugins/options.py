"""Every command-line option of the suite, registered as one pytest plugin.

Loaded through the ``pytest11`` entry point in ``pyproject.toml`` — not from a
conftest — because pytest reads a conftest only after it has chosen a rootdir,
and it chooses the rootdir from the path arguments. An option it does not know
yet turns its value into a path argument: ``--siths-card /elsewhere/kort.p12``
made ``/elsewhere`` the rootdir, no conftest was read and pytest stopped with
"unrecognized arguments". Registered here, every option is known from the
first parse, in the ``--opt value`` and ``--opt=value`` forms alike.

This module only declares options; the plugins that use them (settings,
sign-off, Allure labels, walkthroughs) read them with ``config.getoption``.
Help texts are Swedish: they are what a user reads.
"""

from __future__ import annotations

import pytest

DEFAULT_WALKTHROUGH_TEMPO_MS = 600
DEFAULT_WALKTHROUGH_DIR = "reports/walkthroughs"


def pytest_addoption(parser: pytest.Parser) -> None:
    _target_options(parser)
    _signoff_options(parser)
    _report_options(parser)
    _walkthrough_options(parser)


def _target_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj", "MittVaccin Journal")
    group.addoption(
        "--target",
        choices=None,  # validated by fixtures.settings so the error is one Swedish line
        default=None,
        help="stub (medföljande stubbjournal, standard) eller live (en riktig journal). "
        "Miljövariabel: MVJ_TARGET.",
    )
    # --base-url itself belongs to pytest-playwright; MVJ_BASE_URL is read by the settings.
    group.addoption(
        "--siths-card",
        default=None,
        help="SITHS-kortets PKCS#12-fil för --target live. Miljövariabel: MVJ_SITHS_CARD. "
        "Lösenordet läses bara från MVJ_SITHS_PASSPHRASE.",
    )
    group.addoption(
        "--ca-cert",
        default=None,
        help="CA-certifikat (PEM) som journalens servercertifikat ska kontrolleras mot; "
        "utan det gäller systemets betrodda utfärdare. Miljövariabel: MVJ_CA_CERT.",
    )
    group.addoption(
        "--test-data",
        default=None,
        help="Testdataprofil (YAML) med identiteterna som finns i målet; krävs för "
        "--target live (docs/testdataprofil.md). Miljövariabel: MVJ_TEST_DATA.",
    )
    group.addoption(
        "--allow-writes",
        action="store_true",
        default=None,
        help="Låt scenarier märkta @skriver skapa och ändra data i en riktig journal. "
        "Miljövariabel: MVJ_ALLOW_WRITES=1.",
    )
    group.addoption(
        "--real-time",
        action="store_true",
        default=None,
        help="Vänta på riktigt (45 minuter) i scenarier som kontrollerar att journalen "
        "själv avslutar sessionen – för nattliga körningar. Miljövariabel: MVJ_REAL_TIME=1.",
    )
    group.addoption(
        "--cdp-url",
        default=None,
        help="Anslut till en Chromium som testaren startat med fjärrfelsökning och loggat "
        "in i för hand (kortläsare). Miljövariabel: MVJ_CDP_URL.",
    )
    group.addoption(
        "--browser-ws-endpoint",
        default=None,
        help="Kör webbläsarna på en Playwright-webbläsarserver (ws://…). "
        "Miljövariabel: MVJ_BROWSER_WS_ENDPOINT.",
    )
    group.addoption(
        "--live-artefakter",
        action="store_true",
        default=None,
        help="Spela in video och spår även mot en riktig journal (annars av, för att "
        "inga personuppgifter ska hamna i rapporterna). Miljövariabel: MVJ_LIVE_ARTEFAKTER=1.",
    )


def _signoff_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-signoff", "Godkännande enligt rutin 781659 R12")
    group.addoption(
        "--del",
        dest="mvj_shard",
        default=None,
        metavar="K/N",
        help="kör bara delkörning K av N (var N:e scenario, deterministiskt; för CI)",
    )
    group.addoption(
        "--signoff",
        dest="mvj_signoff",
        choices=("auto", "ja", "nej"),
        default="auto",
        help="skriv godkännanderapport: auto = när scenarier kördes (standard), ja, nej",
    )
    group.addoption(
        "--signoff-katalog",
        dest="mvj_signoff_dir",
        default="reports",
        metavar="KATALOG",
        help="katalog för signoff.json/.md/.html (standard: reports)",
    )


def _report_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-allure", "Allure-rapport för MittVaccin Journal")
    group.addoption(
        "--skarmbild-efter-steg",
        dest="mvj_screenshot_each_step",
        action="store_true",
        default=False,
        help="bifoga en skärmbild till varje Gherkin-steg i Allure-rapporten (av som standard)",
    )


def _walkthrough_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-genomgang", "Genomgångar (utbildningsvideor)")
    group.addoption(
        "--genomgang",
        dest="mvj_walkthrough",
        action="store_true",
        default=False,
        help="spela in varje scenario som en utbildningsvideo med stegen som undertexter "
        "(bara mot stubbjournalen)",
    )
    group.addoption(
        "--genomgang-tempo",
        dest="mvj_walkthrough_tempo",
        type=int,
        default=DEFAULT_WALKTHROUGH_TEMPO_MS,
        metavar="MS",
        help=f"tempo i millisekunder per handling och steg (standard "
        f"{DEFAULT_WALKTHROUGH_TEMPO_MS}); kapitelkortet visas fem gånger så länge",
    )
    group.addoption(
        "--genomgang-katalog",
        dest="mvj_walkthrough_dir",
        default=DEFAULT_WALKTHROUGH_DIR,
        metavar="KATALOG",
        help=f"katalog för videor, undertexter och index.html (standard "
        f"{DEFAULT_WALKTHROUGH_DIR})",
    )
