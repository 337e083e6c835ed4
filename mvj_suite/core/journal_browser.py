"""Browser contexts as a given card holder, remembered for the plugins that need them.

One browser per worker; a fresh context per scenario — and more than one when
a scenario needs "a fresh browser". A context carries one SITHS card (a
PKCS#12 client certificate) or none. In a scenario that moves time (``@klocka``)
every page gets Playwright's fake clock installed before it navigates, so the
browser's time moves together with the journal's; other scenarios keep real
timers (installing costs a round trip per context and buys them nothing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from mvj_suite.core.journal import Journal
from mvj_suite.core.privacy import scrub_trace
from mvj_suite.core.remote import ATTACHED_SKIP_REASON

BROWSER_KEY = pytest.StashKey["JournalBrowser"]()

FAILED_KEY = pytest.StashKey[bool]()  # set by mvj_suite.core.artefacts when the scenario fails


class JournalBrowser:
    """Opens browser contexts as a given card holder and remembers them for plugins.

    ``attached`` (``--cdp-url``): the tester's own, logged-in context. Then ``open``
    gives one new tab there (no card of its own, no clock) and any scenario that
    needs another browser or no card is skipped; ``self.attached`` tells the login
    step to accept a browser that is logged in already.

    ``through_proxy`` (a live target): the context options that send a context through
    the suite's wire proxy for a card (``WireProxy.context_options``); the proxy, not
    the browser, then presents the card and verifies the journal.
    """

    def __init__(
        self,
        new_context: Any,
        journal: Journal,
        own_tracing: bool,
        attached: BrowserContext | None = None,
        secrets: list[str] | None = None,
        fake_clock: bool = True,
        through_proxy: Callable[[str | None], dict[str, Any]] | None = None,
    ) -> None:
        self._new_context = new_context
        self._through_proxy = through_proxy
        self.proxied: set[int] = set()  # ids of contexts opened through the wire proxy
        self.fake_clock = fake_clock
        self._journal = journal
        self._own_tracing = own_tracing
        self._attached = attached
        self._attached_pages: list[Page] = []
        self._secrets = secrets or []  # scrubbed from every trace kept
        self.contexts: list[BrowserContext] = []
        self.traced: set[int] = set()  # ids of contexts whose tracing is still running
        self.on_new_context: list[Callable[[BrowserContext], None]] = []  # the frozen clock
        self.on_new_page: list[Callable[[Page], None]] = []  # walkthrough videos
        # Trace screenshots run a small screencast on every page that would shrink a
        # walkthrough video's frames; mvj_suite.walkthrough.plugin turns them off.
        self.trace_screenshots = True
        self._prepared: set[int] = set()  # ids of contexts set up by _prepare

    @property
    def attached(self) -> bool:
        return self._attached is not None

    def open(self, card_key: str | None, storage_state: dict[str, Any] | None = None) -> Page:
        """A fresh browser (context) holding ``card_key``'s card, or no card at all;
        with ``storage_state``, starting from another context's cookies and storage
        (``mvj_suite.core.shared_login``)."""
        if self._attached is not None:
            # One browser, one card (the tester's, already logged in): a scenario asking
            # for no card or for a second browser cannot be played here.
            if card_key is None or self.contexts:
                pytest.skip(ATTACHED_SKIP_REASON)
            context = self._attached
        else:
            context = self._new_context(**self._context_options(card_key, storage_state))
            if self._through_proxy is not None:
                self.proxied.add(id(context))
        self.contexts.append(context)
        if self._own_tracing:
            context.tracing.start(
                screenshots=self.trace_screenshots, snapshots=True, title=card_key or "utan kort"
            )
            self.traced.add(id(context))
        return self.new_tab(beside=None) if self.attached else self._prepare(context.new_page())

    def _context_options(
        self, card_key: str | None, storage_state: dict[str, Any] | None
    ) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if storage_state is not None:
            options["storage_state"] = storage_state
        journal = self._journal
        card = journal.card(card_key) if card_key is not None else None
        if self._through_proxy is not None:
            return {**options, **self._through_proxy(card_key)}
        if card is not None and card.path is not None:
            pfx = {"origin": journal.url, "pfxPath": str(card.path), "passphrase": card.passphrase}
            options["client_certificates"] = [pfx]
        if journal.trust_private_ca or (card is None and journal.cardless_ignores_https_errors):
            options["ignore_https_errors"] = True
        return options

    def new_tab(self, beside: Page | None) -> Page:
        """Another tab in the same browser (same card, same cookies)."""
        if self._attached is not None:
            # The tester's context has no base URL: start the tab on the journal itself.
            page = self._attached.new_page()
            self._attached_pages.append(page)
            page.goto(self._journal.url)
            return page
        assert beside is not None
        return self._prepare(beside.context.new_page())

    def close_attached_tabs(self) -> None:
        """Close the tabs this scenario opened in the tester's browser (not the browser)."""
        for page in self._attached_pages:
            if not page.is_closed():
                page.close()

    def _prepare(self, page: Page) -> Page:
        # Once per context, before its first page navigates: the context's callbacks
        # (on live the wire guard — every context, whatever the clock) and, in a
        # scenario that moves time, Playwright's clock. The clock belongs to the
        # context: installing it again for a second tab would restart the fake time
        # under the pages already open.
        if id(page.context) not in self._prepared:
            self._prepared.add(id(page.context))
            if self.fake_clock:
                page.context.clock.install()
            for callback in self.on_new_context:
                callback(page.context)
        for page_callback in self.on_new_page:
            page_callback(page)
        return page

    def open_contexts(self) -> list[BrowserContext]:
        return [context for context in self.contexts if context.pages]

    def open_pages(self) -> list[Page]:
        if self._attached is not None:  # never the tester's own tabs
            return [page for page in self._attached_pages if not page.is_closed()]
        return [page for context in self.contexts for page in context.pages]

    def stop_tracing(self, context: BrowserContext, path: Path | None) -> Path | None:
        """Stop a context's trace, saving it to ``path`` (None discards it)."""
        if id(context) not in self.traced:
            return None
        self.traced.discard(id(context))
        context.tracing.stop(path=str(path) if path else None)
        if path is not None:
            scrub_trace(path, self._secrets)
        return path


def artefact_folder_name(nodeid: str) -> str:
    """The folder name of a scenario's artefacts: its test name, readable and file-system
    safe. pytest writes a non-ASCII example row as an escape in the test id
    (``[skyddad folkbokf\\xf6ring]``); the folder says ``skyddad_folkbokföring``. Letters
    and digits of any script stay (every file system the suite runs on stores UTF-8
    names), in one Unicode form (NFC), so a name is the same on macOS and Linux."""
    name = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2] or m[3], 16)), nodeid.split("::")[-1])
    name = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", name))[:120]
    while len(name.encode()) > _MAX_BYTES:  # å, ä, ö take two bytes; 255 is the limit
        name = name[:-1]
    return name.strip("_.")


_MAX_BYTES = 200  # with "-omkorning-N" well within a file name's 255 bytes
# pytest's escapes of non-ASCII characters in a test id (ascii_escaped)
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")


def trace_dir(item: pytest.Item, artefacts_dir: Path) -> Path:
    """``<artefacts_dir>/<test>/`` — one folder per scenario (and example row); a rerun's
    in ``<test>-omkorning-N/``, so the first failure's evidence is never overwritten."""
    attempt = int(getattr(item, "execution_count", 1) or 1)
    suffix = f"-omkorning-{attempt - 1}" if attempt > 1 else ""
    return artefacts_dir / (artefact_folder_name(item.nodeid) + suffix)
