"""A live run, read-only, against a journal that logs in and searches with JSON POSTs.

The stub with ``--json-api`` talks like a single-page journal: ``POST
/api/logga-in`` with ``{}`` and ``POST /api/sok`` with the query in the body.
A guard that judged writes by a request's shape stopped the login itself
(0 of 36 in §2.1). Judged by what the suite means to do, read scenarios pass
without ``--allow-writes`` (a sample of every routine section here; the whole
suite, writes included, is ``./mvj live-against-stub --single-page``, which
``./mvj test`` runs); the same run's Allure results hold no personal data of the
profile.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from mvj_suite.core.allure_privacy import leaks
from mvj_suite.core.settings import ROOT

from .standalone import request_log, standalone_stub
from .stub_profile import PROFILE, load_stub_profile, stub_card_env

# Why a scenario may be skipped in a read-only run: it writes, or only the stub can show it.
ALLOWED_SKIPS = ("--allow-writes", "bara mot stubben", "--real-time")


# Read scenarios of each routine section (outline rows included): the single-page
# login and search, and the pages read around them.
SAMPLE = (
    "inloggning_med_siths or journalens_sidor_kräver or "
    "sökning_på_personnummer or sökning_på_namn or minst_fyra or "
    "frågan_om_att_lägga_till or ändra_kund_visar or "
    "visar_bara_personnumret or hittas_inte_på_sitt_namn or "
    # …and one that writes: without --allow-writes it must be skipped, not run.
    "spara_lägger_till_kunden"
)


def test_read_scenarios_pass_read_only_against_a_single_page_journal(
    tmp_path: Path,
) -> None:
    with standalone_stub(tmp_path / "stubb", json_api=True) as ready:
        assert ready["json_api"] is True
        reports = tmp_path / "rapporter"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
             "-p", "no:cacheprovider", "-q", "--target=live", f"--base-url={ready['url']}",
             f"--siths-card={ready['cards']['sjukskoterska']['path']}",
             f"--ca-cert={ready['ca_cert']}", f"--test-data={PROFILE}",
             f"--signoff-dir={reports}", f"--alluredir={reports / 'allure'}",
             f"--junitxml={reports / 'junit.xml'}", f"--output={reports / 'playwright'}",
             "-k", SAMPLE],
            cwd=ROOT, capture_output=True, text=True, timeout=900,
            env={**env, **stub_card_env(ready)},
        )  # fmt: skip
        output = result.stdout[-4000:] + result.stderr[-2000:]
        received = request_log(ready)
    assert result.returncode == 0, output
    # The suite's closing line, in Swedish: "3 fallerade, 17 godkända, 4 överhoppade på …"
    counts = {word[:4]: int(n) for n, word in
              re.findall(r"(\d+) (godkänt|godkända|fallerat|fallerade|överhoppat|överhoppade)\b",
                         output)}
    assert counts.get("fall", 0) == 0, output
    assert counts["godk"] >= 15, output  # §1, §2.1 and the read parts of §2.2–§2.5
    # What was skipped, was skipped for writing or for needing the stub – nothing else.
    suite = ElementTree.parse(reports / "junit.xml").getroot()
    reasons = [skip.get("message", "") for skip in suite.iter("skipped")]
    assert reasons and all(any(a in r for a in ALLOWED_SKIPS) for r in reasons), reasons
    # The journal really was spoken to the single-page way.
    assert "POST /api/logga-in 200" in received
    assert received.count("POST /api/sok 200") >= 10
    # Allure, over the whole run: only Gherkin arguments, no person of the profile.
    assert leaks(reports / "allure", load_stub_profile()) == []
