"""Browsers the suite does not launch itself.

- ``--browser-ws-endpoint ws://…``: the browsers run on a Playwright browser
  server (``./mvj browser-server``, i.e. ``tools/browser_server.mjs``); each
  xdist worker opens one connection (pytest-playwright's session ``browser``
  is overridden here) and works exactly as with a local browser: a fresh
  context per scenario, client certificates included — the Python client
  reads the card file locally and sends its bytes and passphrase over the
  WebSocket, so the server needs no access to the card file (keep the server
  on 127.0.0.1 or behind an SSH tunnel: ``ws://`` is not encrypted).
- ``--cdp-url <address of the DevTools port>``: attach to a Chromium the tester
  started with ``--remote-debugging-port=9222`` and logged into by hand (a card in a reader
  cannot be scripted). Scenarios then run in that browser's own context with
  its session: ``JournalBrowser`` hands out new tabs there and the login step
  accepts "already logged in". Scenarios that need their own card, no card, a
  fresh browser, a logout or the clock are skipped with a Swedish reason.

A browser that cannot be reached stops the run with one line (exit code 4).
"""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, BrowserType
from playwright.sync_api import Error as PlaywrightError

from mvj_suite.core.settings import Settings

CONNECT_TIMEOUT_MS = 30_000

# Markers of scenarios that cannot run in a browser the tester logged into by hand.
ATTACHED_SKIP_MARKERS = frozenset({"egen-webblasare", "klocka"})

ATTACHED_SKIP_REASON = (
    "Scenariot kräver en egen webbläsare (eget eller inget SITHS-kort, en ny webbläsare, "
    "utloggning eller styrd klocka) – det går inte i en ansluten webbläsare (--cdp-url)."
)


class RemoteBrowserError(Exception):
    """A remote browser that cannot be used; the message is one Swedish line."""


def _reason(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def connect_server(browser_type: BrowserType, endpoint: str) -> Browser:
    """A browser on a Playwright browser server (``launchServer``'s ws endpoint)."""
    try:
        return browser_type.connect(endpoint, timeout=CONNECT_TIMEOUT_MS)
    except PlaywrightError as error:
        raise RemoteBrowserError(
            f"Kunde inte ansluta till webbläsarservern {endpoint} ({_reason(error)}) – "
            "kör './mvj browser-server' och ange adressen den skriver ut."
        ) from None


def attach_cdp(browser_type: BrowserType, url: str) -> Browser:
    """The tester's own Chromium, through its remote-debugging port."""
    try:
        browser = browser_type.connect_over_cdp(url, timeout=CONNECT_TIMEOUT_MS)
    except PlaywrightError as error:
        raise RemoteBrowserError(
            f"Kunde inte ansluta till webbläsaren på {url} ({_reason(error)}) – starta Chromium "
            "med --remote-debugging-port=9222 och logga in i journalen först."
        ) from None
    if not browser.contexts:
        raise RemoteBrowserError(
            f"Webbläsaren på {url} har inget eget fönster att använda – öppna journalen i den."
        )
    return browser


def attached_context(browser: Browser, settings: Settings) -> BrowserContext | None:
    """The tester's logged-in context when attached with --cdp-url, else None."""
    return browser.contexts[0] if settings.cdp_url and browser.contexts else None


def attached_skip_reason(marker_names: set[str], settings: Settings | None) -> str | None:
    attached = settings is not None and settings.cdp_url
    return ATTACHED_SKIP_REASON if attached and marker_names & ATTACHED_SKIP_MARKERS else None
