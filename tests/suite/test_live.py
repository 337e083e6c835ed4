"""A live target: configuration, preflight and the guards that keep a real journal safe.

The runs in a subprocess point the suite at the stub started on its own (no
control interface, its example data) — the same way ``./mvj live-against-stub``
does — and check that each configuration mistake ends the run at once with
one Swedish line and exit code 4, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from mvj_suite.core.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from mvj_suite.core.settings import ROOT, ConfigurationError, build_settings
from mvj_suite.live.plugin import live_skip_reason
from mvj_suite.live.route_guard import RouteGuard
from mvj_suite.live.wire_rules import guard_for
from mvj_suite.model import testdata
from mvj_suite.model.profile import load_profile
from mvj_suite.model.testdata import RandomNumberRefused, TestData
from pages.login import LoginPage
from pages.shell import AppShell

from .standalone import request_log, standalone_stub
from .stub_profile import PROFILE, load_stub_profile, placeholder_card_env, stub_card_env

RANDOM_PNR = "19640823-3234"  # valid Luhn, in no profile: "a random real person"


# --- a standalone stub, as a tester would start it ----------------------------------
@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with standalone_stub(tmp_path_factory.mktemp("fristaende")) as ready:
        yield ready


def _live_run(
    standalone: dict,
    *extra: str,
    card: str | None = None,
    ca: str | None = "stub",
    profile: Path = PROFILE,
    passphrase: str | None = None,
    select: str = "inloggning and visar and vem",
) -> subprocess.CompletedProcess[str]:
    card_path = card or standalone["cards"]["sjukskoterska"]["path"]
    args = [
        # Option values that are paths outside the repo must not move the rootdir.
        "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
        # --option=value: before the conftest is read, a separate path value would be
        # taken for a test path and its folder's conftest loaded instead of ours.
        "--target=live", f"--base-url={standalone['url']}",
        f"--siths-card={card_path}", f"--test-data={profile}",
        "-p", "no:cacheprovider", "--signoff=no", "-q",
        f"--junitxml={os.devnull}", f"--alluredir={tempfile.mkdtemp(prefix='mvj-allure-')}",
        "-k", select,
    ]  # fmt: skip
    if ca == "stub":
        args += [f"--ca-cert={standalone['ca_cert']}"]
    env = {
        **os.environ,
        **stub_card_env(standalone),
        "MVJ_SITHS_PASSPHRASE": passphrase or standalone["passphrase"],
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, *extra],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip


def _one_line_exit(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    assert fragment in output, output
    assert "Traceback" not in output, output
    assert "passed" not in output and "failed" not in output, output


# --- settings: each mistake one line -------------------------------------------------
def _live(**options: object) -> dict[str, object]:
    return {"target": "live", "base_url": "https://j.example.se", **options}


@pytest.mark.parametrize(
    ("options", "env", "fragment"),
    [
        (_live(siths_card=__file__), {"MVJ_SITHS_PASSPHRASE": "x"}, "kräver en testdataprofil"),
        (_live(test_data=str(PROFILE)), {}, "kräver ett SITHS-kort"),
        (_live(test_data=str(PROFILE), siths_card=__file__), {}, "MVJ_SITHS_PASSPHRASE"),
        (
            _live(test_data=str(PROFILE), siths_card="/finns/inte.p12"),
            {"MVJ_SITHS_PASSPHRASE": "x"},
            "SITHS-kortet /finns/inte.p12 finns inte",
        ),
        (
            _live(test_data=str(PROFILE), siths_card=__file__, ca_cert="/finns/inte.pem"),
            {"MVJ_SITHS_PASSPHRASE": "x"},
            "CA-certifikatet /finns/inte.pem finns inte",
        ),
        (
            _live(test_data="/finns/inte.yaml", siths_card=__file__),
            {"MVJ_SITHS_PASSPHRASE": "x"},
            "Testdataprofilen /finns/inte.yaml finns inte",
        ),
        (
            _live(
                test_data=str(PROFILE),
                cdp_url="http://127.0.0.1:9222",
                browser_ws_endpoint="ws://127.0.0.1:3000/",
            ),
            {},
            "går inte att kombinera",
        ),
        (
            _live(test_data=str(PROFILE), siths_card=__file__),
            {"MVJ_SITHS_PASSPHRASE": "x", "MVJ_WIRE_GUARD": "route"},
            "MVJ_WIRE_GUARD=route går bara mot en journal på den här datorn",
        ),
        (
            _live(test_data=str(PROFILE), siths_card=__file__),
            {"MVJ_SITHS_PASSPHRASE": "x", "MVJ_WIRE_GUARD": "av"},
            "ange proxy eller route",
        ),
        ({"siths_card": __file__}, {}, "gäller bara --target live"),
        ({}, {"MVJ_TEST_DATA": str(PROFILE)}, "gäller bara --target live"),
    ],
)
def test_bad_live_configuration_is_one_line(
    options: dict[str, object], env: dict[str, str], fragment: str
) -> None:
    with pytest.raises(ConfigurationError) as error:
        build_settings(options, env)
    assert fragment in str(error.value)
    assert "\n" not in str(error.value)


def test_live_settings_from_environment_hide_the_passphrase() -> None:
    settings = build_settings(
        {},
        {
            "MVJ_TARGET": "live",
            "MVJ_BASE_URL": "https://j.example.se",
            "MVJ_SITHS_CARD": __file__,
            "MVJ_SITHS_PASSPHRASE": "hemligt-lösen",
            "MVJ_TEST_DATA": str(PROFILE),
            "MVJ_ALLOW_WRITES": "1",
        },
    )
    assert settings.is_live and settings.allow_writes and not settings.real_time
    assert settings.siths_passphrase == "hemligt-lösen"
    assert "hemligt-lösen" not in repr(settings)


def test_card_reader_browser_needs_no_card_file() -> None:
    settings = build_settings(_live(test_data=str(PROFILE), cdp_url="http://127.0.0.1:9222"), {})
    assert settings.siths_card is None and settings.cdp_url == "http://127.0.0.1:9222"


# --- what runs on live ---------------------------------------------------------------
def test_live_skips_stub_only_writes_and_server_clock_with_reasons() -> None:
    live = build_settings(_live(test_data=str(PROFILE), siths_card=__file__),
                          {"MVJ_SITHS_PASSPHRASE": "x"})  # fmt: skip
    assert "bara mot stubben" in (live_skip_reason(live, {"stubb"}) or "")
    assert "PU-tjänsten" in (live_skip_reason(live, {"stubb", "stubb-pu"}) or "")
    assert "Startar om" in (live_skip_reason(live, {"stubb", "stubb-omstart"}) or "")
    assert "--allow-writes" in (live_skip_reason(live, {"skriver"}) or "")
    assert "--real-time" in (live_skip_reason(live, {"klocka", "serverklocka"}) or "")
    assert live_skip_reason(live, {"klocka"}) is None  # the browser clock is enough
    assert live_skip_reason(live, {"rutin-2.1"}) is None
    stub = build_settings({}, {})
    assert live_skip_reason(stub, {"stubb", "skriver", "serverklocka"}) is None


# --- the guards ------------------------------------------------------------------------
def test_generated_numbers_are_refused_once_the_target_is_live(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(testdata, "_REFUSAL", [])
    generator = TestData(seed=1)
    generator.personnummer()  # fine on the stub
    testdata.refuse_random_numbers("aldrig live")
    for make in (generator.personnummer, generator.samordningsnummer, generator.customer):
        with pytest.raises(RandomNumberRefused, match="aldrig live"):
            make()


def test_a_page_object_typing_a_random_number_is_stopped_in_the_routing_too(
    standalone: dict,
) -> None:
    """The tester's own browser (--cdp-url) has no proxy in front of it: the same rules
    in Playwright's routing stop what a step would do — search with a page object."""
    profile = load_stub_profile()
    guard = guard_for(profile.numbers, False, standalone["url"], profile.declared_reads)
    guard.begin_step("read")
    card = standalone["cards"]["sjukskoterska"]
    with sync_playwright() as playwright:
        executable = system_chromium()
        browser = playwright.chromium.launch(
            **({"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {})
        )
        context = browser.new_context(
            base_url=standalone["url"],
            ignore_https_errors=True,
            client_certificates=[{"origin": standalone["url"], "pfxPath": card["path"],
                                  "passphrase": standalone["passphrase"]}],
        )  # fmt: skip
        RouteGuard(guard).attach(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        LoginPage.open(page).log_in().expect_logged_in_as(card["name"], card["hsa_id"])
        search = AppShell(page).open_search()
        search.search("19121212-1212").expect_customer_found("19121212-1212")
        assert guard.failure() is None
        search.field.fill(RANDOM_PNR)
        with page.expect_event("requestfailed") as stopped:
            search.search_button.click()
        assert "/sok" in stopped.value.url
        browser.close()
    failure = guard.failure()
    assert failure is not None and f"Skyddet stoppade GET {standalone['url']}/sok" in failure


# --- whole runs against the standalone stub: one line, exit code 4 --------------------
def test_live_run_against_the_standalone_stub_logs_in(standalone: dict) -> None:
    result = _live_run(standalone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b1 godkänt\b", result.stdout), result.stdout[-2000:]


def test_what_pages_send_after_the_steps_fails_the_scenario_or_the_run(
    standalone: dict, tmp_path: Path
) -> None:
    """A beacon when the suite closes a page (teardown) fails that scenario; a DELETE on
    a connection opened between scenarios fails the run. Neither reaches the journal,
    and the sign-off says both (tests/suite/misbehaving_pages.py)."""
    out = tmp_path / "rapporter"
    result = _live_run(standalone, "-p", "tests.suite.misbehaving_pages", "--signoff=yes",
                       f"--signoff-dir={out}",
                       select="(inloggning and visar and vem) or (utan and sithskort)")  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    signoff = json.loads((out / "signoff.json").read_text(encoding="utf-8"))
    assert signoff["release"]["wire_guard"].startswith("skyddsproxy: all trafik")
    scenarios = signoff["scenarios"]
    assert len(scenarios) == 2, scenarios
    for scenario in scenarios:
        assert scenario["outcome"] == "failed", scenario
        assert "Skrivskyddet stoppade POST" in scenario["reason"], scenario
        assert "/prov/vid-stangning" in scenario["reason"], scenario
    [run_error] = [e for e in signoff["run_errors"] if "inget scenario kan stå för" in e]
    assert "Skrivskyddet stoppade DELETE" in run_error and "/prov/mellan-scenarier" in run_error
    log = request_log(standalone)
    assert "/prov/vid-stangning" not in log and "/prov/mellan-scenarier" not in log


def test_pytest_playwrights_own_traces_are_scrubbed_on_live(
    standalone: dict, tmp_path: Path
) -> None:
    """--live-artifacts lets pytest-playwright's --tracing on a live journal: its traces
    come out scrubbed like the suite's own (no session cookie, no secret)."""
    output = tmp_path / "playwright"
    result = _live_run(standalone, "--live-artifacts", "--tracing=on", f"--output={output}")
    assert result.returncode == 0, result.stdout + result.stderr
    traces = sorted(output.glob("**/trace*.zip"))
    assert traces, "inget spår skrevs"
    headers = 0
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8", errors="replace")
                assert not re.search(r"mvj_session=[\w-]{20,}", text), (trace, name)
                assert standalone["passphrase"] not in text, (trace, name)
                headers += text.count('"name": "cookie", "value": "[borttaget]"')
    assert headers, "inga kakor i spåren – kontrollen säger inget"


def test_wrong_passphrase(standalone: dict) -> None:
    _one_line_exit(_live_run(standalone, passphrase="fel-lösen"), "Fel lösenord till SITHS-kortet")


def test_unreadable_card(standalone: dict, tmp_path: Path) -> None:
    card = tmp_path / "kort.p12"
    card.write_text("inget kort", encoding="utf-8")
    _one_line_exit(_live_run(standalone, card=str(card)), "är ingen PKCS#12-fil")


def test_server_certificate_not_trusted(standalone: dict) -> None:
    _one_line_exit(_live_run(standalone, ca=None), "servercertifikat godtas inte")


def test_card_refused_by_the_journal(standalone: dict) -> None:
    card = standalone["cards"]["utan-behorighet"]["path"]
    _one_line_exit(
        _live_run(standalone, card=card),
        "Journalen godtog inte SITHS-kortet: «Behörighet saknas för SE2321000016-OBH1.»",
    )


def test_profile_for_another_journal(standalone: dict, tmp_path: Path) -> None:
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    raw["kunder"][0]["nummer"] = "19550317-9805"  # a number the stub does not have
    raw["ej_i_pu"] = raw["ej_i_pu"][2:]
    other = tmp_path / "annan.yaml"
    other.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _one_line_exit(_live_run(standalone, profile=other), "Testdataprofilen stämmer inte")


def test_profile_with_wrong_user(standalone: dict, tmp_path: Path) -> None:
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    raw["inloggning"]["namn"] = "Någon Annan"
    other = tmp_path / "annan.yaml"
    other.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _one_line_exit(_live_run(standalone, profile=other), "Testdataprofilen anger")


def test_broken_profile_lists_every_problem(standalone: dict, tmp_path: Path) -> None:
    broken = tmp_path / "trasig.yaml"
    broken.write_text(
        "version: 2\ninloggning: {namn: Sara, hsa_id: fel}\nkunder:\n"
        f"  - nummer: {RANDOM_PNR[:-1]}0\n    fornamn: A\n",
        encoding="utf-8",
    )
    result = _live_run(standalone, profile=broken)
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    for fragment in ("'version' ska vara 1", "är inget HSA-id", "'efternamn' saknas",
                     "fel kontrollsiffra"):  # fmt: skip
        assert fragment in output, output
    assert "Traceback" not in output


@pytest.mark.parametrize("name", ["stubb.yaml", "exempel.yaml"])
def test_shipped_profiles_are_valid(name: str) -> None:
    profile = load_profile(ROOT / "profiles" / name, env=placeholder_card_env())
    assert profile.customers and profile.login_hsa_id.startswith("SE")


# --- the README's live command, with every file outside the project ----------------
def _files_elsewhere(standalone: dict, folder: Path) -> dict[str, Path]:
    """Card, CA and profile copied into ``folder``, as a tester keeps them."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "card": folder / "testsköterska.p12",
        "ca": folder / "test-ca.pem",
        "profile": folder / "min-testmiljo.yaml",
    }
    files["card"].write_bytes(Path(standalone["cards"]["sjukskoterska"]["path"]).read_bytes())
    files["ca"].write_bytes(Path(standalone["ca_cert"]).read_bytes())
    files["profile"].write_bytes(PROFILE.read_bytes())
    return files


@pytest.mark.parametrize("form", ["--opt värde", "--opt=värde, relativt"])
def test_readme_live_command_works_with_every_file_outside_the_project(
    standalone: dict, tmp_path: Path, form: str
) -> None:
    """Before the options were a plugin, pytest took ``/elsewhere/kort.p12`` for a test
    path, read no conftest and stopped with "unrecognized arguments: --target …"."""
    outside = tmp_path / "annanstans"
    assert ROOT not in outside.parents
    files = _files_elsewhere(standalone, outside)
    options = {
        "--target": "live",
        "--base-url": standalone["url"],
        "--siths-card": str(files["card"]),
        "--ca-cert": str(files["ca"]),
        "--test-data": str(files["profile"]),
    }
    if form == "--opt värde":
        args = [part for option, value in options.items() for part in (option, value)]
    else:  # relative to the folder the tester stands in
        args = [f"{option}={Path(value).name if value.startswith(str(outside)) else value}"
                for option, value in options.items()]  # fmt: skip
    reports = tmp_path / "rapporter"
    result = subprocess.run(
        [str(ROOT / "mvj"), "suite", *args, "-k", "inloggning and visar and vem",
         "-p", "no:cacheprovider", "--signoff", "no",
         "--alluredir", str(reports / "allure"), "--junitxml", str(reports / "junit.xml")],
        cwd=outside, capture_output=True, text=True, timeout=300,
        env={**_clean_env(), **stub_card_env(standalone)},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert "unrecognized arguments" not in output, output
    assert result.returncode == 0, output
    assert re.search(r"\b1 godkänt\b", result.stdout), output


def _clean_env() -> dict[str, str]:
    """The caller's environment without settings that would change the run."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}


# --- the test-data budget, before any browser ------------------------------------------
@pytest.mark.parametrize("workers", ["0", "2"])
def test_too_small_pools_stop_the_run_before_any_browser(
    standalone: dict, tmp_path: Path, workers: str
) -> None:
    """With xdist the controller collects nothing: the workers' collection decides."""
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    # One protected person left, whose entry does not say how: fits either kind, once.
    raw["pu_skyddade"] = [{k: v for k, v in raw["pu_skyddade"][0].items() if k != "skydd"}]
    small = tmp_path / "liten.yaml"
    small.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    logins_before = request_log(standalone).count("/logga-in")
    result = _live_run(standalone, "-n", workers, profile=small, select="rutin or Skyddad")
    _one_line_exit(result, "Testdataprofilen räcker inte för de valda scenarierna – pu_skyddade")
    assert request_log(standalone).count("/logga-in") == logins_before  # no browser


def test_a_refusal_scenario_skips_with_the_reason_when_the_profile_names_no_card() -> None:
    from mvj_suite.core.journal import live_journal

    profile = load_stub_profile()
    settings = build_settings(_live(test_data=str(PROFILE), siths_card=__file__),
                              {"MVJ_SITHS_PASSPHRASE": "x"})  # fmt: skip
    journal = live_journal(settings, replace(profile, cards={}), {})
    assert journal.card("sjukskoterska").hsa_id == profile.login_hsa_id
    with pytest.raises(pytest.skip.Exception, match=r"kort som har gått ut \('kort.utgangen'\)"):
        journal.card("utgangen")
    # Without a colleague's card, "a colleague" is the same user in a second browser.
    assert journal.colleague_card().key == "sjukskoterska"


def _collected(marker: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
         "-p", "no:cacheprovider", "-m", marker],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_a_stub_only_tag_also_selects_as_stubb() -> None:
    # pytest-bdd marks every tag as it is; @stubb-<why> must also be @stubb whichever
    # plugin pytest happens to ask first, or -m "not stubb" keeps the stub-only ones.
    tagged = {
        match[1]
        for path in (ROOT / "features").glob("*.feature")
        for match in re.finditer(
            r"@stubb-[\w-]+[^\n]*\n\s*Scenario(?:mall)?: ([^\n]+)", path.read_text("utf-8")
        )
    }
    stub_only = _collected("stubb")
    assert tagged and stub_only
    assert len(stub_only) >= len(tagged)
    assert not set(stub_only) & set(_collected("not stubb"))
