"""Preflight checks for a live target: one clear line instead of forty failed scenarios.

The checks themselves; ``mvj_suite.live.preflight_hooks`` runs them once, in the controller,
before any scenario: the card opens with the passphrase (and the profile's
extra cards with theirs), the CA file is a certificate, the journal answers,
its server certificate is trusted, it accepts the card and shows the
profile's user as logged in, and the profile's first customer is there. Any
failure ends the run with one Swedish line (exit code 4).
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from cryptography import x509
from playwright.sync_api import Browser, Error, Page, Playwright, expect, sync_playwright

from mvj_suite.core.chromium import NoChromium, launch_options
from mvj_suite.core.journal import MAIN_CARD, live_journal
from mvj_suite.core.settings import ConfigurationError, Settings
from mvj_suite.live.live_wire import (
    close_webrtc,
    context_options_through,
    new_guard,
    process_proxy,
    uses_proxy,
)
from mvj_suite.live.route_guard import RouteGuard
from mvj_suite.live.wire_proxy import WireProxy
from mvj_suite.live.wire_rules import WireGuard
from mvj_suite.model.cards import CardError, CardInfo, WrongPassphrase, read_card
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.intent import READ
from mvj_suite.model.profile import Profile
from pages import vocabulary as v
from pages.login import LoginPage
from pages.shell import AppShell

# Once the shell shows "Inloggad som …", its whole text is drawn: a short margin for a
# single-page journal that fills in the name a moment later.
SHOWN_TEXT_TIMEOUT_MS = 2_000
PREFLIGHT_TIMEOUT_MS = 20_000


def check_reachable(base_url: str, timeout: float = 10.0) -> None:
    """Fail fast when a live journal does not answer at all (TLS/HTTP errors are answers)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # reachability only; the browser judges the certificate
    try:
        urllib.request.urlopen(base_url, timeout=timeout, context=context).close()
    except urllib.error.HTTPError:
        return  # it answered
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, ssl.SSLError):
            return  # a journal demanding a client certificate may refuse the handshake
        raise ConfigurationError(f"Journalen på {base_url} svarar inte ({reason}).") from None


def check_card(
    path: Path, passphrase: str, variable: str = "MVJ_SITHS_PASSPHRASE", role: str = ""
) -> CardInfo:
    """The PKCS#12 file opens with the passphrase; with no ``role``, it must be current.

    ``role`` names one of the profile's extra cards (``kort.utgangen`` …), which
    exist to be refused: an expired one must have expired, the others be current.
    """
    try:
        info = read_card(path, passphrase)
    except WrongPassphrase as error:
        raise ConfigurationError(f"{error} – kontrollera {variable}.") from None
    except CardError as error:
        raise ConfigurationError(str(error)) from None
    what = f"Testdataprofilens kort '{role}'" if role else "SITHS-kortets certifikat"
    if role == "utgangen":
        if not info.expired():
            raise ConfigurationError(
                f"{what} ({path}) har inte gått ut – det gäller till {info.not_after:%Y-%m-%d}."
            )
        return info
    if info.expired():
        raise ConfigurationError(f"{what} gick ut {info.not_after:%Y-%m-%d}.")
    if info.not_yet_valid():
        raise ConfigurationError(f"{what} gäller först från {info.not_before:%Y-%m-%d}.")
    return info


def check_ca(path: Path) -> None:
    try:
        certificates = x509.load_pem_x509_certificates(path.read_bytes())
    except ValueError:
        certificates = []
    if not certificates:
        raise ConfigurationError(f"CA-certifikatet {path} är inget PEM-certifikat.")


def check_server_trust(base_url: str, ca_cert: Path | None, timeout: float = 10.0) -> None:
    """The journal's server certificate verifies against --ca-cert or the system store.

    Checked here, with Python's TLS, because a Playwright context carrying a client
    certificate (Playwright 1.65) does not verify the server's certificate at all:
    the browser would talk to any server on that address.
    """
    parts = urlsplit(base_url)
    context = ssl.create_default_context(cafile=str(ca_cert) if ca_cert else None)
    try:
        with (
            socket.create_connection((parts.hostname, parts.port or 443), timeout) as raw,
            context.wrap_socket(raw, server_hostname=parts.hostname),
        ):
            return
    except ssl.SSLCertVerificationError as error:
        hint = "rätt --ca-cert" if ca_cert else "--ca-cert med utfärdarens CA-certifikat"
        raise ConfigurationError(
            f"Journalens servercertifikat godtas inte ({error.verify_message}) – ange {hint}."
        ) from None
    except (ssl.SSLError, OSError):
        return  # e.g. a card demanded in the handshake: the browser check judges that


class LoginMismatch(ConfigurationError):
    """The journal logged in someone else than the profile's ``inloggning``."""


def check_login(page: Page, profile: Profile, card_in_context: bool) -> None:
    """Log in (unless the tester did) and expect the profile's user."""
    page.set_default_timeout(PREFLIGHT_TIMEOUT_MS)
    try:
        login = LoginPage.open(page)
    except Error as error:
        raise ConfigurationError(_navigation_problem(str(error))) from None
    expected = v.LOGGED_IN_AS.format(name=profile.login_name, hsa_id=profile.login_hsa_id)
    if card_in_context:
        alert = page.get_by_role("alert")
        logged_in = page.get_by_text(v.LOGGED_IN_PREFIX)
        try:
            expect(login.login_button).to_be_visible(timeout=PREFLIGHT_TIMEOUT_MS)
            login.log_in()
            expect(logged_in.or_(alert).first).to_be_visible(timeout=PREFLIGHT_TIMEOUT_MS)
        except (AssertionError, Error) as error:
            raise ConfigurationError(
                f"Inloggningen med SITHS-kortet gick inte att pröva: {_first_line(error)}"
            ) from None
        if alert.count() and not logged_in.count():
            raise ConfigurationError(
                f"Journalen godtog inte SITHS-kortet: «{alert.first.inner_text().strip()}»"
            )
    actual = page.get_by_text(v.LOGGED_IN_PREFIX)
    try:
        # Wait for the journal to show who is logged in, whoever it is; then the name is
        # there or not — a wrong user is told at once, not after the whole timeout.
        expect(actual.first).to_be_visible(timeout=PREFLIGHT_TIMEOUT_MS)
        expect(page.get_by_text(expected)).to_be_visible(timeout=SHOWN_TEXT_TIMEOUT_MS)
    except AssertionError:
        seen = actual.first.inner_text().strip() if actual.count() else "ingen inloggning"
        # Someone else logged in is the profile's difference; nobody is a failed login.
        failure = LoginMismatch if actual.count() else ConfigurationError
        raise failure(
            f"Testdataprofilen anger «{expected}» men journalen visar «{seen}» – "
            "kontrollera inloggning i profilen och kortet."
        ) from None


def check_profile_matches(page: Page, profile: Profile) -> None:
    """The profile's first customer is found by number, with its name in the row."""
    customer = profile.customers[0]
    number = parse_identity(customer.number).display
    try:
        search = AppShell(page).open_search().search(customer.number)
        # search() waits for the journal's answer: no row now means no such customer.
        if not search.row(number).count():
            raise AssertionError("kunden saknas")
        search.expect_customer_found(number)
        search.expect_row(number, [customer.first_name, customer.last_name], [])
    except (AssertionError, Error):
        raise ConfigurationError(
            f"Testdataprofilen stämmer inte med journalen: kunden {number} "
            f"({customer.first_name} {customer.last_name}) hittas inte – "
            "fel profil eller fel miljö?"
        ) from None


def _navigation_problem(message: str) -> str:
    if "ERR_CERT" in message or "certificate" in message.lower():
        return (
            "Journalens servercertifikat godtas inte – ange --ca-cert med utfärdarens "
            f"CA-certifikat ({_first_line(message)})."
        )
    if "ERR_SSL" in message or "ERR_BAD_SSL_CLIENT_AUTH_CERT" in message:
        return f"Journalen godtog inte SITHS-kortet i TLS-handskakningen ({_first_line(message)})."
    return f"Journalens startsida gick inte att öppna: {_first_line(message)}"


def _first_line(error: object) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    return text.removeprefix("Error: ").removeprefix("Page.goto: ")[:200]


def _browser(playwright: Playwright, settings: Settings, proxy: WireProxy | None) -> Browser:
    if settings.browser_ws_endpoint:
        return playwright.chromium.connect(settings.browser_ws_endpoint)
    if settings.cdp_url:
        return playwright.chromium.connect_over_cdp(settings.cdp_url)
    try:
        launch = {"headless": True,
                  **launch_options(playwright.chromium.executable_path, headless=True)}
    except NoChromium as missing:
        raise ConfigurationError(str(missing)) from None
    return playwright.chromium.launch(**(proxy.launch_options(launch) if proxy else launch))


def preflight_guard(
    settings: Settings, profile: Profile, name: str = "förkontrollen"
) -> WireGuard:
    """The preflight's own wire guard: it logs in, searches and logs out, and it never
    writes, --allow-writes or not; each of its steps reads."""
    guard = new_guard(settings, profile, name=name, read_only=True)
    guard.begin_step(READ)
    return guard


def context_options(settings: Settings, proxy: WireProxy | None) -> dict[str, Any]:
    """The preflight's browser context: through the proxy, which holds the user's card
    (without one, a measurement of the proxy's cost: the card in the context)."""
    options: dict[str, Any] = {"base_url": settings.base_url, "locale": "sv-SE"}
    through_proxy = context_options_through(proxy, settings)
    if through_proxy is not None:
        options.update(through_proxy(MAIN_CARD))
    elif settings.siths_card is not None:
        options["client_certificates"] = [{
            "origin": settings.base_url, "pfxPath": str(settings.siths_card),
            "passphrase": settings.siths_passphrase or ""}]  # fmt: skip
    return options


def run_login_checks(page: Page, profile: Profile, guard: WireGuard, card: bool) -> None:
    """Log in (or accept the tester's login), find the profile's first customer, and
    stop with the guard's reason if the journal's page sent what it must not."""
    try:
        check_login(page, profile, card_in_context=card)
        check_profile_matches(page, profile)
        if card:
            AppShell(page).log_out()
    except ConfigurationError:
        if guard.failure() is None:
            raise
    # A stopped request explains the rest: it is the one line to show.
    failure = guard.failure()
    if failure:
        raise ConfigurationError(f"Under förkontrollen: {failure}")


def calls_line(guard: WireGuard, who: str = "Förkontrollen") -> str:
    """What the journal sent besides GET during the preflight's read-only login and
    search, as a team would declare it (``lasande_anrop``)."""
    if not guard.calls:
        return f"{who}: journalen skickade inga anrop utöver GET vid inloggning och sökning."
    listed = ", ".join(f"{call.declaration} ({call.verdict})" for call in guard.calls)
    return (f"{who}: journalen skickade {len(guard.calls)} anrop utöver GET vid "
            f"inloggning och sökning: {listed}.")  # fmt: skip


def run_browser_checks(settings: Settings, profile: Profile) -> str:
    """Log in through the wire guard, read-only; returns the line of non-GET calls seen."""

    def checks(page: Page, guard: WireGuard, card: bool) -> str:
        run_login_checks(page, profile, guard, card=card)
        return calls_line(guard)

    return with_guarded_page(settings, profile, checks)


T = TypeVar("T")


def with_guarded_page(
    settings: Settings,
    profile: Profile,
    work: Callable[[Page, WireGuard, bool], T],
    name: str = "förkontrollen",
) -> T:
    """Run ``work(page, guard, card)`` in a browser whose every byte passes a read-only
    wire guard, as the preflight and ``./mvj profile check`` do: ``card`` is False when
    the tester's own browser (--cdp-url) holds the login. Whatever the page sent that
    the guard stopped, also while closing, ends it with ConfigurationError."""
    assert settings.base_url is not None
    guard = preflight_guard(settings, profile, name)
    proxy = None
    if uses_proxy(settings):
        proxy = process_proxy(settings, profile, live_journal(settings, profile, os.environ))
        proxy.watch(guard)
    route_guard = RouteGuard(guard) if proxy is None else None
    with sync_playwright() as playwright:
        try:
            browser = _browser(playwright, settings, proxy)
        except Error as error:
            if proxy is not None:
                proxy.release(guard)
            raise ConfigurationError(
                f"Webbläsaren gick inte att starta eller nå: {_first_line(error)}"
            ) from None
        opened: list[Any] = []  # our context, then the page: closed the other way round
        try:
            if settings.cdp_url:
                # The tester's own browser, logged in by hand: a tab there, no card of ours.
                context = browser.contexts[0] if browser.contexts else browser.new_context()
            else:
                context = browser.new_context(**context_options(settings, proxy))
                opened.append(context)
            if route_guard is not None:
                route_guard.attach(context)
            else:
                close_webrtc(context)
            page = context.new_page()
            opened.append(page)
            if settings.cdp_url:
                page.goto(settings.base_url)
            result = work(page, guard, not settings.cdp_url)
        finally:
            # Closed while the guard still judges, also when a check stopped the run: a
            # page left open could send its requests after the check.
            for closable in reversed(opened):
                with contextlib.suppress(Error):
                    closable.close()
            if route_guard is not None:
                route_guard.detach()
            if proxy is not None:
                proxy.release(guard)
            browser.close()
        # What a closing page sent comes after the checks: it stops the run all the same.
        failure = guard.failure()
        if failure:
            raise ConfigurationError(f"Under {name}: {failure}")
        return result


def static_checks(settings: Settings, profile: Profile, env: Mapping[str, str]) -> None:
    """What can be checked without a browser, in the order a tester would fix it."""
    if settings.siths_card is not None:
        check_card(settings.siths_card, settings.siths_passphrase or "")
    if settings.ca_cert is not None:
        check_ca(settings.ca_cert)
    assert settings.base_url is not None
    check_reachable(settings.base_url)
    check_server_trust(settings.base_url, settings.ca_cert)
    for role, card in profile.cards.items():
        check_card(card.path, env.get(card.passphrase_variable, ""), card.passphrase_variable,
                   role=role)  # fmt: skip

