"""The sign-off's options and how to read them (registered by ``mvj_suite.signoff.plugin``)."""

from __future__ import annotations

import pytest

SIGNOFF_MODES = ("auto", "yes", "no")


def signoff_mode(config: pytest.Config) -> str:
    """``--signoff``: auto, yes or no."""
    return str(config.getoption("mvj_signoff"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-signoff", "Godkännande enligt rutin 781659 R12")
    group.addoption(
        "--shard",
        dest="mvj_shard",
        default=None,
        metavar="K/N",
        help="kör bara delkörning K av N (var N:e scenario, deterministiskt; för CI)",
    )
    group.addoption(
        "--signoff",
        dest="mvj_signoff",
        choices=SIGNOFF_MODES,
        default="auto",
        help="skriv godkännanderapport: auto = när scenarier kördes (standard), yes, no",
    )
    group.addoption(
        "--signoff-dir",
        dest="mvj_signoff_dir",
        default="reports",
        metavar="KATALOG",
        help="katalog för signoff.json/.md/.html (standard: reports)",
    )
    group.addoption(
        "--mutation-report",
        dest="mvj_mutation_report",
        default="reports/mutation.json",
        metavar="FIL",
        help="resultatet av ./mvj mutation som godkännanderapporten visar när det gäller "
        "samma version av sviten (standard: reports/mutation.json)",
    )
    group.addoption(
        "--compare-with",
        dest="mvj_compare_with",
        default=None,
        metavar="FIL",
        help="en tidigare signoff.json att jämföra med: godkännanderapporten visar nya fel, "
        "åtgärdade, tillkomna och borttagna scenarier och det tidigare beskedet",
    )
