"""Remote browsers: a Playwright browser server (--browser-ws-endpoint) and --cdp-url.

The browser server is the real one (``tools/browser_server.mjs`` on npm
playwright-core, installed into .mvj/node on first use); a scenario of the
suite runs on it in a fresh pytest process whose local browser launch is
sabotaged, so passing proves the browser was the server's.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from mvj_suite.core import browser_server
from mvj_suite.core.journal import Card, Journal
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.core.remote import ATTACHED_SKIP_REASON, attached_skip_reason
from mvj_suite.core.stub_process import StubOptions, start_stub
from mvj_suite.live.wire_proxy import CLOSED_PATHS
from pages.login import LoginPage
from tests.suite.isolated_suite import SuiteRun, copy_suite, run_suite
from tests.suite.standalone import standalone_stub
from tests.suite.stub_profile import PROFILE, stub_card_env

# Scenario "Inloggning med SITHS-kort visar vem som är inloggad", as pytest names it.
SCENARIO = "test_inloggning_med_sithskort_visar_vem"
NO_LOCAL_LAUNCH = '''
"""Test plugin: any local browser launch fails, so only a remote browser can work."""
from playwright.sync_api import BrowserContext, BrowserType


def _refuse(self, *args, **kwargs):
    raise RuntimeError("LOKAL-START: sviten försökte starta en lokal webbläsare")


def pytest_configure(config):
    BrowserType.launch = _refuse
'''
NEEDS_NODE = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="Node.js/npm saknas"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    try:
        process, endpoint = browser_server.start()
    except browser_server.BrowserServerError as error:
        pytest.skip(str(error))
    try:
        yield process, endpoint
    finally:
        browser_server.stop(process)


@pytest.fixture(scope="module")
def suite_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = copy_suite(tmp_path_factory.mktemp("svit") / "repo")
    (copy / "no_local_launch.py").write_text(NO_LOCAL_LAUNCH, encoding="utf-8")
    return copy


def _run(copy: Path, *args: str) -> SuiteRun:
    reports = copy / "reports"
    return run_suite(
        copy,
        "-p", "no_local_launch", "-k", SCENARIO,
        f"--junitxml={reports / 'junit.xml'}", f"--alluredir={reports / 'allure-results'}",
        *args,
        # A local Chromium, were one launched, would not even be found.
        env={"MVJ_CHROMIUM": "/finns/inte/chromium"},
    )  # fmt: skip


@NEEDS_NODE
def test_server_prints_one_endpoint_line_and_stops_on_sigterm() -> None:
    process, endpoint = browser_server.start()
    assert re.fullmatch(r"ws://127\.0\.0\.1:\d+/[0-9a-f]+", endpoint)
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect(endpoint)
        page = browser.new_page()
        page.set_content("<h1>Hej</h1>")
        assert page.get_by_role("heading").inner_text() == "Hej"
        browser.close()
    assert browser_server.stop(process) == 0
    assert "SIGTERM" in (process.stderr.read() if process.stderr else "")


@NEEDS_NODE
def test_a_scenario_runs_on_the_browser_server(
    server: tuple[subprocess.Popen[str], str], suite_copy: Path
) -> None:
    _, endpoint = server
    outcome = _run(suite_copy, f"--browser-ws-endpoint={endpoint}")
    assert outcome.ret == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    assert re.search(r"\b1 godkänt\b", outcome.stdout), outcome.stdout[-2000:]
    assert "LOKAL-START" not in outcome.stdout


@NEEDS_NODE
def test_without_the_endpoint_the_sabotaged_local_launch_fails(suite_copy: Path) -> None:
    # The control experiment: the plugin really stops a local browser.
    outcome = _run(suite_copy)
    assert outcome.ret != 0
    assert "LOKAL-START" in outcome.stdout


def test_an_unreachable_server_stops_the_run_with_one_line(tmp_path: Path) -> None:
    copy = copy_suite(tmp_path / "repo")
    outcome = run_suite(
        copy, "-k", SCENARIO, "--browser-ws-endpoint=ws://127.0.0.1:9/finns-inte",
        f"--junitxml={copy / 'reports' / 'junit.xml'}",
        f"--alluredir={copy / 'reports' / 'allure-results'}",
    )  # fmt: skip
    assert outcome.ret == 4, outcome.stdout[-2000:]
    lines = [line for line in outcome.stdout.splitlines() if "webbläsarservern" in line]
    assert lines and "Kunde inte ansluta till webbläsarservern ws://127.0.0.1:9" in lines[0]
    assert "Traceback" not in outcome.stdout + outcome.stderr


# --- --cdp-url: a Chromium the tester started and logged into -----------------------------


@pytest.fixture
def stub_journal(tmp_path: Path) -> Iterator[Journal]:
    options = StubOptions(control_key=secrets.token_urlsafe(16), example_data=False)
    with start_stub(tmp_path / "stubb", options) as stub:
        ready = stub.ready
        cards = {
            key: Card(key, Path(card["path"]), card["hsa_id"], card["name"], ready["passphrase"])
            for key, card in ready["cards"].items()
        }
        yield Journal(ready["url"].rstrip("/"), cards, trust_private_ca=True, stub_control=None)


def _testers_browser(playwright: Playwright, journal: Journal, profile: Path) -> BrowserContext:
    """The tester's own Chromium, with the card in its reader and a remote-debugging port.

    A card in a reader cannot be scripted; this browser stands in for it by getting
    the card from Playwright (a persistent context: the browser's own profile, so a
    client that attaches over CDP works in it with the card too). The journal binds
    the session to the card, so the card must really be there, not only a cookie.
    """
    card = journal.card("sjukskoterska")
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--remote-debugging-port=0"],
        base_url=journal.url,
        ignore_https_errors=True,
        client_certificates=[
            {"origin": journal.url, "pfxPath": str(card.path), "passphrase": card.passphrase}
        ],
    )


def _cdp_url(profile: Path) -> str:
    """Chromium writes the port it chose to DevToolsActivePort in its profile."""
    port = (profile / "DevToolsActivePort").read_text(encoding="utf-8").splitlines()[0]
    return f"http://127.0.0.1:{port}"


def test_attached_browser_runs_in_the_testers_logged_in_context(
    stub_journal: Journal, tmp_path: Path
) -> None:
    from mvj_suite.core.remote import attach_cdp

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas – kör ./mvj setup")
    profile = tmp_path / "profil"
    card = stub_journal.card("sjukskoterska")
    with sync_playwright() as playwright:
        tester = _testers_browser(playwright, stub_journal, profile)
        # The tester logs in by hand, in a tab of her own.
        own_tab = tester.new_page()
        LoginPage.open(own_tab).log_in().expect_logged_in_as(card.name, card.hsa_id)

        attached = attach_cdp(playwright.chromium, _cdp_url(profile))
        context = attached.contexts[0]
        tabs_before = len(context.pages)
        journal_browser = JournalBrowser(None, stub_journal, own_tracing=False, attached=context)
        assert journal_browser.attached

        page = journal_browser.open("sjukskoterska")
        assert page.context is context  # no new context, no card of its own
        # The login step's path: already logged in is accepted, no button to click.
        LoginPage.open(page).log_in_unless_logged_in().expect_logged_in_as(card.name, card.hsa_id)
        assert journal_browser.open_pages() == [page]  # never the tester's own tabs

        # A second browser, or no card, cannot be had in the tester's browser.
        for card_key in ("sjukskoterska2", None):
            with pytest.raises(pytest.skip.Exception, match="ansluten webbläsare"):
                journal_browser.open(card_key)

        journal_browser.close_attached_tabs()
        assert len(context.pages) == tabs_before  # the tester's browser is as it was
        attached.close()  # disconnects; the tester's Chromium keeps running
        assert not own_tab.is_closed()
        tester.close()


def test_an_unreachable_cdp_browser_is_one_swedish_line() -> None:
    from mvj_suite.core.remote import RemoteBrowserError, attach_cdp

    with sync_playwright() as playwright, pytest.raises(RemoteBrowserError) as error:
        attach_cdp(playwright.chromium, "http://127.0.0.1:9")
    message = str(error.value)
    assert message.startswith("Kunde inte ansluta till webbläsaren på http://127.0.0.1:9")
    assert "\n" not in message


class _Settings:
    def __init__(self, cdp_url: str | None) -> None:
        self.cdp_url = cdp_url


def test_scenarios_needing_their_own_browser_are_skipped_only_when_attached() -> None:
    attached = _Settings("http://127.0.0.1:9222")
    assert attached_skip_reason({"egen-webblasare", "rutin-1"}, attached) == ATTACHED_SKIP_REASON
    assert attached_skip_reason({"klocka"}, attached) == ATTACHED_SKIP_REASON
    assert attached_skip_reason({"rutin-2.1"}, attached) is None
    assert attached_skip_reason({"egen-webblasare"}, _Settings(None)) is None
    assert "--cdp-url" in ATTACHED_SKIP_REASON


def test_the_browser_server_closes_the_paths_around_the_wire_proxy() -> None:
    """A browser on ./mvj browser-server is not launched by the suite: the server itself
    starts it without QUIC and without WebRTC UDP outside the proxy, as the suite would."""
    script = Path(browser_server.__file__).with_suffix(".mjs").read_text(encoding="utf-8")
    for flag in CLOSED_PATHS:
        assert f"'{flag}'" in script, flag


def test_profile_check_runs_in_the_testers_logged_in_browser(tmp_path: Path) -> None:
    """``./mvj profile check --cdp-url``: the same live options, the card in a reader.

    The check opens its own tab in the tester's Chromium (logged in by hand), reads the
    profile's people there through the guard in the routing, and closes only its tab."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas – kör ./mvj setup")
    with standalone_stub(tmp_path / "stubb") as ready, sync_playwright() as playwright:
        url = str(ready["url"]).rstrip("/")
        card = ready["cards"]["sjukskoterska"]
        journal = Journal(url, {"sjukskoterska": Card(
            "sjukskoterska", Path(card["path"]), card["hsa_id"], card["name"],
            ready["passphrase"])}, trust_private_ca=True, stub_control=None)  # fmt: skip
        profile = tmp_path / "profil"
        tester = _testers_browser(playwright, journal, profile)
        own_tab = tester.new_page()
        LoginPage.open(own_tab).log_in().expect_logged_in_as(card["name"], card["hsa_id"])
        tabs_before = list(tester.pages)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
        result = subprocess.run(
            [str(Path(__file__).resolve().parents[2] / "mvj"), "profile", "check",
             "--base-url", url, "--cdp-url", _cdp_url(profile), "--ca-cert",
             str(ready["ca_cert"]), "--test-data", str(PROFILE),
             # §2.5 takes from one pool: its ten persons are searched, not all hundred
             # (the full pools: tests/suite/test_sparse_profile.py, on the form journal).
             "-m", "rutin-2.5"],
            capture_output=True, text=True, timeout=300, env={**env, **stub_card_env(ready)},
        )  # fmt: skip
        assert tester.pages == tabs_before  # its tab closed, the tester's own left as they were
        assert not own_tab.is_closed()
        tester.close()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Profilkontrollen: profilen stämmer med journalen." in output
    assert "✓ potterna (pu_skyddade): ingen av 10 personer är kund ännu" in output
