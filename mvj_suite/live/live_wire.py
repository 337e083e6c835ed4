"""How a live run's browsers reach the journal, and what the wire guard can promise there.

- A browser the suite starts (locally or on a browser server): every byte
  through the process's proxy (``mvj_suite.live.wire_proxy``), which holds the
  cards and judges each request as it arrives.
- The tester's own browser (``--cdp-url``): the card sits in a reader, so the
  journal's TLS ends in that browser and no proxy can read it; the guard works in
  Playwright's routing (``mvj_suite.live.route_guard``) and sees only what pages
  send through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext

from mvj_suite.core.journal import Journal
from mvj_suite.core.settings import Settings
from mvj_suite.live.wire_proxy import NO_WEBRTC_SCRIPT, CardFile, WireProxy
from mvj_suite.live.wire_rules import WireGuard, guard_for
from mvj_suite.model.profile import Profile

WIRE_GUARD_FACT = "wire_guard"  # the release fact the sign-off shows
PROXY_PROMISE = (
    "skyddsproxy: all trafik från webbläsaren granskas när den kommer fram, på alla "
    "ursprung; {reads} läsande anrop deklarerade i profilen"
)
ROUTE_PROMISE = (
    "bara sidornas egna anrop ({why}); det som skickas när en sida stängs, från "
    "SharedWorkers, i omdirigeringar och över WebRTC granskas inte"
)
CDP_WHY = ("--cdp-url: kortet sitter i en kortläsare, så journalens TLS slutar i testarens "
           "webbläsare")  # fmt: skip
MEASURE_WHY = "MVJ_WIRE_GUARD=route: en mätning av vad skyddsproxyn kostar"
STUB_PROMISE = "behövs inte (medföljande stubbjournal)"


def uses_proxy(settings: Settings) -> bool:
    """Whether the run's browsers go through the suite's proxy (every live run but the
    tester's own browser, and a measurement of what the proxy costs)."""
    return settings.is_live and not settings.cdp_url and settings.wire_guard == "proxy"


def promise(settings: Settings, profile: Profile | None) -> str:
    """What the wire guard promises on this run, in the sign-off's words."""
    if not settings.is_live:
        return STUB_PROMISE
    if not uses_proxy(settings):
        return ROUTE_PROMISE.format(why=CDP_WHY if settings.cdp_url else MEASURE_WHY)
    reads = len(profile.declared_reads.entries) if profile is not None else 0
    return PROXY_PROMISE.format(reads=reads)


def new_guard(
    settings: Settings, profile: Profile, name: str, read_only: bool = False
) -> WireGuard:
    """A scenario's (or the preflight's, ``read_only``) guard."""
    assert settings.base_url is not None
    allow_writes = settings.allow_writes and not read_only
    return guard_for(profile.numbers, allow_writes, settings.base_url, profile.declared_reads,
                     name)  # fmt: skip


def process_proxy(settings: Settings, profile: Profile, journal: Journal) -> WireProxy:
    """The process's proxy, holding every card of ``journal`` (started on first use)."""
    cards = {key: CardFile(card.path, card.passphrase)
             for key, card in journal.cards.items() if card.path is not None}  # fmt: skip
    idle = new_guard(settings, profile, name="", read_only=True)
    return WireProxy.for_process(journal.url, settings.ca_cert, cards, idle)


def context_options_through(
    wire_proxy: WireProxy | None, settings: Settings
) -> Callable[[str | None], dict[str, Any]] | None:
    """How a context reaches a live journal: its card's listener on the wire proxy. A
    browser on a browser server was not launched with this run's CA key, so there it
    accepts the proxy's certificate as it is — only on the hop to the proxy, which
    itself verifies the journal."""
    if wire_proxy is None:
        return None
    remote = settings.browser_ws_endpoint is not None

    def options(card_key: str | None) -> dict[str, Any]:
        return {**wire_proxy.context_options(card_key),
                **({"ignore_https_errors": True} if remote else {})}  # fmt: skip

    return options


def close_webrtc(context: BrowserContext) -> None:
    """No peer connections in any page of ``context`` (``NO_WEBRTC_SCRIPT``)."""
    context.add_init_script(NO_WEBRTC_SCRIPT)
